"""Time expressions: find them in article text and normalize them against the publication date.

Owns the rules that turn "in September of 2015", "last summer" or "two weeks ago" into a
``ResolvedTime``. Imports only the standard library, dateparser (lazily, as a last resort) and
``pipeline.records``; it must not import spaCy or any other stage.

Conventions (TimeML values as the MEANTIME corpus annotates them):

- ``value``: 2015-11-20 (day), 2015-11 (month), 2015 (year), 199 (the 1990s), 2015-SU (season:
  SP, SU, FA, WI), 2015-W47 (ISO week), 2015-W47-WE (weekend), 2015-Q4, 2015-11-20TNI (part of a
  day: TMO, TAF, TEV, TNI). Ranges ("between 2014 and 2016") and vague references ("recently",
  "now") have value None but keep ``start``/``end``.
- ``granularity`` names the calendar unit that ``start``/``end`` cover exactly. Weeks, weekends,
  quarters, ranges and part-units ("earlier this month") are "range" because the record type has
  no week or quarter unit; "since 2016" is "open" (``end`` None), "before 2010" is "open" too
  (``start`` None). Modifiers early/mid/late and "the end of" keep the whole unit, and a deadline
  ("by 2012", "as of February") is read as the date itself.
- ``relative`` is True whenever the anchor, a passage year or a preceding expression was needed,
  including "in November" read against a year stated earlier in the paragraph.
- A month, a month-day or a weekday without a year takes the latest occurrence on or before the
  anchor (a weekday names the anchor's own day when it matches: Wikinews writes "said on
  Thursday" on the Thursday it publishes); ``prefer="future"`` takes the earliest on or after it.
  ``resolve_times`` picks "future" for clauses that say will/should/scheduled or "by <date>".
- "N days/weeks ago" is a day (MEANTIME: "a week ago" -> 2011-03-11), "N months ago" a month,
  "N years ago" a year. Seasons are meteorological; winter 2015 is Dec 2015 to Feb 2016.
- Durations ("two years"), sets ("every week") and anything unknown give None, as do relative
  expressions when the anchor is None. The anchor is never returned for an expression that does
  not mean it, and dateparser never sees an expression without an anchor or an explicit year (it
  would fill the gaps from today's date).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any, Literal

from pipeline.records import ResolvedTime

Direction = Literal["past", "future"]
_Groups = dict[str, Any]  # a rule's view of its match: group name -> text or None

_MONTH_BY_PREFIX = {calendar.month_abbr[number].lower(): number for number in range(1, 13)}
_WEEKDAYS = {name.lower(): number for number, name in enumerate(calendar.day_name)}
_SEASONS = {"spring": ("SP", 3), "summer": ("SU", 6), "fall": ("FA", 9), "autumn": ("FA", 9), "winter": ("WI", 12)}
_DAY_PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI"}
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "final": 4}
_YEARS = range(1000, 3000)  # what a news text can mean by four digits; keeps date arithmetic in range
_SHIFTS = {"last": -1, "past": -1, "previous": -1, "this": 0, "current": 0, "next": 1, "coming": 1, "following": 1}

_MONTH_WORDS = ("january|february|march|april|may|june|july|august|september|october|november|december"
                "|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec")
_MONTH = rf"(?P<month>{_MONTH_WORDS})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4}|'\d{2}|(?:last|this|next) year)"
_MOD = r"(?:(?:early|mid|late)[- ]?)?"
_NUMBER = r"(?P<n>\d+|" + "|".join(_NUMBERS) + r")"


@dataclass(frozen=True)
class _Context:
    """What an expression is read against: the anchor, the passage year, tense, the previous time."""

    anchor: date | None
    passage_year: int | None
    prefer: Direction
    reference: ResolvedTime | None


# --- building values ------------------------------------------------------------------------


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _day(day: date, relative: bool, part: str = "") -> ResolvedTime:
    return ResolvedTime(day.isoformat() + (f"T{part}" if part else ""), day, day, "day", relative)


def _month(year: int, month: int, relative: bool) -> ResolvedTime:
    return ResolvedTime(f"{year:04d}-{month:02d}", date(year, month, 1), _month_end(year, month), "month", relative)


def _year(year: int, relative: bool) -> ResolvedTime:
    return ResolvedTime(f"{year:04d}", date(year, 1, 1), date(year, 12, 31), "year", relative)


def _decade(year: int, relative: bool) -> ResolvedTime:
    first = year - year % 10
    return ResolvedTime(f"{first // 10:03d}", date(first, 1, 1), date(first + 9, 12, 31), "decade", relative)


def _season(year: int, code: str, relative: bool) -> ResolvedTime:
    first = next(month for name, month in _SEASONS.values() if name == code)
    end_year, end_month = (year + 1, 2) if first == 12 else (year, first + 2)
    return ResolvedTime(f"{year:04d}-{code}", date(year, first, 1), _month_end(end_year, end_month), "season", relative)


def _week(day: date, relative: bool, weekend: bool = False) -> ResolvedTime:
    iso = day.isocalendar()
    monday = day - timedelta(days=iso.weekday - 1)
    start = monday + timedelta(days=5) if weekend else monday
    value = f"{iso.year:04d}-W{iso.week:02d}" + ("-WE" if weekend else "")
    return ResolvedTime(value, start, monday + timedelta(days=6), "range", relative)


def _quarter(year: int, quarter: int, relative: bool) -> ResolvedTime:
    first = 3 * quarter - 2
    return ResolvedTime(f"{year:04d}-Q{quarter}", date(year, first, 1), _month_end(year, first + 2), "range", relative)


def _shift_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _unit(day: date, unit: str, relative: bool) -> ResolvedTime:
    """Return the calendar ``unit`` (day, week, weekend, month, quarter, year, decade) containing ``day``."""
    builders: dict[str, Callable[[], ResolvedTime]] = {
        "day": lambda: _day(day, relative), "week": lambda: _week(day, relative),
        "weekend": lambda: _week(day, relative, weekend=True), "month": lambda: _month(day.year, day.month, relative),
        "quarter": lambda: _quarter(day.year, (day.month - 1) // 3 + 1, relative),
        "year": lambda: _year(day.year, relative), "decade": lambda: _decade(day.year, relative),
    }
    return builders[unit]()


def _shift(day: date, unit: str, steps: int) -> date:
    if unit in ("day", "week", "weekend"):
        return day + timedelta(days=steps * (1 if unit == "day" else 7))
    months = {"month": 1, "quarter": 3, "year": 12, "decade": 120}[unit]
    return _shift_months(day, steps * months)


# --- picking a year for expressions that name none --------------------------------------------


def _year_of(text: str, ctx: _Context) -> tuple[int, bool] | None:
    """Return the year an explicit year expression ("2015", "'82", "next year") names, and whether it was relative."""
    if text.isdigit():
        return (int(text), False) if int(text) in _YEARS else None
    if ctx.anchor is None:
        return None
    if text.startswith("'"):
        year = ctx.anchor.year - ctx.anchor.year % 100 + int(text[1:])
        return (year if year <= ctx.anchor.year else year - 100), True
    return ctx.anchor.year + _SHIFTS[text.split()[0]], True


def _month_year(month: int, ctx: _Context, shift: str = "") -> int | None:
    """Return the year of a month named without one: the passage year, else the nearest occurrence in the preferred direction."""
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


def _month_day(month: int, day: int, ctx: _Context) -> date | None:
    """Return the date of a month-day named without a year (leap days walk to a leap year)."""
    if ctx.passage_year is not None:
        return _safe_date(ctx.passage_year, month, day)
    if ctx.anchor is None:
        return None
    step = -1 if ctx.prefer == "past" else 1
    for offset in range(0, 9 * step, step):
        found = _safe_date(ctx.anchor.year + offset, month, day)
        if found and (found <= ctx.anchor if step < 0 else found >= ctx.anchor):
            return found
    return None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _weekday(weekday: int, anchor: date, shift: str, prefer: Direction) -> date:
    """Return the date of a weekday: on or before the anchor by default, strictly before for "last"."""
    back = (anchor.weekday() - weekday) % 7
    ahead = (weekday - anchor.weekday()) % 7
    if shift in ("last", "past"):
        return anchor - timedelta(days=back or 7)
    if shift == "next":
        return anchor + timedelta(days=ahead or 7)
    return anchor + timedelta(days=ahead) if prefer == "future" else anchor - timedelta(days=back)


# --- rules: each takes the match and the context ----------------------------------------------


def _rule_iso(m: _Groups, ctx: _Context) -> ResolvedTime | None:
    year, month, day = int(m["y"]), int(m["m"]), m["d"]
    if not 1 <= month <= 12 or year not in _YEARS:
        return None
    return _day_or_none(year, month, int(day)) if day else _month(year, month, False)


def _day_or_none(year: int, month: int, day: int, relative: bool = False) -> ResolvedTime | None:
    found = _safe_date(year, month, day)
    return _day(found, relative) if found else None


def _rule_slash(m: _Groups, ctx: _Context) -> ResolvedTime | None:
    year = int(m["y"])
    if year < 100:
        year += 2000 if year < 69 else 1900
    return _day_or_none(year, int(m["m"]), int(m["d"]))


def _month_number(text: str) -> int:
    return _MONTH_BY_PREFIX[text[:3]]


def _rule_full_date(m: _Groups, ctx: _Context) -> ResolvedTime | None:
    year = _year_of(m["year"], ctx)
    if year is None:
        return None
    return _day_or_none(year[0], _month_number(m["month"]), int(m["day"]), year[1])


def _rule_month_day(m: _Groups, ctx: _Context) -> ResolvedTime | None:
    found = _month_day(_month_number(m["month"]), int(m["day"]), ctx)
    return _day(found, True) if found else None


def _rule_month_year(m: _Groups, ctx: _Context) -> ResolvedTime | None:
    year = _year_of(m["year"], ctx)
    return _month(year[0], _month_number(m["month"]), year[1]) if year else None


def _rule_month(m: _Groups, ctx: _Context) -> ResolvedTime | None:
    month = _month_number(m["month"])
    year = _month_year(month, ctx, m["shift"] or "")
    return _month(year, month, True) if year is not None else None


def _rule_year(m: _Groups, ctx: _Context) -> ResolvedTime | None:
    year = _year_of(m["year"], ctx)
    return _year(*year) if year else None


def _rule_decade(m: _Groups, ctx: _Context) -> ResolvedTime | None:
    if m["digits"]:
        return _decade(int(m["digits"]) * 10, False)
    year = _year_of("'" + m["short"] + "0", ctx)
    return _decade(*year) if year else None


def _rule_season(m: _Groups, ctx: _Context) -> ResolvedTime | None:
    code, first_month = _SEASONS[m["season"]]
    if m["year"]:
        year = _year_of(m["year"], ctx)
        return _season(year[0], code, year[1]) if year else None
    if ctx.passage_year is not None and not m["shift"]:
        return _season(ctx.passage_year, code, True)
    if ctx.anchor is None:
        return None
    return _season(_season_year(code, first_month, ctx.anchor, m["shift"] or "", ctx.prefer), code, True)


def _season_year(code: str, first_month: int, anchor: date, shift: str, prefer: Direction) -> int:
    """Return the year of the season: "last" ended before the anchor, plain began on or before it."""
    year = anchor.year if first_month <= anchor.month else anchor.year - 1
    if shift in ("last", "past"):
        return year if _season(year, code, True).end < anchor else year - 1
    if shift == "next" or (not shift and prefer == "future"):
        return year + 1 if shift == "next" or _season(year, code, True).end < anchor else year
    return year


def _rule_quarter(m: _Groups, ctx: _Context) -> ResolvedTime | None:
    if m["year"]:
        year = _year_of(m["year"], ctx)
        number = int(m["q"]) if m["q"].isdigit() else {**_ORDINALS, "last": 4}.get(m["q"])
        return _quarter(year[0], number, year[1]) if year and number else None
    if m["q"] in _SHIFTS:
        return None if ctx.anchor is None else _unit(_shift(ctx.anchor, "quarter", _SHIFTS[m["q"]]), "quarter", True)
    year = ctx.passage_year or (ctx.anchor.year if ctx.anchor else None)
    return _quarter(year, _ORDINALS[m["q"]], True) if year is not None and m["q"] in _ORDINALS else None


def _rule_weekday(m: _Groups, ctx: _Context) -> ResolvedTime | None:
    if ctx.anchor is None:
        return None
    day = _weekday(_WEEKDAYS[m["weekday"]], ctx.anchor, m["shift"] or "", ctx.prefer)
    return _day(day, True, _DAY_PARTS.get(m["part"] or "", ""))


def _rule_deictic(m: _Groups, ctx: _Context) -> ResolvedTime | None:
    if ctx.anchor is None:
        return None
    word = m["word"]
    offset = {"yesterday": -1, "tomorrow": 1}.get(word, 0)
    return _day(ctx.anchor + timedelta(days=offset), True, _DAY_PARTS.get(m["part"] or word, ""))


def _rule_unit_shift(m: _Groups, ctx: _Context) -> ResolvedTime | None:
    if ctx.anchor is None:
        return None
    unit, steps = m["unit"], _SHIFTS[m["shift"]]
    return _unit(_shift(ctx.anchor, unit, steps), unit, True)


def _rule_part_of_unit(m: _Groups, ctx: _Context) -> ResolvedTime | None:
    """"earlier this month" -> the month's value, covering its first day to the anchor."""
    if ctx.anchor is None:
        return None
    whole = _unit(ctx.anchor, m["unit"], True)
    start, end = (whole.start, ctx.anchor) if m["side"] == "earlier" else (ctx.anchor, whole.end)
    return ResolvedTime(whole.value, start, end, "range", True)


