"""Tests for pipeline.evaluate.times: which gold TimeML values are scored, and exact and prefix hits."""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.evaluate.times import (
    TimeOutcome,
    TimeScores,
    exclusion_reason,
    is_prefix_compatible,
    score_time_values,
    split_gold_dates,
)


def date_mention(value: str, *, text: str | None = "it", start: int | None = 0) -> dict[str, Any]:
    mention: dict[str, Any] = {"tag": "TIMEX3", "type": "DATE", "value": value, "text": text}
    if start is not None:
        mention |= {"start": start, "end": start + 2}
    return mention


@pytest.mark.parametrize(("mention", "expected"), [
    (date_mention("2008-05-24"), None),
    (date_mention("2006-Q4"), None),
    (date_mention("2008-05-24", text=None), "no text (implicit TIMEX)"),
    (date_mention("2008-05-24", start=None), "no text (implicit TIMEX)"),
    (date_mention("PAST_REF"), "PAST_REF/PRESENT_REF/FUTURE_REF"),
    (date_mention("FUTURE_REF", text=None), "no text (implicit TIMEX)"),          # implicit is checked first
    (date_mention("2008-XX-24"), "underspecified (X placeholders)"),
    (date_mention("P3D"), "duration value on a DATE"),
])
def test_times_exclusion_reason(mention: dict[str, Any], expected: str | None) -> None:
    assert exclusion_reason(mention) == expected


def test_times_split_gold_dates_keeps_dates_and_names_why_the_others_are_left_out() -> None:
    kept, timex = date_mention("2008-05-24"), date_mention("2009")
    duration = {"tag": "TIMEX3", "type": "DURATION", "value": "P3D", "text": "three days", "start": 0, "end": 10}
    event = {"tag": "EVENT", "text": "said", "start": 0, "end": 4}
    mentions = [kept, date_mention("PAST_REF"), duration, event, date_mention("P1Y"), timex, date_mention("PAST_REF")]
    assert split_gold_dates(mentions) == (
        [kept, timex],
        ["PAST_REF/PRESENT_REF/FUTURE_REF", "duration value on a DATE", "PAST_REF/PRESENT_REF/FUTURE_REF"],
    )


@pytest.mark.parametrize(("gold", "predicted", "expected"), [
    ("2008-05", "2008-05-24", True),        # ours finer
    ("2008-05-24", "2008-05", True),        # ours coarser
    ("2008-05-24", "2008-05-24", True),
    ("2008-05-24", "2008-06", False),
    ("2008-05-24", None, False),
    ("2008-05-24", "", False),
])
def test_times_is_prefix_compatible(gold: str, predicted: str | None, expected: bool) -> None:
    assert is_prefix_compatible(gold, predicted) is expected


@pytest.mark.parametrize(("outcome", "expected"), [
    (TimeOutcome("2008-05-24", ("2008-05-24",)), (True, True)),
    (TimeOutcome("2008-05-24", ("2008-05",)), (False, True)),
    (TimeOutcome("2008-05-24", ("2009",)), (False, False)),
    (TimeOutcome("2008-05-24", (None,)), (False, False)),
    (TimeOutcome("2008-05-24", ()), (False, False)),                              # nothing detected
    (TimeOutcome("2008-05-24", (None, "2008", "2008-05-24")), (True, True)),     # one of several mentions is right
])
def test_times_outcome_exact_and_prefix(outcome: TimeOutcome, expected: tuple[bool, bool]) -> None:
    assert (outcome.exact, outcome.prefix) == expected


def test_times_score_time_values_counts_hits_and_left_out_reasons_in_first_seen_order() -> None:
    outcomes = [
        TimeOutcome("2008-05-24", ("2008-05-24",)),
        TimeOutcome("2008-05-24", ("2008-05",)),
        TimeOutcome("2006-Q4", ("2006",)),
        TimeOutcome("2010", (None,)),
    ]
    excluded = ["underspecified (X placeholders)", "no text (implicit TIMEX)", "underspecified (X placeholders)"]
    result = score_time_values(outcomes, excluded)
    assert result == TimeScores(
        total=4, exact=1, prefix=3,
        excluded={"underspecified (X placeholders)": 2, "no text (implicit TIMEX)": 1},
    )
    assert list(result.excluded) == ["underspecified (X placeholders)", "no text (implicit TIMEX)"]
    assert (result.accuracy, result.prefix_accuracy) == (0.25, 0.75)


def test_times_score_time_values_of_nothing() -> None:
    result = score_time_values([])
    assert (result, result.accuracy, result.prefix_accuracy) == (TimeScores(0, 0, 0, {}), 0.0, 0.0)
