"""Tests of ``pipeline.store.queries`` through ``Store``: claims round-trip exactly, filters,
streaming, entities with aliases, on SQLite and PostgreSQL."""

from __future__ import annotations

from types import GeneratorType
from typing import Any

import pytest

from pipeline.records import Claim
from pipeline.store import Store


def by_id(claims: list[Claim], ids: list[str]) -> list[Claim]:
    """Return the claims named by ``ids``, in that order."""
    found = {claim.id: claim for claim in claims}
    return [found[claim_id] for claim_id in ids]


def test_queries_claims_round_trip_in_order(
    filled_store: Store, claims_a: list[Claim], claims_b: list[Claim]
) -> None:
    assert filled_store.claims() == by_id(claims_a + claims_b, ["c_a1", "c_a2", "c_a3", "c_b1", "c_b2"])


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"actor": "Q159"}, ["c_a1", "c_a3", "c_b1", "c_b2"]),
        ({"actor": "RUSS"}, ["c_a1", "c_a3", "c_b1", "c_b2"]),
        ({"actor": "Q39259"}, ["c_b2"]),  # a speaker only (c_a2) is not an actor of the claim
        ({"actor": "tayyip"}, ["c_b2"]),
        ({"actor": "syrian"}, ["c_a2"]),
        ({"actor": "%"}, []),  # LIKE wildcards in the query are matched literally
        ({"actor": "Q43", "source": "reuters"}, ["c_a1", "c_a2"]),
        ({"plover": "ACCUSE"}, ["c_a1"]),
        ({"plover": "ASSAULT"}, []),
        ({"source": "aljazeera"}, ["c_b1", "c_b2"]),
        ({"source": "Aljazeera"}, []),
        ({"actor": "Q43", "plover": "REJECT"}, ["c_b1"]),
        ({"limit": 2}, ["c_a1", "c_a2"]),
    ],
)
def test_queries_claims_filtered(
    filled_store: Store,
    claims_a: list[Claim],
    claims_b: list[Claim],
    filters: dict[str, Any],
    expected: list[str],
) -> None:
    assert filled_store.claims(**filters) == by_id(claims_a + claims_b, expected)


def test_queries_iter_claims_streams_what_claims_lists(filled_store: Store) -> None:
    streamed = filled_store.iter_claims(batch_size=2)

    assert isinstance(streamed, GeneratorType)
    assert list(streamed) == filled_store.claims()
    assert list(filled_store.iter_claims(actor="Q43")) == filled_store.claims(actor="Q43")


def test_queries_entities_one_row_per_id_with_aliases_from_both_articles(filled_store: Store) -> None:
    assert filled_store.entities() == [
        {
            "id": "Q159",
            "name": "Russia",
            "type": "state",
            "country": "RUS",
            "sector": "GOV",
            "wikidata": "Q159",
            "aliases": ["Moscow", "Russia"],
            "mentions": 4,
        },
        {
            "id": "Q39259",
            "name": "Recep Tayyip Erdoğan",
            "type": "person",
            "country": "TUR",
            "sector": None,
            "wikidata": "Q39259",
            "aliases": ["Erdogan", "Erdoğan"],
            "mentions": 2,
        },
        {
            "id": "Q43",
            "name": "Turkey",
            "type": "state",
            "country": "TUR",
            "sector": "GOV",
            "wikidata": "Q43",
            "aliases": ["Ankara", "Turkey", "Turkish"],
            "mentions": 3,
        },
        {
            "id": "ent_rebels",
            "name": "Syrian rebels",
            "type": "armed_group",
            "country": "SYR",
            "sector": "REB",
            "wikidata": None,
            "aliases": ["the rebels"],
            "mentions": 1,
        },
    ]


def test_queries_empty_store(store: Store) -> None:
    assert (store.claims(), list(store.iter_claims()), store.entities(), store.failures()) == ([], [], [], [])