def _rule_edge_of_unit(m: _Groups, ctx: _Context) -> ResolvedTime | None:
    """"the end of last year" -> the whole year (TimeML keeps the unit and marks the edge as a modifier)."""
    if ctx.anchor is None:
        return None
    return _unit(_shift(ctx.anchor, m["unit"], _SHIFTS.get(m["shift"], 0)), m["unit"], True)


def _rule_ago(m: _Groups, ctx: _Context) -> ResolvedTime | None:
    if ctx.anchor is None:
        return None
    count = int(m["n"]) if m["n"].isdigit() else _NUMBERS[m["n"]]
    if count * {"day": 1, "week": 7, "month": 31, "year": 366, "decade": 3653}[m["unit"]] >= (ctx.anchor - date(2, 1, 1)).days:
        return None  # before the calendar begins
    day = _shift(ctx.anchor, m["unit"], -count)
    return _day(day, True) if m["unit"] in ("day", "week") else _unit(day, m["unit"], True)


def _rule_anaphor(m: _Groups, ctx: _Context) -> ResolvedTime | None:
    """"the previous day", "a year earlier": one unit from the preceding expression, else from the anchor."""
    unit = m["unit"]
    base = _reference_day(ctx, unit) or ctx.anchor
    if base is None:
        return None
    steps = 1 if (m["dir"] or m["dir2"]) in ("following", "after", "later") else -1
    return _unit(_shift(base, unit, steps), unit, True)


