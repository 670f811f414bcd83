"""Clustering of claim voices: blocks by pair, type and time, paraphrase merging, stance, stable ids."""

from __future__ import annotations

import pytest

from pipeline.compare.cluster import cluster_block, compatible_types, day_range, stance_of, times_overlap
from pipeline.records import ClaimVoice


def voice(claim_id: str, plover: str = "SUPPORT", *, outlet: str = "a", polarity: str = "affirmed", modality: str = "asserted",
          start: str | None = None, end: str | None = None, sentence: str = "", seen: str = "2020-06-10") -> ClaimVoice:
    return ClaimVoice(
        claim_id=claim_id, article_id=f"art-{claim_id}", subject_id="RUS", object_id="haftar", plover=plover,
        polarity=polarity, modality=modality, time_start=start, time_end=end or start, sentence=sentence or claim_id,
        outlets=(outlet,), seen=(seen,),
    )


def shape(clusters) -> list[tuple[list[str], list[str], list[str]]]:
    return sorted((c.claims, c.asserted_by, c.contradicted_by) for c in clusters)


@pytest.mark.parametrize(
    ("voices", "expected"),
    [
        ([voice("c1", outlet="a"), voice("c2", outlet="b")], [(["c1", "c2"], ["a", "b"], [])]),
        ([voice("c1", outlet="a"), voice("c2", outlet="b", modality="denied")], [(["c1", "c2"], ["a"], ["b"])]),
        ([voice("c1", outlet="a"), voice("c2", outlet="b", polarity="negated")], [(["c1", "c2"], ["a"], ["b"])]),
        ([voice("c1", start="2020-01-01"), voice("c2", outlet="b", start="2020-03-01")], [(["c1"], ["a"], []), (["c2"], ["b"], [])]),
        ([voice("c1", start="2020-01-01"), voice("c2", outlet="b", start="2020-01-06")], [(["c1", "c2"], ["a", "b"], [])]),
        ([voice("c1", start="2020-01-01"), voice("c2", outlet="b")], [(["c1", "c2"], ["a", "b"], [])]),
        ([voice("c1"), voice("c2", "ASSAULT", outlet="b")], [(["c1"], ["a"], []), (["c2"], ["b"], [])]),
    ],
    ids=["agree", "deny", "negate", "far-apart-times", "within-slack", "undated-joins", "different-types"],
)
def test_cluster_block_groups_by_type_time_and_stance(voices: list[ClaimVoice], expected: list) -> None:
    assert shape(cluster_block(voices, similar=None, threshold=0.6)) == sorted(expected)


SCORES = {frozenset({"backs", "arms"}): 0.8, frozenset({"backs", "bombs"}): 0.9}


def similar(left: ClaimVoice, right: ClaimVoice) -> float:
    return SCORES.get(frozenset({left.sentence, right.sentence}), 0.1)


@pytest.mark.parametrize(
    ("voices", "threshold", "expected"),
    [
        ([voice("c1", sentence="backs"), voice("c2", "AID", outlet="b", sentence="arms")], 0.6, [(["c1", "c2"], ["a", "b"], [])]),
        ([voice("c1", sentence="backs"), voice("c2", "AID", outlet="b", sentence="arms")], 0.85, [(["c1"], ["a"], []), (["c2"], ["b"], [])]),
        # Similar sentences of incompatible types (SUPPORT, ASSAULT: other quad classes) never merge.
        ([voice("c1", sentence="backs"), voice("c2", "ASSAULT", outlet="b", sentence="bombs")], 0.6, [(["c1"], ["a"], []), (["c2"], ["b"], [])]),
    ],
    ids=["paraphrase-merged", "below-threshold", "incompatible-types"],
)
def test_cluster_block_merges_paraphrases_of_compatible_types(voices: list[ClaimVoice], threshold: float, expected: list) -> None:
    assert shape(cluster_block(voices, similar=similar, threshold=threshold)) == sorted(expected)


def test_cluster_block_larger_cluster_names_the_merge() -> None:
    voices = [voice("c1", sentence="backs"), voice("c3", outlet="c", sentence="backs"), voice("c2", "AID", outlet="b", sentence="arms")]
    (cluster,) = cluster_block(voices, similar=similar, threshold=0.6)
    assert (cluster.plover, cluster.types, cluster.claims) == ("SUPPORT", ["AID", "SUPPORT"], ["c1", "c2", "c3"])


def test_cluster_block_ids_are_stable_across_order_and_new_members() -> None:
    first = cluster_block([voice("c1", start="2020-01-01"), voice("c2", outlet="b")], similar=None, threshold=0.6)
    again = cluster_block([voice("c2", outlet="b"), voice("c1", start="2020-01-01")], similar=None, threshold=0.6)
    grown = cluster_block([voice("c2", outlet="b"), voice("c1", start="2020-01-01"), voice("c9", outlet="z")], similar=None, threshold=0.6)
    assert first == again
    assert [c.id for c in grown] == [c.id for c in first]


