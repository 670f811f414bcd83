"""The rules of the time normalizer: what one matched expression means, given its context.

Owns ``TimeContext`` (the anchor, the passage year, the tense's direction and the preceding
resolved time) and one ``rule_*`` function per kind of expression (ISO and slashed dates, month
and day names, seasons, quarters, weekdays, "today", "last week", "two weeks ago", "the previous
day", "that year", "recently", "now"), each taking the named groups of its pattern's match.
The patterns and the rules that recurse ("since", "before", "between") are ``time``'s. Imports
the standard library, ``pipeline.records`` and the sibling ``time_values``; never spaCy or
another stage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from pipeline.normalize.time_values import (
    DAY_PARTS,
    MONTH_BY_PREFIX,
    NUMBERS,
    ORDINALS,
    SEASONS,
    SHIFTS,
    WEEKDAYS,
    YEARS,
    Direction,
    day_value,
    decade_value,
    month_value,
    quarter_value,
    safe_date,
    season_value,
    season_year,
    shift_date,
    shift_months,
    unit_value,
    week_value,
    weekday_date,
    year_value,
)
from pipeline.records import ResolvedTime

Groups = dict[str, Any]  # a rule's view of its match: group name -> text or None


@dataclass(frozen=True)
class TimeContext:
    """What an expression is read against: the anchor, the passage year, tense, the previous time."""

    anchor: date | None
    passage_year: int | None
    prefer: Direction
    reference: ResolvedTime | None


# --- picking a year for expressions that name none --------------------------------------------


def _year_of(text: str, ctx: TimeContext) -> tuple[int, bool] | None:
    """Return the year an explicit year expression ("2015", "'82", "next year") names, and whether it was relative."""
    if text.isdigit():
        return (int(text), False) if int(text) in YEARS else None
    if ctx.anchor is None:
        return None
    if text.startswith("'"):
        year = ctx.anchor.year - ctx.anchor.year % 100 + int(text[1:])
        return (year if year <= ctx.anchor.year else year - 100), True
    return ctx.anchor.year + SHIFTS[text.split()[0]], True


def _month_year(month: int, ctx: TimeContext, shift: str = "") -> int | None:
    """Return the year of a month named without one: the passage year, else the nearest occurrence in the
    preferred direction."""
    if ctx.passage_year is not None and not shift:
        return ctx.passage_year
    if ctx.anchor is None:
        return None
    year, current = ctx.anchor.year, ctx.anchor.month
    if shift == "this":
        return year
    if shift in ("last", "past") or (not shift and ctx.prefer == "past"):
        return year if month < current or (month == current and not shift) else year - 1
    return year if month > current or (month == current and not shift) else year + 1


def _month_day(month: int, day: int, ctx: TimeContext) -> date | None:
    """Return the date of a month-day named without a year (leap days walk to a leap year)."""
    if ctx.passage_year is not None:
        return safe_date(ctx.passage_year, month, day)
    if ctx.anchor is None:
        return None
    step = -1 if ctx.prefer == "past" else 1
    for offset in range(0, 9 * step, step):
        found = safe_date(ctx.anchor.year + offset, month, day)
        if found and (found <= ctx.anchor if step < 0 else found >= ctx.anchor):
            return found
    return None


# --- rules: each takes the match and the context ----------------------------------------------


def rule_iso(m: Groups, ctx: TimeContext) -> ResolvedTime | None:
    year, month, day = int(m["y"]), int(m["m"]), m["d"]
    if not 1 <= month <= 12 or year not in YEARS:
        return None
    return _day_or_none(year, month, int(day)) if day else month_value(year, month, False)


def _day_or_none(year: int, month: int, day: int, relative: bool = False) -> ResolvedTime | None:
    found = safe_date(year, month, day)
    return day_value(found, relative) if found else None


def rule_slash(m: Groups, ctx: TimeContext) -> ResolvedTime | None:
    year = int(m["y"])
    if year < 100:
        year += 2000 if year < 69 else 1900
    return _day_or_none(year, int(m["m"]), int(m["d"]))


def _month_number(text: str) -> int:
    return MONTH_BY_PREFIX[text[:3]]


def rule_full_date(m: Groups, ctx: TimeContext) -> ResolvedTime | None:
    year = _year_of(m["year"], ctx)
    if year is None:
        return None
    return _day_or_none(year[0], _month_number(m["month"]), int(m["day"]), year[1])


def rule_month_day(m: Groups, ctx: TimeContext) -> ResolvedTime | None:
    found = _month_day(_month_number(m["month"]), int(m["day"]), ctx)
    return day_value(found, True) if found else None


def rule_month_year(m: Groups, ctx: TimeContext) -> ResolvedTime | None:
    year = _year_of(m["year"], ctx)
    return month_value(year[0], _month_number(m["month"]), year[1]) if year else None


def rule_month(m: Groups, ctx: TimeContext) -> ResolvedTime | None:
    month = _month_number(m["month"])
    year = _month_year(month, ctx, m["shift"] or "")
    return month_value(year, month, True) if year is not None else None


def rule_year(m: Groups, ctx: TimeContext) -> ResolvedTime | None:
    year = _year_of(m["year"], ctx)
    return year_value(*year) if year else None


def rule_decade(m: Groups, ctx: TimeContext) -> ResolvedTime | None:
    if m["digits"]:
        return decade_value(int(m["digits"]) * 10, False)
    if m.get("two"):
        # "the 70s": the latest decade of that name that has begun by the anchor
        if ctx.anchor is None:
            return None
        decade = ctx.anchor.year - ctx.anchor.year % 100 + int(m["two"])
        return decade_value(decade if decade <= ctx.anchor.year else decade - 100, True)
    year = _year_of("'" + m["short"] + "0", ctx)
    return decade_value(*year) if year else None


def rule_season(m: Groups, ctx: TimeContext) -> ResolvedTime | None:
    code, first_month = SEASONS[m["season"]]
    if m["year"]:
        year = _year_of(m["year"], ctx)
        return season_value(year[0], code, year[1]) if year else None
    if ctx.passage_year is not None and not m["shift"]:
        return season_value(ctx.passage_year, code, True)
    if ctx.anchor is None:
        return None
    return season_value(season_year(code, first_month, ctx.anchor, m["shift"] or "", ctx.prefer), code, True)


def rule_quarter(m: Groups, ctx: TimeContext) -> ResolvedTime | None:
    if m["year"]:
        year = _year_of(m["year"], ctx)
        number = int(m["q"]) if m["q"].isdigit() else {**ORDINALS, "last": 4}.get(m["q"])
        return quarter_value(year[0], number, year[1]) if year and number else None
    if m["q"] in SHIFTS:
        if ctx.anchor is None:
            return None
        return unit_value(shift_date(ctx.anchor, "quarter", SHIFTS[m["q"]]), "quarter", True)
    if m["q"] not in ORDINALS:
        return None
    quarter_year = ctx.passage_year or _quarter_year(ORDINALS[m["q"]], ctx)
    return quarter_value(quarter_year, ORDINALS[m["q"]], True) if quarter_year is not None else None


def _quarter_year(quarter: int, ctx: TimeContext) -> int | None:
    """Return the year of a quarter named without one: the occurrence nearest the anchor's quarter, a tie going the
    clause's way ("profits fell in the fourth quarter" written in March: last year's, one quarter back; "cuts
    during the fourth quarter" written in August: this year's, one quarter ahead, whatever the tense)."""
    if ctx.anchor is None:
        return None
    year, current = ctx.anchor.year, (ctx.anchor.month - 1) // 3 + 1
    candidates = (year - 1, year, year + 1)
    distance = lambda y: abs((y * 4 + quarter) - (year * 4 + current))  # noqa: E731
    later_first = ctx.prefer == "future"
    return min(candidates, key=lambda y: (distance(y), -y if later_first else y))