def _rule_same(m: _Groups, ctx: _Context) -> ResolvedTime | None:
    """"that year", "the same month a year ago": the preceding expression's unit, shifted back if asked."""
    ref = ctx.reference
    ref_unit = _granularity_unit(ref) if ref else None
    unit = ref_unit if m["unit"] == "period" else m["unit"]
    if ref is None or ref.start is None or ref_unit is None or unit is None:
        return None
    if _PRECISION[ref_unit] > _PRECISION[unit]:
        return None
    return _unit(_shift_months(ref.start, -12) if m["ago"] else ref.start, unit, True)


def _granularity_unit(resolved: ResolvedTime) -> str | None:
    """Return the ``_unit`` name a resolved time stands for (weeks and quarters are stored as ranges)."""
    value = resolved.value or ""
    if re.fullmatch(r"\d{4}-Q[1-4]", value):
        return "quarter"
    if re.fullmatch(r"\d{4}-W\d{2}", value):
        return "week"
    return resolved.granularity if resolved.granularity in ("day", "month", "year", "decade") else None


_PRECISION = {"day": 0, "week": 1, "weekend": 1, "month": 2, "quarter": 3, "year": 4, "decade": 5}


def _reference_day(ctx: _Context, unit: str) -> date | None:
    """Return the preceding expression's start when it is at least as precise as ``unit``."""
    ref = ctx.reference
    ref_unit = _granularity_unit(ref) if ref else None
    if ref is None or ref.start is None or ref_unit is None:
        return None
    return ref.start if _PRECISION[ref_unit] <= _PRECISION[unit] else None


