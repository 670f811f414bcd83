"""Tests of ``pipeline.compare.report`` over cluster summaries: a summary keeps the first sentences of
each side and the totals, and the actor-pair report read from stored summaries says what each outlet
asserts and shows both sides of a contradiction."""

from __future__ import annotations

from pipeline.compare.report import actor_report
from pipeline.records import SUMMARY_EVIDENCE, ClaimCluster, ClusterEvidence, ClusterSummary
from pipeline.store import graph, open_store

# The summary shows the first five asserting sentences by claim id of six: cairo-daily's near copy of the
# levant-monitor article is an article of its own (issue 20), so its sentence is there twice.
SHOWN_ASSERTING = [
    "Russia is backing Khalifa Haftar with fighters and aircraft, according to diplomats.",
    "Russia is backing Khalifa Haftar with fighters and aircraft, according to diplomats.",
    "Russia sent fighter jets to Khalifa Haftar, Western officials alleged.",
    "Russia supports Khalifa Haftar in Libya, Turkish officials said on Wednesday.",
    "Russia supports Khalifa Haftar, officials in Tripoli said.",
]


def evidence(index: int, stance: str) -> ClusterEvidence:
    return ClusterEvidence(claim_id=f"c{index}", article_id=f"a{index}", stance=stance, outlets=[f"o{index}"], sentence=f"S{index}.")  # type: ignore[arg-type]


def test_report_summary_keeps_first_evidence_of_each_side_and_totals() -> None:
    members = [evidence(i, "contradicts" if i == 3 else "asserts") for i in range(8)]
    cluster = ClaimCluster(id="k_1", subject_id="TUR", object_id="RUS", plover="SUPPORT", types=["SUPPORT", "AID"], time_start="2020-01-01",
                           asserted_by=["o0"], contradicted_by=["o3"], first_seen="2020-01-02", claims=[e.claim_id for e in members], evidence=members)

    assert (SUMMARY_EVIDENCE, cluster.summary()) == (5, ClusterSummary(
        id="k_1", subject_id="TUR", object_id="RUS", plover="SUPPORT", time_start="2020-01-01", asserted_by=["o0"], contradicted_by=["o3"],
        first_seen="2020-01-02", asserting=[members[i] for i in (0, 1, 2, 4, 5)], contradicting=[members[3]], asserting_total=7, contradicting_total=1,
    ))


def test_report_actor_pair_from_stored_summaries(outlets_graph) -> None:
    with open_store(outlets_graph.db_url) as store, store.transaction("read") as connection:
        summaries = graph.select_cluster_summaries(connection, actors=["khalifa_haftar", "RUS"])
        full = graph.select_clusters(connection, actors=["RUS", "khalifa_haftar"])
    report = actor_report(summaries)
    [contradiction] = report["contradictions"]

    assert summaries == [cluster.summary() for cluster in full]
    assert {outlet: [row["stance"] for row in rows] for outlet, rows in report["by_outlet"].items()} == {
        "anadolu-wire": ["asserts"], "cairo-daily": ["asserts"], "levant-monitor": ["asserts"], "moscow-herald": ["both"], "tripoli-post": ["asserts"],
    }
    assert (sorted(e["sentence"] for e in contradiction["asserting"]), [e["sentence"] for e in contradiction["contradicting"]],
            contradiction["asserting_total"], contradiction["contradicting_total"]) == (
        SHOWN_ASSERTING, ["Russia denies supporting Khalifa Haftar, the foreign ministry said on Friday."], 6, 1,
    )