def test_cluster_block_record_is_whole() -> None:
    (cluster,) = cluster_block(
        [voice("c1", start="2020-06-10", seen="2020-06-10"), voice("c2", outlet="b", modality="denied", start="2020-06-12", seen="2020-06-12")],
        similar=None, threshold=0.6,
    )
    assert cluster.model_dump(exclude={"id"}) == {
        "subject_id": "RUS", "object_id": "haftar", "plover": "SUPPORT", "types": ["SUPPORT"],
        "time_start": "2020-06-10", "time_end": "2020-06-12", "asserted_by": ["a"], "contradicted_by": ["b"],
        "first_seen": "2020-06-10", "last_seen": "2020-06-12", "claims": ["c1", "c2"],
        "evidence": [
            {"claim_id": "c1", "article_id": "art-c1", "stance": "asserts", "outlets": ["a"], "sentence": "c1"},
            {"claim_id": "c2", "article_id": "art-c2", "stance": "contradicts", "outlets": ["b"], "sentence": "c2"},
        ],
        "articles_disagree": True,
    }
    assert cluster.contradicted


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [("SUPPORT", "AID", True), ("SUPPORT", "AGREE", True), ("ACCUSE", "REJECT", True), ("SUPPORT", "ASSAULT", False), ("CONSULT", "AID", False)],
)
def test_cluster_compatible_types(left: str, right: str, expected: bool) -> None:
    assert compatible_types(left, right) is expected


@pytest.mark.parametrize(
    ("polarity", "modality", "expected"),
    [("affirmed", "asserted", "asserts"), ("affirmed", "alleged", "asserts"), ("affirmed", "denied", "contradicts"), ("negated", "asserted", "contradicts")],
)
def test_cluster_stance_of(polarity: str, modality: str, expected: str) -> None:
    assert stance_of(voice("c", polarity=polarity, modality=modality)) == expected


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [(("2020-01-01", None), ("2030-01-01", "2030-01-02"), True), (("2020-01-01", "2020-01-01"), ("2020-01-09", "2020-01-09"), False), ((None, None), ("2020-01-01", "2020-01-01"), True)],
)
def test_cluster_times_overlap(left: tuple, right: tuple, expected: bool) -> None:
    assert times_overlap(day_range(*left), day_range(*right), slack_days=7) is expected


def pair_voice(claim_id: str, plover: str, subject: str, target: str, *, outlet: str, article: str = "",
               polarity: str = "affirmed") -> ClaimVoice:
    return ClaimVoice(
        claim_id=claim_id, article_id=article or f"art-{claim_id}", subject_id=subject, object_id=target,
        plover=plover, polarity=polarity, modality="asserted", time_start="2026-03-02", time_end="2026-03-02",
        sentence=claim_id, outlets=(outlet,), seen=("2026-03-04",),
    )


@pytest.mark.parametrize(
    ("voices", "expected"),
    [
        ([pair_voice("c1", "CONSULT", "TUR", "RUS", outlet="a"), pair_voice("c2", "CONSULT", "RUS", "TUR", outlet="b")],
         [(["c1", "c2"], ["a", "b"], [])]),
        ([pair_voice("c1", "AGREE", "TUR", "RUS", outlet="a"),
          pair_voice("c2", "AGREE", "RUS", "TUR", outlet="b", polarity="negated")],
         [(["c1", "c2"], ["a"], ["b"])]),
        ([pair_voice("c1", "COOPERATE", "TUR", "RUS", outlet="a"),
          pair_voice("c2", "COOPERATE", "RUS", "TUR", outlet="b")],
         [(["c1", "c2"], ["a", "b"], [])]),
        ([pair_voice("c1", "ASSAULT", "TUR", "RUS", outlet="a"), pair_voice("c2", "ASSAULT", "RUS", "TUR", outlet="b")],
         [(["c1"], ["a"], []), (["c2"], ["b"], [])]),
    ],
    ids=["meet-either-way", "agreement-denied-either-way", "cooperation-either-way", "attack-has-a-direction"],
)
def test_cluster_block_reciprocal_types_cluster_regardless_of_order(voices: list[ClaimVoice], expected: list) -> None:
    assert shape(cluster_block(voices, similar=None, threshold=0.6)) == sorted(expected)


@pytest.mark.parametrize(
    ("second_article", "contradicted"), [("art-1", False), ("art-2", True)], ids=["one-sentence", "two-articles"])
def test_cluster_block_contradiction_needs_two_articles(second_article: str, contradicted: bool) -> None:
    voices = [pair_voice("c1", "SUPPORT", "RUS", "haftar", outlet="a", article="art-1"),
              pair_voice("c2", "SUPPORT", "RUS", "haftar", outlet="a", article=second_article, polarity="negated")]

    (cluster,) = cluster_block(voices, similar=None, threshold=0.6)

    assert (cluster.asserted_by, cluster.contradicted_by, cluster.contradicted) == (["a"], ["a"], contradicted)
    assert cluster.summary().contradicted is contradicted