def _rule_vague_past(m: _Groups, ctx: _Context) -> ResolvedTime | None:
    if ctx.anchor is None:
        return None
    return ResolvedTime(None, ctx.anchor - timedelta(days=90), ctx.anchor, "range", True)


def _rule_present(m: _Groups, ctx: _Context) -> ResolvedTime | None:
    return None if ctx.anchor is None else ResolvedTime(None, ctx.anchor, ctx.anchor, "range", True)


def _rule_since(m: _Groups, ctx: _Context) -> ResolvedTime | None:
    inner = _resolve(m["rest"], replace(ctx, prefer="past"))
    if inner is None or inner.start is None:
        return None
    return ResolvedTime(inner.value, inner.start, None, "open", inner.relative)


def _rule_bound(m: _Groups, ctx: _Context) -> ResolvedTime | None:
    """"before 2010", "after March": open ranges ending before or starting after the inner expression."""
    inner = _resolve(m["rest"], ctx)
    if inner is None or inner.start is None or inner.end is None:
        return None
    if m["word"] == "after":
        return ResolvedTime(inner.value, inner.end + timedelta(days=1), None, "open", inner.relative)
    end = inner.end if m["word"] in ("until", "till", "through") else inner.start - timedelta(days=1)
    return ResolvedTime(inner.value, None, end, "open", inner.relative)


def _rule_range(m: _Groups, ctx: _Context) -> ResolvedTime | None:
    """"between 2014 and 2016", "from March to May 2015": the first part borrows the second's year."""
    last = _resolve(m["b"], ctx)
    if last is None or last.end is None:
        return None
    borrowed = replace(ctx, passage_year=last.end.year, prefer="past")
    alone = _resolve(m["a"], replace(borrowed, anchor=None))  # the year from the other end is not the anchor
    first = alone or _resolve(m["a"], borrowed)
    if first is None or first.start is None or first.start > last.end:
        return None
    return ResolvedTime(None, first.start, last.end, "range", last.relative or (alone is None and first.relative))


