"""The outlets corpus through the real pipeline: clusters with their exact source lists and
contradictions, incremental refreshes, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from pipeline.compare.refresh import RefreshStats, refresh_graph
from pipeline.records import ClaimCluster
from pipeline.store import graph, open_store

# (subject, type, object) -> (types, asserted by, contradicted by, first seen)
EXPECTED = {
    ("RUS", "SUPPORT", "khalifa_haftar"): (
        ["AID", "SUPPORT"], ["anadolu-wire", "cairo-daily", "levant-monitor", "moscow-herald", "tripoli-post"], ["moscow-herald"], "2020-06-10T00:00:00",
    ),
    ("TUR", "SUPPORT", "government_of_national_accord"): (
        ["SUPPORT"], ["anadolu-wire", "cairo-daily", "levant-monitor"], ["tripoli-post"], "2020-06-10T00:00:00",
    ),
    ("recep_tayyip_erdogan", "CONSULT", "vladimir_putin"): (["CONSULT"], ["anadolu-wire", "moscow-herald"], [], "2020-06-10T00:00:00"),
    ("RUS:GOV", "REJECT", "LBY"): (["REJECT"], ["moscow-herald"], [], "2020-06-12T00:00:00"),
    # one-actor claims ("Erdogan met ...", "Western officials alleged ...") are dropped: no claim on their own
    ("RUS:MIL", "ASSAULT", "SYR:REB"): (["ASSAULT"], ["levant-monitor"], [], "2020-10-27T00:00:00"),
}
CONTRADICTIONS = {
    ("RUS", "SUPPORT", "khalifa_haftar"): ["Russia denies supporting Khalifa Haftar, the foreign ministry said on Friday."],
    ("TUR", "SUPPORT", "government_of_national_accord"): ["Turkey does not support the Government of National Accord, a rival spokesman claimed."],
}


def clusters_at(db_url: str) -> list[ClaimCluster]:
    with open_store(db_url) as store, store.transaction("read") as connection:
        return graph.select_clusters(connection)


def summary(clusters: list[ClaimCluster]) -> dict:
    return {(c.subject_id, c.plover, c.object_id): (c.types, c.asserted_by, c.contradicted_by, c.first_seen) for c in clusters}


def test_refresh_outlets_clusters_have_exact_sources(outlets_graph) -> None:
    assert summary(clusters_at(outlets_graph.db_url)) == EXPECTED


def test_refresh_outlets_contradictions_carry_both_sides(outlets_graph) -> None:
    contradicted = {(c.subject_id, c.plover, c.object_id): c for c in clusters_at(outlets_graph.db_url) if c.contradicted}
    assert {key: [e.sentence for e in c.evidence if e.stance == "contradicts"] for key, c in contradicted.items()} == CONTRADICTIONS
    haftar = contradicted[("RUS", "SUPPORT", "khalifa_haftar")]
    assert sorted(e.sentence for e in haftar.evidence if e.stance == "asserts") == [
        "Russia backs Haftar as fighting nears",
        "Russia is backing Khalifa Haftar with fighters and aircraft, according to diplomats.",
        "Russia is backing Khalifa Haftar with fighters and aircraft, according to diplomats.",
        "Russia sent fighter jets to Khalifa Haftar, Western officials alleged.",
        "Russia supports Khalifa Haftar in Libya, Turkish officials said on Wednesday.",
        "Russia supports Khalifa Haftar, officials in Tripoli said.",
    ]


def test_refresh_outlets_near_copy_from_another_outlet_is_its_own_voice(outlets_graph) -> None:
    # Issue 20: another outlet's near copy is an article of its own (its claims credited to it), not a sighting.
    with open_store(outlets_graph.db_url) as store:
        sighted = [(s.article_id, s.kind) for s in store.sightings() if s.outlet == "cairo-daily"]
    haftar = next(c for c in clusters_at(outlets_graph.db_url)
                  if (c.subject_id, c.plover, c.object_id) == ("RUS", "SUPPORT", "khalifa_haftar"))
    assert sighted == [("out-cairo-1", "exact")]
    assert "cairo-daily" in haftar.asserted_by
    assert [e.outlets for e in haftar.evidence if e.article_id == "out-cairo-1"] == [["cairo-daily"]]


def test_refresh_outlets_counts_what_changed(outlets_graph) -> None:
    assert outlets_graph.first_stats == RefreshStats(entities=9, claims=9, clusters=4, deleted=0, cursor=22)
    # day 2: four new two-actor claims, two claims of the article cairo-daily copied, clusters new or grown
    # (the one-actor "Western officials alleged" is dropped as no claim on its own).
    assert (outlets_graph.second_stats.claims, outlets_graph.second_stats.deleted) == (6, 0)


def test_refresh_again_changes_nothing(outlets_graph) -> None:
    with open_store(outlets_graph.db_url) as store:
        cursor = outlets_graph.second_stats.cursor
        assert refresh_graph(store, encoder=None) == RefreshStats(entities=0, claims=0, clusters=0, deleted=0, cursor=cursor)


@pytest.mark.postgres
def test_refresh_outlets_on_postgres_matches_sqlite(postgres_url: str, pipeline, sentence_encoder) -> None:
    from tests.pipeline.conftest import ingest_outlets

    outcome = ingest_outlets(postgres_url, pipeline, sentence_encoder)
    with open_store(postgres_url) as store, store.transaction("read") as connection:
        summaries = graph.select_cluster_summaries(connection, actors=["khalifa_haftar", "RUS"])
        full = graph.select_clusters(connection, actors=["RUS", "khalifa_haftar"])
    assert summary(clusters_at(postgres_url)) == EXPECTED
    assert outcome.first_stats.cursor == 22
    assert (len(full), summaries) == (1, [cluster.summary() for cluster in full])
