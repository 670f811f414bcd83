"""Where a claim's parts sit in its article, for displaCy-style highlighting.

The store keeps the evidence sentence's character offsets; the claim record keeps the words of the
subject, object, cue, time and place as written. Each is found inside the sentence (first
occurrence not already taken, exact case first), so a highlight never lands outside the
sentence. Returns plain segments: templates escape every piece of text. Imports ``pipeline.records`` only.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.records import Claim


@dataclass(frozen=True)
class Segment:
    """A run of article text and the claim part it shows (``label`` empty for plain text)."""

    text: str
    label: str = ""


def claim_parts(claim: Claim) -> list[tuple[str, str]]:
    """Return (label, words) of the claim parts to highlight, in the order they are placed."""
    parts = [("subject", claim.subject.mention), ("cue", claim.predicate.text)]
    if claim.object is not None:
        parts.append(("object", claim.object.mention))
    if claim.time is not None:
        parts.append(("time", claim.time.text))
    if claim.location is not None:
        parts.append(("place", claim.location.name))
    return [(label, words) for label, words in parts if words]


def find_free(sentence: str, words: str, taken: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Return the offsets in ``sentence`` of the first occurrence of ``words`` overlapping nothing ``taken``."""
    for haystack, needle in ((sentence, words), (sentence.casefold(), words.casefold())):
        start = haystack.find(needle)
        while start >= 0:
            end = start + len(needle)
            if all(end <= left or start >= right for left, right in taken):
                return start, end
            start = haystack.find(needle, start + 1)
    return None


def part_spans(claim: Claim, sentence: str) -> list[tuple[int, int, str]]:
    """Return (start, end, label) of the claim parts found in ``sentence``, offsets relative to it, sorted."""
    taken: list[tuple[int, int]] = []
    spans = []
    for label, words in claim_parts(claim):
        found = find_free(sentence, words, taken)
        if found:
            taken.append(found)
            spans.append((*found, label))
    return sorted(spans)


def article_segments(claim: Claim, text: str) -> list[Segment]:
    """Return the article ``text`` cut into segments: the claim's sentence (label ``evidence`` around its parts)
    and the text before and after. Falls back to the stored sentence alone when the offsets do not fit ``text``."""
    start, end = claim.evidence.start, claim.evidence.end
    if text[start:end] != claim.evidence.sentence:
        text, start, end = claim.evidence.sentence, 0, len(claim.evidence.sentence)
    sentence = text[start:end]
    pieces = [Segment(text[:start])] if start else []
    position = 0
    for left, right, label in part_spans(claim, sentence):
        if left > position:
            pieces.append(Segment(sentence[position:left], "evidence"))
        pieces.append(Segment(sentence[left:right], label))
        position = right
    if position < len(sentence):
        pieces.append(Segment(sentence[position:], "evidence"))
    if end < len(text):
        pieces.append(Segment(text[end:]))
    return pieces