_UNITS = r"(?P<unit>day|week|weekend|month|quarter|year|decade)"
_RULES: tuple[tuple[re.Pattern[str], Callable[[_Groups, _Context], ResolvedTime | None]], ...] = tuple(
    (re.compile(pattern), rule) for pattern, rule in (
        (r"^since (?P<rest>.+)$", _rule_since),
        (r"^(?:between (?P<a>.+?) and |from (?P<a2>.+?) (?:to|until|till|through) |(?P<a3>\d{4}) ?[-–] ?(?=\d{4}$))(?P<b>.+)$",
         _rule_range),
        (r"^(?P<word>before|after|until|till|through) (?P<rest>.+)$", _rule_bound),
        (r"^(?P<y>\d{4})-(?P<m>\d{2})(?:-(?P<d>\d{2}))?(?:t[\d:.z+-]*)?$", _rule_iso),
        (r"^(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4}|\d{2})$", _rule_slash),
        (rf"^{_MOD}{_MONTH} {_DAY},? {_YEAR}$", _rule_full_date),
        (rf"^{_DAY} (?:of )?{_MONTH},? {_YEAR}$", _rule_full_date),
        (rf"^{_MOD}{_MONTH} {_DAY}$", _rule_month_day),
        (rf"^{_DAY} (?:of )?{_MONTH}$", _rule_month_day),
        (rf"^{_MOD}{_MONTH},? (?:of )?{_YEAR}$", _rule_month_year),
        (rf"^(?:(?P<shift>last|this|next|past) )?{_MOD}{_MONTH}$", _rule_month),
        (r"^(?:(?:early|mid|late|end of|start of|beginning of)[- ]?)?(?P<year>\d{4}|'\d{2})$", _rule_year),
        (r"^(?:(?:early|mid|late)[- ]?)?(?:(?P<digits>\d{3})0|'(?P<short>\d)0)'?s$", _rule_decade),
        (r"^(?:(?P<shift>last|this|next|past|early|late) )?(?P<season>spring|summer|fall|autumn|winter)"
         r"(?:,? (?:of )?" + _YEAR + r")?$", _rule_season),
        (r"^(?P<q>first|second|third|fourth|final|1st|2nd|3rd|4th|last|this|next|past|previous) quarter"
         r"(?: of " + _YEAR + r")?$", _rule_quarter),
        (r"^q(?P<q>[1-4]),? (?P<year>\d{4})$", _rule_quarter),
        (r"^(?:(?P<shift>last|this|next|past) )?(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
         r"(?: (?P<part>morning|afternoon|evening|night))?$", _rule_weekday),
        (r"^(?:earlier |later )?(?:(?P<word>today|yesterday|tomorrow|tonight)|this (?P<part>morning|afternoon|evening))$",
         _rule_deictic),
        (r"^(?P<word>yesterday|tomorrow) (?P<part>morning|afternoon|evening|night)$", _rule_deictic),
        (rf"^(?P<shift>last|this|next|past|coming|current) {_UNITS}$", _rule_unit_shift),
        (rf"^(?P<side>earlier|later) this {_UNITS}$", _rule_part_of_unit),
        (rf"^(?:beginning|start|end|middle|close) of (?:the )?(?P<shift>last|this|next|previous)? ?{_UNITS}$",
         _rule_edge_of_unit),
        (rf"^{_NUMBER} (?P<unit>day|week|month|year|decade)s? ago$", _rule_ago),
        (rf"^(?:(?P<dir>previous|following) {_UNITS}|{_UNITS.replace('unit', 'unit2')} (?P<dir2>before|after|previous|earlier|later)"
         rf"|(?:a|one) {_UNITS.replace('unit', 'unit3')} (?P<dir3>earlier|before|later))$", _rule_anaphor),
        (r"^(?:(?:same|entire|whole) |that )(?P<unit>day|week|month|quarter|year|period)"
         r"(?P<ago> (?:a|one) year (?:ago|earlier|before)| of (?:the )?(?:last|previous) year)?$", _rule_same),
        (r"^(?:recently|recent|lately|more recently|in recent (?:days|weeks|months))$", _rule_vague_past),
        (r"^(?:now|right now|currently|at present|at the moment|nowadays|presently)$", _rule_present),
    )
)

_LEADING = re.compile(r"^(?:(?:in|on|at|during|for|of|by|around|about|circa|as of|the|some time in)\s+)+")
_NOT_A_DATE = re.compile(
    rf"^(?:(?:for|over|about|nearly|almost|more than|less than|some|past|last|next|first|coming) )*"
    rf"(?:{_NUMBER}|several|a few|a couple of|many)[- ](?:day|week|month|year|decade|hour|minute|second)s?\b"
    r"|^(?:every|each)\b|^(?:hourly|daily|weekly|monthly|yearly|annual|annually|decades|years|months|weeks|days)$"
)
_FOUR_DIGIT_YEAR = re.compile(r"\b[12]\d{3}\b")
_MONTH_WORD = re.compile(rf"\b(?:{_MONTH_WORDS})\b")


def _normalize(expression: str) -> str:
    """Lower-case, collapse spaces, undo tokenised punctuation ("March 01 , 2008"), drop leading prepositions."""
    text = " ".join(expression.split()).lower().replace("’", "'")
    text = re.sub(r"\s+([,.])", r"\1", text).strip(" .,;:")
    text = re.sub(r"\s*'s$", "", text)
    return _LEADING.sub("", text)


def _resolve(text: str, ctx: _Context) -> ResolvedTime | None:
    text = _LEADING.sub("", text)
    for pattern, rule in _RULES:
        match = pattern.match(text)
        if match:
            return rule(_groups(match), ctx)
    # dateparser fills whatever is missing from its base ("5th" -> May, "noon" -> yesterday), so it
    # only sees text that names a year or a month itself
    if _NOT_A_DATE.match(text) or not (_FOUR_DIGIT_YEAR.search(text) or _MONTH_WORD.search(text)):
        return None
    return _resolve_with_dateparser(text, ctx.anchor)


