"""Scoring claims against the PLOVER gold-standard records (GSR): ``plover_gsr_score`` ->
``GsrScores`` (event, source, target and triple accuracy per sentence, overall and per gold type).

Imports only the standard library, ``pipeline.records``, ``pipeline.ontology`` and the code
normalization of ``pipeline.evaluate.codes``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pipeline.evaluate.codes import iso_code
from pipeline.ontology import to_v08
from pipeline.records import PLOVER_TYPES, Claim, Entity


@dataclass(frozen=True)
class GsrSentence:
    """A PLOVER gold-standard record reduced to what is scored: v0.8 type and source/target country codes."""

    id: str
    plover: str
    sources: frozenset[str]
    targets: frozenset[str]


@dataclass(frozen=True)
class GsrCounts:
    """Sentences right on each check, and how many sentences each check applies to."""

    sentences: int
    event: int
    with_source: int
    source: int
    with_target: int
    target: int
    triple: int

    def accuracy(self, check: str) -> float | None:
        """Return the share right for ``check`` (event, source, target, triple); None when it applies to none."""
        total = {"source": self.with_source, "target": self.with_target}.get(check, self.sentences)
        return getattr(self, check) / total if total else None


@dataclass(frozen=True)
class GsrScores(GsrCounts):
    """GSR accuracies overall and per gold type, the sentences left out (by old type) and the triple misses."""

    per_type: dict[str, GsrCounts]
    excluded: dict[str, int]
    misses: tuple[str, ...]


def plover_gsr_score(sentences: list[dict], predictions: dict[str, list[Claim]]) -> GsrScores:
    """Return how well ``predictions`` (claims keyed by record id) recover the PLOVER gold records.

    Per sentence: (a) event, some claim has the gold type; (b) source, some claim's subject country
    is a gold source code (sentences with a source); (c) target, some claim's object country is a
    gold target code (sentences with a target); (d) triple, one claim does all that applies. Old
    types are mapped as the ontology maps them (``to_v08``); records whose type is still not v0.8
    (CRIME) are left out and counted in ``excluded``.
    """
    kept: list = []
    excluded: dict[str, int] = {}
    for record in sentences:
        sentence = gsr_sentence(record)
        if sentence is None:
            excluded[record["event"]] = excluded.get(record["event"], 0) + 1
        else:
            kept.append(sentence)
    checks = {s.id: gsr_checks(s, predictions.get(s.id, [])) for s in kept}
    by_type = {t: [s for s in kept if s.plover == t] for t in PLOVER_TYPES}
    per_type = {t: sum_checks(group, checks) for t, group in by_type.items() if group}
    total = sum_checks(kept, checks)
    misses = tuple(s.id for s in kept if not checks[s.id][3])
    return GsrScores(**vars(total), per_type=per_type, excluded=excluded, misses=misses)


def gsr_sentence(record: dict) -> GsrSentence | None:
    """Return the scored form of a GSR record, or None when its type has no v0.8 equivalent."""
    plover = to_v08(record["event"])
    if plover not in PLOVER_TYPES:
        return None
    return GsrSentence(record["id"], plover, gsr_codes(record.get("source")), gsr_codes(record.get("target")))


def gsr_codes(actors: Any) -> frozenset[str]:
    """Return the ISO codes of a GSR source/target: a list of actors, one actor, or "" / a stray string (none)."""
    if isinstance(actors, dict):
        actors = [actors]
    if not isinstance(actors, list):
        return frozenset()
    return frozenset(iso_code(a["code"]) for a in actors if isinstance(a, dict) and a.get("code"))


def gsr_checks(sentence: GsrSentence, claims: list[Claim]) -> tuple[bool, bool, bool, bool]:
    """Return (event, source, target, triple) right for one sentence; source/target False where not applicable."""
    typed = [c.predicate.plover == sentence.plover for c in claims]
    sourced = [country_in(c.subject, sentence.sources) for c in claims]
    targeted = [country_in(c.object, sentence.targets) for c in claims]
    triple = any(
        t and (s or not sentence.sources) and (g or not sentence.targets)
        for t, s, g in zip(typed, sourced, targeted, strict=True)
    )
    return any(typed), any(sourced), any(targeted), triple


def country_in(entity: Entity | None, codes: frozenset[str]) -> bool:
    """Return True when the entity's country (as ISO alpha-3) is one of ``codes``."""
    return entity is not None and entity.country is not None and iso_code(entity.country) in codes


def sum_checks(group: list[GsrSentence], checks: dict[str, tuple[bool, bool, bool, bool]]) -> GsrCounts:
    """Return the counts of a group of sentences from their per-sentence checks."""
    rows = [checks[s.id] for s in group]
    return GsrCounts(
        sentences=len(group),
        event=sum(r[0] for r in rows),
        with_source=sum(bool(s.sources) for s in group),
        source=sum(r[1] for r in rows),
        with_target=sum(bool(s.targets) for s in group),
        target=sum(r[2] for r in rows),
        triple=sum(r[3] for r in rows),
    )
