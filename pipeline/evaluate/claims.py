"""Scoring predicted claims against the project's gold claims: ``score`` -> ``Scores`` (overall and
per PLOVER type, stance accuracy, what matched and what did not), with the matching under it.

Imports only the standard library, ``pipeline.records`` and ``pipeline.ontology``.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.evaluate.actors import actor_matches
from pipeline.evaluate.counts import Counts
from pipeline.evaluate.gold import GoldClaim
from pipeline.ontology import RECIPROCAL_TYPES
from pipeline.records import PLOVER_TYPES, Claim


@dataclass(frozen=True)
class Scores(Counts):
    """Claim scores overall and per PLOVER type, stance accuracy over the matches, and what did not match."""

    per_type: dict[str, Counts]
    stance_accuracy: float | None
    matched: tuple[tuple[GoldClaim, Claim], ...]
    unmatched_gold: tuple[GoldClaim, ...]
    unmatched_predicted: tuple[Claim, ...]


def score(predicted: list[Claim], gold: list[GoldClaim], *, articles: set[str] | None = None) -> Scores:
    """Return the scores of ``predicted`` against ``gold``.

    Only articles that have gold count (and of those only ``articles`` when given): predicted
    claims from other articles are ignored. A prediction matches a gold claim when the article is
    the same, its evidence span overlaps the gold sentence, the PLOVER type is equal and subject and
    object match (``actor_matches``; either direction for ``RECIPROCAL_TYPES``). Matching is
    one-to-one and greedy, most confident prediction first, preferring a gold claim with the same
    stance. A prediction repeating an earlier one (same article, evidence, actor ids, type, stance
    and kind) is counted once: it is neither a second hit nor a false positive.
    """
    scope = {g.article for g in gold} if articles is None else {g.article for g in gold} & articles
    gold_in = [g for g in gold if g.article in scope]
    predicted_in = unique_claims([c for c in predicted if c.article.id in scope])
    matched, unmatched = match_claims(predicted_in, gold_in)
    matched_gold = {id(g) for g, _ in matched}
    missed = tuple(g for g in gold_in if id(g) not in matched_gold)
    return Scores(
        tp=len(matched),
        fp=len(unmatched),
        fn=len(missed),
        per_type=counts_per_type(matched, unmatched, missed),
        stance_accuracy=stance_accuracy(matched),
        matched=tuple(matched),
        unmatched_gold=missed,
        unmatched_predicted=tuple(unmatched),
    )


def unique_claims(claims: list[Claim]) -> list[Claim]:
    """Return ``claims`` most confident first, keeping the first of those that repeat the same claim.

    For reciprocal types (``RECIPROCAL_TYPES``) A-B and B-A are the same claim.
    """
    seen: set[tuple] = set()
    unique = []
    for claim in sorted(claims, key=lambda c: -c.confidence):
        actors: tuple[str | None, ...] = (claim.subject.id, claim.object.id if claim.object else None)
        if claim.predicate.plover in RECIPROCAL_TYPES:
            actors = tuple(sorted(actors, key=str))
        key = (
            claim.article.id,
            claim.evidence.start,
            claim.evidence.end,
            *actors,
            claim.predicate.plover,
            claim.polarity,
            claim.modality,
            claim.kind,
        )
        if key not in seen:
            seen.add(key)
            unique.append(claim)
    return unique


def match_claims(predicted: list[Claim], gold: list[GoldClaim]) -> tuple[list[tuple[GoldClaim, Claim]], list[Claim]]:
    """Return the (gold, predicted) pairs of a greedy one-to-one matching, and the predictions left over."""
    free = list(gold)
    pairs, unmatched = [], []
    for claim in predicted:
        candidates = [g for g in free if claim_matches(claim, g)]
        if not candidates:
            unmatched.append(claim)
            continue
        best = next((g for g in candidates if same_stance(claim, g)), candidates[0])
        free.remove(best)
        pairs.append((best, claim))
    return pairs, unmatched


def claim_matches(claim: Claim, gold: GoldClaim) -> bool:
    """Return True when ``claim`` states ``gold``: same article and type, overlapping sentence, same actors."""
    return (
        claim.article.id == gold.article
        and claim.predicate.plover == gold.plover
        and claim.evidence.start < gold.end
        and gold.start < claim.evidence.end
        and actors_match(claim, gold)
    )


def actors_match(claim: Claim, gold: GoldClaim) -> bool:
    """Return True when subject and object match the gold actors (either way round for reciprocal types)."""
    if actor_matches(claim.subject, gold.subject) and actor_matches(claim.object, gold.object):
        return True
    return (
        gold.plover in RECIPROCAL_TYPES
        and actor_matches(claim.subject, gold.object)
        and actor_matches(claim.object, gold.subject)
    )


def same_stance(claim: Claim, gold: GoldClaim) -> bool:
    """Return True when polarity and modality are both the gold ones."""
    return claim.polarity == gold.polarity and claim.modality == gold.modality


def stance_accuracy(matched: list[tuple[GoldClaim, Claim]]) -> float | None:
    """Return the share of matched pairs with the gold polarity and modality; None when nothing matched."""
    if not matched:
        return None
    return sum(same_stance(claim, g) for g, claim in matched) / len(matched)


def counts_per_type(
    matched: list[tuple[GoldClaim, Claim]], unmatched: list[Claim], missed: tuple[GoldClaim, ...]
) -> dict[str, Counts]:
    """Return tp/fp/fn per PLOVER type, for the types that occur, in PLOVER order."""
    tp: list[str] = [g.plover for g, _ in matched]
    fp: list[str] = [c.predicate.plover for c in unmatched]
    fn: list[str] = [g.plover for g in missed]
    return {t: Counts(tp.count(t), fp.count(t), fn.count(t)) for t in PLOVER_TYPES if t in {*tp, *fp, *fn}}