_ALIASES = {"a2": "a", "a3": "a", "unit2": "unit", "unit3": "unit", "dir3": "dir"}


def _groups(match: re.Match[str]) -> _Groups:
    """Return the match's named groups, alternatives of one name (unit2, unit3) folded into it."""
    groups: _Groups = {}
    for name, value in match.groupdict().items():
        key = _ALIASES.get(name, name)
        if value is not None or key not in groups:
            groups[key] = value
    return groups


@lru_cache(maxsize=512)
def _dateparser(anchor: date | None) -> Any:
    """Build (once per anchor) a dateparser parser; imported here because dateparser is slow to import."""
    from dateparser.date import DateDataParser

    settings: dict[str, Any] = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if anchor is None:
        settings["STRICT_PARSING"] = True
    else:
        settings["RELATIVE_BASE"] = datetime(anchor.year, anchor.month, anchor.day)
    return DateDataParser(languages=["en"], settings=settings)


def _resolve_with_dateparser(text: str, anchor: date | None) -> ResolvedTime | None:
    """Last resort for formats the rules miss ("3rd of March, 2015", "03.03.2015")."""
    data = _dateparser(anchor).get_date_data(text)
    if data.date_obj is None:
        return None
    found, relative = data.date_obj.date(), not _FOUR_DIGIT_YEAR.search(text)
    if (anchor is None and relative) or found.year not in _YEARS:
        return None
    if data.period == "year":
        return _year(found.year, relative)
    if data.period == "month":
        return _month(found.year, found.month, relative)
    return _day(found, relative)


# --- public API -------------------------------------------------------------------------------


def resolve_time(
    expression: str,
    *,
    anchor: date | None,
    passage_year: int | None = None,
    prefer: Direction = "past",
    reference: ResolvedTime | None = None,
) -> ResolvedTime | None:
    """Normalize one time expression against the publication date ``anchor``.

    ``passage_year`` (a year stated earlier in the paragraph) dates month-only expressions;
    ``prefer`` picks the direction for a month, month-day or weekday without a year;
    ``reference`` (the preceding resolved expression) anchors "the previous day" or "that year".
    Leading "in"/"on"/"at"/"during" are ignored; "since", "last", "ago" are read. Returns None for
    durations, sets, unknown expressions, and relative expressions when ``anchor`` is None.
    Raises ValueError when ``anchor`` or ``passage_year`` lies outside the years 1000-2999.
    """
    if (anchor is not None and anchor.year not in _YEARS) or (passage_year is not None and passage_year not in _YEARS):
        raise ValueError(f"anchor {anchor} / passage year {passage_year} is outside 1000-2999: pass the publication date")
    ctx = _Context(anchor=anchor, passage_year=passage_year, prefer=prefer, reference=reference)
    return _resolve(_normalize(expression), ctx)


_CLAUSE_BREAK = re.compile(r"[.;:!?\n,]|--")
_FUTURE_BEFORE = re.compile(
    r"\b(?:will|shall|should|'ll|wo n't|won't|going to|is to|are to|plans? to|intends? to|due to be|set to)\b", re.I
)
_FUTURE_ANYWHERE = re.compile(r"\b(?:scheduled|upcoming|forthcoming|expected|slated)\b", re.I)
_DEADLINE = re.compile(r"\b(?:by|until|till)\s+$", re.I)
_EXPLICIT_YEAR = re.compile(r"(?<![\d$£€.,'])\b(1[89]\d\d|20\d\d)\b(?!s\b|\s*%|\s*percent|[.,]\d)")
_SINCE_BEFORE = re.compile(r"\bsince\b[^,;]{0,40}$", re.I)
_YEAR_TAIL = re.compile(r"\s*(?:,\s*(?=\d)|\s+of\s+)((?:1[89]|20)\d\d\b|(?:last|this|next) year\b)", re.I)
_NEEDS_YEAR = re.compile(
    rf"(?:\b(?:{_MONTH_WORDS})\.?|\bquarter|\b(?:spring|summer|autumn|fall|winter)|(?<!\d)\d{{1,2}}(?:st|nd|rd|th)?)$", re.I
)


def _paragraph_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


def _clause(text: str, start: int, end: int) -> tuple[str, str]:
    """Return the clause text before and after a span (clauses end at punctuation or a line break)."""
    before = text[_paragraph_start(text, start):start]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    after_break = _CLAUSE_BREAK.search(text, end)
    return before[breaks[-1].end():] if breaks else before, text[end:after_break.start() if after_break else len(text)]


def _detect_direction(text: str, start: int, end: int) -> Direction:
    """Return "future" when the span's clause is about what will happen (will/should/scheduled, "by June")."""
    before, after = _clause(text, start, end)
    if _FUTURE_BEFORE.search(before) or _DEADLINE.search(before) or _FUTURE_ANYWHERE.search(before + " " + after):
        return "future"
    return "past"


