"""Fingerprints of texts, to find the same text (content hash) or a near copy of it (a wire story
syndicated with another headline, an updated version) by MinHash over word shingles.

A fingerprint is the content hash, the MinHash split into LSH bands (two texts whose Jaccard
similarity is 0.7 share a band with probability ~0.99; 0.3 with ~0.12), and the shingles that
confirm a candidate by its true Jaccard similarity. Bands are plain strings so the store can index
them and find candidates across runs. Imports records and ids only; never another stage.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from datasketch import MinHash

from pipeline.ids import text_hash
from pipeline.records import SightingKind

SHINGLE_WORDS = 3
NUM_PERM = 64
BAND_ROWS = 4
SEED = 1
WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Fingerprint:
    """What duplicate detection knows of a text."""

    content_hash: str
    bands: tuple[str, ...]
    shingles: frozenset[str]


@dataclass(frozen=True)
class Match:
    """The stored (or earlier) article a text duplicates, and how closely."""

    article_id: str
    kind: SightingKind
    similarity: float


def shingles(text: str) -> frozenset[str]:
    """Return the word 3-grams of ``text`` (lower-cased); a text shorter than that is its one shingle."""
    words = WORD.findall(text.lower())
    if len(words) < SHINGLE_WORDS:
        return frozenset([" ".join(words)])
    return frozenset(" ".join(words[i:i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1))


def fingerprint(text: str) -> Fingerprint:
    """Return the fingerprint of ``text``."""
    found = shingles(text)
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED)
    minhash.update_batch([s.encode("utf-8") for s in sorted(found)])
    values = minhash.hashvalues.astype("<u4").tobytes()
    size = BAND_ROWS * 4
    bands = tuple(
        f"{index:02d}:{hashlib.blake2b(values[i:i + size], digest_size=8).hexdigest()}"
        for index, i in enumerate(range(0, len(values), size))
    )
    return Fingerprint(content_hash=text_hash(text), bands=bands, shingles=found)


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Return the Jaccard similarity of two shingle sets (1.0 for two empty sets)."""
    union = len(a | b)
    return len(a & b) / union if union else 1.0


def best_match(target: Fingerprint, candidates: Iterable[tuple[str, str]], *, threshold: float) -> Match | None:
    """Return the closest of ``candidates`` (article id, text) at or above ``threshold``, exact matches first."""
    best: Match | None = None
    for article_id, text in candidates:
        if text_hash(text) == target.content_hash:
            return Match(article_id=article_id, kind="exact", similarity=1.0)
        similarity = jaccard(target.shingles, shingles(text))
        if similarity >= threshold and (best is None or similarity > best.similarity):
            best = Match(article_id=article_id, kind="near", similarity=similarity)
    return best


class DuplicateIndex:
    """The fingerprints of the articles seen in one run, to catch duplicates within it."""

    def __init__(self, *, threshold: float) -> None:
        self.threshold = threshold
        self.by_band: dict[str, list[str]] = defaultdict(list)
        self.fingerprints: dict[str, Fingerprint] = {}

    def add(self, article_id: str, print_: Fingerprint) -> None:
        """Remember ``article_id`` under its fingerprint."""
        self.fingerprints[article_id] = print_
        for band in print_.bands:
            self.by_band[band].append(article_id)

    def match(self, target: Fingerprint) -> Match | None:
        """Return the article of this run that ``target`` duplicates, or None."""
        best: Match | None = None
        for article_id in dict.fromkeys(a for band in target.bands for a in self.by_band.get(band, ())):
            known = self.fingerprints[article_id]
            if known.content_hash == target.content_hash:
                return Match(article_id=article_id, kind="exact", similarity=1.0)
            similarity = jaccard(target.shingles, known.shingles)
            if similarity >= self.threshold and (best is None or similarity > best.similarity):
                best = Match(article_id=article_id, kind="near", similarity=similarity)
        return best
