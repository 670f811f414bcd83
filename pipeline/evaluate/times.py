"""Scoring normalized time values against TimeML gold (MEANTIME TIMEX3 of type DATE): which gold
expressions are scored and why the others are left out (``exclusion_reason``, ``split_gold_dates``),
what counts as right (``TimeOutcome``: the exact TimeML value, or "prefix-compatible", the same time
at another precision) and the totals (``score_time_values`` -> ``TimeScores``).

``benchmarks/meantime_times.py`` (the normalizer on the gold spans) and
``benchmarks/meantime_annotate.py`` (the whole annotate path) both score through here, so they
score the same gold expressions the same way. Imports only the standard library.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

# TimeML values that name no point in time ("recently", "now", "in the future").
REFERENCES = frozenset({"PAST_REF", "PRESENT_REF", "FUTURE_REF"})
EXCLUDED_IMPLICIT = "no text (implicit TIMEX)"
EXCLUDED_REFERENCE = "PAST_REF/PRESENT_REF/FUTURE_REF"
EXCLUDED_UNDERSPECIFIED = "underspecified (X placeholders)"
EXCLUDED_DURATION = "duration value on a DATE"


def exclusion_reason(mention: Mapping[str, Any]) -> str | None:
    """Return why a gold TIMEX3 DATE mention is not scored, or None when it is.

    Left out: implicit TIMEX (no text or no span), references (``REFERENCES``), values with X
    placeholders (underspecified) and duration values (P...) on a DATE.
    """
    value = mention.get("value") or ""
    if mention.get("text") is None or "start" not in mention:
        return EXCLUDED_IMPLICIT
    if value in REFERENCES:
        return EXCLUDED_REFERENCE
    if "X" in value:
        return EXCLUDED_UNDERSPECIFIED
    if value.startswith("P"):
        return EXCLUDED_DURATION
    return None


def is_gold_date(mention: Mapping[str, Any]) -> bool:
    """Return True for a TIMEX3 mention of type DATE (the only kind scored)."""
    return mention.get("tag") == "TIMEX3" and mention.get("type") == "DATE"


def split_gold_dates(mentions: Iterable[Mapping[str, Any]]) -> tuple[list[Mapping[str, Any]], list[str]]:
    """Return the scorable gold DATE mentions among ``mentions`` and, in order, why each other DATE is left out."""
    scored: list[Mapping[str, Any]] = []
    excluded: list[str] = []
    for mention in filter(is_gold_date, mentions):
        reason = exclusion_reason(mention)
        if reason is None:
            scored.append(mention)
        else:
            excluded.append(reason)
    return scored, excluded


def is_prefix_compatible(gold: str, predicted: str | None) -> bool:
    """Return True when one value is the other at a finer precision ("2008-05" and "2008-05-24")."""
    if not predicted:
        return False
    return predicted.startswith(gold) or gold.startswith(predicted)


@dataclass(frozen=True)
class TimeOutcome:
    """One scored gold value and the values predicted for it (none, one, or every overlapping mention's)."""

    gold: str
    predicted: tuple[str | None, ...]

    @property
    def exact(self) -> bool:
        """True when some predicted value is the gold TimeML value."""
        return self.gold in self.predicted

    @property
    def prefix(self) -> bool:
        """True when some predicted value is exact or prefix-compatible (``is_prefix_compatible``)."""
        return self.exact or any(is_prefix_compatible(self.gold, value) for value in self.predicted)


@dataclass(frozen=True)
class TimeScores:
    """Exact and prefix-compatible hits over the scored values, and the left-out count per reason."""

    total: int
    exact: int
    prefix: int
    excluded: dict[str, int]

    @property
    def accuracy(self) -> float:
        """Exact accuracy over the scored values; 0.0 when none were scored."""
        return self.exact / self.total if self.total else 0.0

    @property
    def prefix_accuracy(self) -> float:
        """Prefix-compatible accuracy over the scored values; 0.0 when none were scored."""
        return self.prefix / self.total if self.total else 0.0


def score_time_values(outcomes: Iterable[TimeOutcome], excluded: Iterable[str] = ()) -> TimeScores:
    """Return the totals of ``outcomes``, with ``excluded`` (reasons, one per left-out value) counted by reason
    in the order first seen."""
    rows = list(outcomes)
    counts: dict[str, int] = {}
    for reason in excluded:
        counts[reason] = counts.get(reason, 0) + 1
    return TimeScores(
        total=len(rows),
        exact=sum(o.exact for o in rows),
        prefix=sum(o.prefix for o in rows),
        excluded=counts,
    )