_BARE_MONTH = re.compile(r"^(?:(?:early|mid|late)[- ])?(January|February|March|April|May|June|July|August|September|October|November|December)$", re.IGNORECASE)


def _passage_year(text: str, start: int, end: int) -> int | None:
    """Return the last explicit year stated earlier in the span's passage, skipping "since ..."
    starting points. The passage is the paragraph; a bare month ("in November") also looks into the
    paragraph before, so "in September of 2015" anchors "in November" at the start of the next one."""
    paragraph = _paragraph_start(text, start)
    found = _last_year(text, paragraph, start)
    previous = _previous_paragraph_start(text, paragraph)
    if found is None and previous is not None and _BARE_MONTH.match(text[start:end].strip()):
        found = _last_year(text, previous, paragraph)
    return found


def _last_year(text: str, begin: int, end: int) -> int | None:
    """Return the last explicit year in ``text[begin:end]`` that does not start a "since" range."""
    for match in reversed(list(_EXPLICIT_YEAR.finditer(text, begin, end))):
        if not _SINCE_BEFORE.search(text, begin, match.start()):
            return int(match.group(1))
    return None


def _previous_paragraph_start(text: str, paragraph: int) -> int | None:
    """Return where the non-blank paragraph before the one starting at ``paragraph`` starts, or None."""
    end = paragraph - 1
    while end > 0 and text[end - 1] in "\n \t":
        end -= 1
    return _paragraph_start(text, end - 1) if end > 0 else None


def _with_year_tail(text: str, start: int, end: int) -> str:
    """Return the span, extended by a year that follows it ("October" + " of next year") when it names none."""
    expression = text[start:end]
    tail = _YEAR_TAIL.match(text, end) if _NEEDS_YEAR.search(expression) else None
    return expression + tail.group(0) if tail else expression


def resolve_times(text: str, spans: list[tuple[int, int]], *, anchor: date | None) -> list[ResolvedTime | None]:
    """Resolve each span of ``text`` (character offsets, end-exclusive) and return the results in the order given.

    Each span is read with the paragraph's last explicit year (paragraphs are lines), the tense of
    its clause and, for anaphoric expressions ("the previous year"), the time resolved just before
    it in the same paragraph. Spans are worked through in text order so that reference is the
    preceding one whatever order the caller passes them in.
    """
    results: dict[int, ResolvedTime | None] = {}
    last_in_paragraph: dict[int, ResolvedTime] = {}
    for index in sorted(range(len(spans)), key=lambda i: spans[i]):
        start, end = spans[index]
        paragraph = _paragraph_start(text, start)
        resolved = resolve_time(
            _with_year_tail(text, start, end), anchor=anchor, passage_year=_passage_year(text, start, end),
            prefer=_detect_direction(text, start, end), reference=last_in_paragraph.get(paragraph),
        )
        if resolved is not None and resolved.start is not None:
            last_in_paragraph[paragraph] = resolved
        results[index] = resolved
    return [results[index] for index in range(len(spans))]


# --- finding expressions ----------------------------------------------------------------------