def rule_weekday(m: Groups, ctx: TimeContext) -> ResolvedTime | None:
    if ctx.anchor is None:
        return None
    day = weekday_date(WEEKDAYS[m["weekday"]], ctx.anchor, m["shift"] or "", ctx.prefer)
    return day_value(day, True, DAY_PARTS.get(m["part"] or "", ""))


def rule_deictic(m: Groups, ctx: TimeContext) -> ResolvedTime | None:
    if ctx.anchor is None:
        return None
    word = m["word"]
    offset = {"yesterday": -1, "tomorrow": 1}.get(word, 0)
    return day_value(ctx.anchor + timedelta(days=offset), True, DAY_PARTS.get(m["part"] or word, ""))


def rule_unit_shift(m: Groups, ctx: TimeContext) -> ResolvedTime | None:
    if ctx.anchor is None:
        return None
    unit, steps = m["unit"], SHIFTS[m["shift"]]
    return unit_value(shift_date(ctx.anchor, unit, steps), unit, True)


def rule_part_of_unit(m: Groups, ctx: TimeContext) -> ResolvedTime | None:
    """"earlier this month" -> the month's value, covering its first day to the anchor."""
    if ctx.anchor is None:
        return None
    whole = unit_value(ctx.anchor, m["unit"], True)
    start, end = (whole.start, ctx.anchor) if m["side"] == "earlier" else (ctx.anchor, whole.end)
    return ResolvedTime(whole.value, start, end, "range", True)


def rule_edge_of_unit(m: Groups, ctx: TimeContext) -> ResolvedTime | None:
    """"the end of last year" -> the whole year (TimeML keeps the unit and marks the edge as a modifier)."""
    if ctx.anchor is None:
        return None
    return unit_value(shift_date(ctx.anchor, m["unit"], SHIFTS.get(m["shift"], 0)), m["unit"], True)


