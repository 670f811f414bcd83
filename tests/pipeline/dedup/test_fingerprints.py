"""Fingerprints: the same text exactly, a near copy (a wire story re-headlined, an update), and
different stories that share words but are not copies."""

from __future__ import annotations

import pytest

from pipeline.dedup.fingerprints import DuplicateIndex, Match, best_match, fingerprint, jaccard, shingles

STORY = (
    "Turkey supports the Government of National Accord in Libya, the foreign ministry in Ankara said on Monday. "
    "Russia supports Khalifa Haftar, whose forces have besieged Tripoli since April. "
    "The United Nations called on both sides to return to talks in Geneva next month."
)
WIRE_COPY = "Ankara sides with Tripoli. " + STORY + " Reporting by the wire desk."
UPDATE = STORY.replace("next month", "on 12 March") + " Egypt said it would attend the talks."
OTHER = (
    "Iran threatened Israel with retaliation after a strike near Damascus killed two advisers. "
    "Israel accused Iran of moving weapons through Syria. Officials in Washington urged restraint on both sides."
)
SAME_WORDS = "Russia supports the talks in Geneva. Turkey said on Monday that Libya needs the United Nations."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (STORY, Match(article_id="a_story", kind="exact", similarity=1.0)),
        (WIRE_COPY, "near"),
        (UPDATE, "near"),
        (OTHER, None),
        (SAME_WORDS, None),
    ],
)
def test_fingerprints_index_matches_copies_only(text: str, expected: Match | str | None) -> None:
    index = DuplicateIndex(threshold=0.7)
    index.add("a_story", fingerprint(STORY))
    found = index.match(fingerprint(text))
    if isinstance(expected, str):
        assert (found.article_id, found.kind) == ("a_story", expected) and 0.7 <= found.similarity < 1.0
    else:
        assert found == expected


def test_fingerprints_best_match_over_stored_candidates_prefers_exact_then_closest() -> None:
    candidates = [("a_other", OTHER), ("a_update", UPDATE), ("a_story", STORY)]
    assert best_match(fingerprint(STORY), candidates, threshold=0.7) == Match("a_story", "exact", 1.0)
    near = best_match(fingerprint(WIRE_COPY), candidates, threshold=0.7)
    assert (near.article_id, near.kind, round(near.similarity, 2)) == ("a_story", "near", 0.82)
    assert best_match(fingerprint(OTHER), [("a_story", STORY)], threshold=0.7) is None


def test_fingerprints_fingerprint_is_stable_and_banded() -> None:
    first, again = fingerprint(STORY), fingerprint(STORY)
    assert first == again and len(first.bands) == 16 and len(set(first.bands)) == 16
    assert sum(a == b for a, b in zip(first.bands, fingerprint(WIRE_COPY).bands, strict=True)) >= 1
    assert jaccard(shingles("a b c d"), shingles("a b c d")) == 1.0 and shingles("Hi there") == frozenset({"hi there"})