_F_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_F_ABBR = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.(?=\s*\d)"
_F_MOD = r"(?:(?i:early|mid|late)[- ])?"
_F_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_F_YEAR = r"(?:1[89]|20)\d\d"
_F_YEAR_EXPR = rf"(?:{_F_YEAR}|(?i:last|this|next)\s+year)\b"
_F_SHIFT = r"(?i:last|this|next|past|previous|coming|following)"
_F_SEASON = r"(?i:spring|summer|autumn|fall|winter)"
_F_NUMBER = r"(?:\d+|a|an|" + "|".join(_NUMBERS) + ")"
_F_PART = rf"(?:{_F_MONTH}\s+)?{_F_YEAR}|{_F_MONTH}(?:\s+{_F_DAY})?"
_FINDERS: tuple[re.Pattern[str], ...] = tuple(re.compile(pattern) for pattern in (
    rf"\b(?:{_F_SHIFT}\s+)?{_F_MOD}(?:(?:{_F_DAY}\s+(?:of\s+)?)?{_F_MONTH}\b|{_F_ABBR})(?:\s*{_F_DAY}\b(?!:))?"
    rf"(?:\s*,?\s*(?:of\s+)?{_F_YEAR_EXPR})?",
    r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})\b",
    rf"\b(?i:between)\s+(?:{_F_PART})\s+(?i:and)\s+(?:{_F_PART})\b",
    rf"\b(?i:from)\s+(?:{_F_PART})\s+(?i:to|until|through)\s+(?:{_F_PART})\b",
    rf"\b(?i:in|since|by|until|till|from|to|of|during|before|after|through|and|circa|the)\s+(?P<t>{_F_MOD}{_F_YEAR}|'\d\d)\b"
    r"(?!\s*%|-\d|\s*percent|[.,]\d)",
    rf"(?P<t>\b(?i:early|mid|late)[- ]{_F_YEAR})\b|(?<![\d$£€.,]\s)(?<![\d$£€.,])\b(?P<t2>{_F_YEAR})(?![.,]\d)(?=\s*[,.;:)!?\n]|\s*\Z)",
    rf"(?:\b(?i:the)\s+)?{_F_MOD}(?:\b(?:1[89]|20)\d0s\b|(?<!\w)'\d0s\b)",
    rf"(?:\b(?i:in|during|since|by|until)\s+)?(?P<t>(?:\b(?i:last|this|next|past|early|late|the)\s+)?\b{_F_SEASON}"
    rf"(?:\s+(?:of\s+)?{_F_YEAR})?)\b",
    rf"\b(?:(?i:the)\s+)?(?i:first|second|third|fourth|final|last|1st|2nd|3rd|4th|this|next|previous|past)\s+(?i:quarter)"
    rf"(?:\s+(?i:of)\s+(?:{_F_YEAR_EXPR}))?|\bQ[1-4]\s+{_F_YEAR}\b",
    rf"\b(?:{_F_SHIFT}\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"(?:\s+(?i:morning|afternoon|evening|night)\b)?",
    r"\b(?i:(?:earlier|later)\s+today|today|tonight|tomorrow|yesterday(?:\s+(?:morning|afternoon|evening))?"
    r"|this\s+(?:morning|afternoon|evening))\b",
    rf"\b(?i:(?:the\s+)?{_F_SHIFT}\s+(?:week|weekend|month|year|decade)|(?:the\s+)?(?:previous|following)\s+day|(?:earlier|later)\s+this\s+(?:week|month|year))\b",
    r"\b(?i:(?:the\s+)?(?:beginning|start|end|middle)\s+of\s+(?:the|this|last|next)\s+(?:week|month|year|decade))\b",
    rf"\b(?i:{_F_NUMBER}\s+(?:day|week|month|year|decade)s?\s+ago)\b",
    r"\b(?i:the\s+(?:day|week|month|year)\s+(?:before|after|previous)|that\s+(?:week|month|year)"
    r"|the\s+(?:same|entire|whole)\s+(?:day|week|month|quarter|year|period)(?:\s+(?:a|one)\s+year\s+(?:ago|earlier|before))?|(?:a|one)\s+(?:day|week|month|year)\s+(?:earlier|later))\b",
    r"\b(?i:recently|lately|currently|nowadays)\b",
))
_AMBIGUOUS_MONTH = re.compile(r"^(?:May|March)$")
_MONTH_CONTEXT = re.compile(r"\b(?i:in|since|until|by|during|of|early|mid|late|last|next|this|from|to|before|after)\s+$")
_SEASON_ONLY = re.compile(rf"^{_F_SEASON}$")
_SEASON_CONTEXT = re.compile(r"\b(?i:in|since|until|by|during|through|early|late|last|next|this)\s+$")
_SINCE_PREFIX = re.compile(r"\b(?i:since)\s+$")


def _candidate_spans(text: str) -> list[tuple[int, int]]:
    """Return every finder match line by line, taking the named group ``t``/``t2`` where a pattern has one."""
    spans = []
    for line in re.finditer(r"[^\n]+", text):
        for pattern in _FINDERS:
            for match in pattern.finditer(line.group()):
                group = next((g for g in ("t", "t2") if g in pattern.groupindex and match.group(g)), 0)
                spans.append((line.start() + match.start(group), line.start() + match.end(group)))
    return spans


def _plausible(text: str, start: int, end: int) -> bool:
    """Drop a bare "May"/"March" or season unless a preposition shows it is a time ("to fall" is a verb)."""
    words = text[start:end]
    if _SEASON_ONLY.match(words):
        return bool(_SEASON_CONTEXT.search(text, max(0, start - 12), start))
    return not _AMBIGUOUS_MONTH.match(words) or bool(_MONTH_CONTEXT.search(text, max(0, start - 12), start))


def find_time_expressions(text: str) -> list[tuple[int, int]]:
    """Return the spans (character offsets, end-exclusive, in text order, non-overlapping) of time expressions.

    Contract: a span keeps the words that change the meaning ("since 2016", "last summer", "two weeks
    ago", "earlier this month", "between 2014 and 2016") and leaves out plain "in", "on", "at" and
    "during" ("in November" -> "November"), which ``resolve_time`` ignores anyway. Where matches
    overlap, the longest wins. Bare "May"/"March" and bare season words need a preposition before
    them. This complements spaCy's DATE entities; it does not resolve anything.
    """
    chosen: list[tuple[int, int]] = []
    for start, end in sorted(set(_candidate_spans(text)), key=lambda span: (span[0], span[0] - span[1])):
        if end <= start or not _plausible(text, start, end):
            continue
        if chosen and start < chosen[-1][1]:
            if end - start > chosen[-1][1] - chosen[-1][0] and chosen[-1][0] == start:
                chosen[-1] = (start, end)
            continue
        since = _SINCE_PREFIX.search(text, max(0, start - 12), start)
        chosen.append((since.start() if since and since.end() == start else start, end))
    return chosen