def rule_ago(m: Groups, ctx: TimeContext) -> ResolvedTime | None:
    if ctx.anchor is None:
        return None
    count = int(m["n"]) if m["n"].isdigit() else NUMBERS[m["n"]]
    most_days = {"day": 1, "week": 7, "month": 31, "year": 366, "decade": 3653}[m["unit"]]
    if count * most_days >= (ctx.anchor - date(2, 1, 1)).days:
        return None  # before the calendar begins
    day = shift_date(ctx.anchor, m["unit"], -count)
    return day_value(day, True) if m["unit"] in ("day", "week") else unit_value(day, m["unit"], True)


def rule_anaphor(m: Groups, ctx: TimeContext) -> ResolvedTime | None:
    """"the previous day", "a year earlier": one unit from the preceding expression, else from the anchor."""
    unit = m["unit"]
    base = _reference_day(ctx, unit) or ctx.anchor
    if base is None:
        return None
    steps = 1 if (m["dir"] or m["dir2"]) in ("following", "after", "later") else -1
    return unit_value(shift_date(base, unit, steps), unit, True)


def rule_same(m: Groups, ctx: TimeContext) -> ResolvedTime | None:
    """"that year", "the same month a year ago": the preceding expression's unit, shifted back if asked."""
    ref = ctx.reference
    ref_unit = _granularity_unit(ref) if ref else None
    unit = ref_unit if m["unit"] == "period" else m["unit"]
    if ref is None or ref.start is None or ref_unit is None or unit is None:
        return None
    if _PRECISION[ref_unit] > _PRECISION[unit]:
        return None
    return unit_value(shift_months(ref.start, -12) if m["ago"] else ref.start, unit, True)


def _granularity_unit(resolved: ResolvedTime) -> str | None:
    """Return the ``_unit`` name a resolved time stands for (weeks and quarters are stored as ranges)."""
    value = resolved.value or ""
    if re.fullmatch(r"\d{4}-Q[1-4]", value):
        return "quarter"
    if re.fullmatch(r"\d{4}-W\d{2}", value):
        return "week"
    return resolved.granularity if resolved.granularity in ("day", "month", "year", "decade") else None


_PRECISION = {"day": 0, "week": 1, "weekend": 1, "month": 2, "quarter": 3, "year": 4, "decade": 5}


def _reference_day(ctx: TimeContext, unit: str) -> date | None:
    """Return the preceding expression's start when it is at least as precise as ``unit``."""
    ref = ctx.reference
    ref_unit = _granularity_unit(ref) if ref else None
    if ref is None or ref.start is None or ref_unit is None:
        return None
    return ref.start if _PRECISION[ref_unit] <= _PRECISION[unit] else None


def rule_vague_past(m: Groups, ctx: TimeContext) -> ResolvedTime | None:
    """"recently": TimeML's PAST_REF, over the last three months before the anchor."""
    if ctx.anchor is None:
        return None
    return ResolvedTime("PAST_REF", ctx.anchor - timedelta(days=90), ctx.anchor, "range", True)


def rule_present(m: Groups, ctx: TimeContext) -> ResolvedTime | None:
    """"currently", "at present": TimeML's PRESENT_REF over the anchor's day; "now" is the anchor's date itself,
    as MEANTIME codes it."""
    if ctx.anchor is None:
        return None
    if m["word"] in ("now", "right now"):
        return day_value(ctx.anchor, True)
    return ResolvedTime("PRESENT_REF", ctx.anchor, ctx.anchor, "range", True)


def rule_future_ref(m: Groups, ctx: TimeContext) -> ResolvedTime | None:
    """"in the future", "in the long term": TimeML's FUTURE_REF, open from the anchor on."""
    return None if ctx.anchor is None else ResolvedTime("FUTURE_REF", ctx.anchor, None, "open", True)


def rule_weekend(m: Groups, ctx: TimeContext) -> ResolvedTime | None:
    """"the weekend" (no shift word): the last one in a past clause (the anchor's own on a Saturday or Sunday),
    the next one in a future clause."""
    if ctx.anchor is None:
        return None
    saturday = weekday_date(5, ctx.anchor, "", ctx.prefer)
    if ctx.prefer == "past" and ctx.anchor.weekday() == 6:
        saturday = ctx.anchor - timedelta(days=1)
    return week_value(saturday, True, weekend=True)


def rule_day_reference(m: Groups, ctx: TimeContext) -> ResolvedTime | None:
    """"the same day", "later in the day": the preceding expression's day, else the anchor's."""
    day = _reference_day(ctx, "day") or ctx.anchor
    return None if day is None else day_value(day, True)
