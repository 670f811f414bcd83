"""Time expressions: find them in article text and normalize them against the publication date.

Owns the rules that turn "in September of 2015", "last summer" or "two weeks ago" into a
``ResolvedTime``. Its siblings hold the rest: ``time_values`` (calendar words and value
builders), ``time_context`` (clause tense and passage years for ``resolve_times``) and
``time_finder`` (``find_time_expressions``, re-exported here). Imports only the standard library,
dateparser (lazily, as a last resort), those siblings and ``pipeline.records``; it must not import
spaCy or any other stage.

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

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from pipeline.normalize.time_context import detect_direction, paragraph_start, passage_year_of, with_year_tail
from pipeline.normalize.time_finder import find_time_expressions
from pipeline.normalize.time_values import (
    DAY_PARTS, MONTH_BY_PREFIX, MONTH_WORDS, NUMBERS, ORDINALS, SEASONS, SHIFTS, WEEKDAYS, YEARS, Direction,
    day_value, decade_value, month_value, quarter_value, safe_date, season_value, season_year, shift_date,
    shift_months, unit_value, weekday_date, year_value,
)
from pipeline.records import ResolvedTime

__all__ = ["Direction", "find_time_expressions", "resolve_time", "resolve_times"]

_Groups = dict[str, Any]  # a rule's view of its match: group name -> text or None

_MONTH = rf"(?P<month>{MONTH_WORDS})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4}|'\d{2}|(?:last|this|next) year)"
_MOD = r"(?:(?:early|mid|late)[- ]?)?"
_NUMBER = r"(?P<n>\d+|" + "|".join(NUMBERS) + r")"


@dataclass(frozen=True)
class _Context:
    """What an expression is read against: the anchor, the passage year, tense, the previous time."""

    anchor: date | None
    passage_year: int | None
    prefer: Direction
    reference: ResolvedTime | None


# --- picking a year for expressions that name none --------------------------------------------


def _year_of(text: str, ctx: _Context) -> tuple[int, bool] | None:
    """Return the year an explicit year expression ("2015", "'82", "next year") names, and whether it was relative."""
    if text.isdigit():
        return (int(text), False) if int(text) in YEARS else None
    if ctx.anchor is None:
        return None
    if text.startswith("'"):
        year = ctx.anchor.year - ctx.anchor.year % 100 + int(text[1:])
        return (year if year <= ctx.anchor.year else year - 100), True
    return ctx.anchor.year + SHIFTS[text.split()[0]], True


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


def _rule_iso(m: _Groups, ctx: _Context) -> ResolvedTime | None:
    year, month, day = int(m["y"]), int(m["m"]), m["d"]
    if not 1 <= month <= 12 or year not in YEARS:
        return None
    return _day_or_none(year, month, int(day)) if day else month_value(year, month, False)


def _day_or_none(year: int, month: int, day: int, relative: bool = False) -> ResolvedTime | None:
    found = safe_date(year, month, day)
    return day_value(found, relative) if found else None


def _rule_slash(m: _Groups, ctx: _Context) -> ResolvedTime | None:
    year = int(m["y"])
    if year < 100:
        year += 2000 if year < 69 else 1900
    return _day_or_none(year, int(m["m"]), int(m["d"]))


def _month_number(text: str) -> int:
    return MONTH_BY_PREFIX[text[:3]]


def _rule_full_date(m: _Groups, ctx: _Context) -> ResolvedTime | None:
    year = _year_of(m["year"], ctx)
    if year is None:
        return None
    return _day_or_none(year[0], _month_number(m["month"]), int(m["day"]), year[1])


def _rule_month_day(m: _Groups, ctx: _Context) -> ResolvedTime | None:
    found = _month_day(_month_number(m["month"]), int(m["day"]), ctx)
    return day_value(found, True) if found else None


def _rule_month_year(m: _Groups, ctx: _Context) -> ResolvedTime | None:
    year = _year_of(m["year"], ctx)
    return month_value(year[0], _month_number(m["month"]), year[1]) if year else None


def _rule_month(m: _Groups, ctx: _Context) -> ResolvedTime | None:
    month = _month_number(m["month"])
    year = _month_year(month, ctx, m["shift"] or "")
    return month_value(year, month, True) if year is not None else None


def _rule_year(m: _Groups, ctx: _Context) -> ResolvedTime | None:
    year = _year_of(m["year"], ctx)
    return year_value(*year) if year else None


def _rule_decade(m: _Groups, ctx: _Context) -> ResolvedTime | None:
    if m["digits"]:
        return decade_value(int(m["digits"]) * 10, False)
    year = _year_of("'" + m["short"] + "0", ctx)
    return decade_value(*year) if year else None


def _rule_season(m: _Groups, ctx: _Context) -> ResolvedTime | None:
    code, first_month = SEASONS[m["season"]]
    if m["year"]:
        year = _year_of(m["year"], ctx)
        return season_value(year[0], code, year[1]) if year else None
    if ctx.passage_year is not None and not m["shift"]:
        return season_value(ctx.passage_year, code, True)
    if ctx.anchor is None:
        return None
    return season_value(season_year(code, first_month, ctx.anchor, m["shift"] or "", ctx.prefer), code, True)


def _rule_quarter(m: _Groups, ctx: _Context) -> ResolvedTime | None:
    if m["year"]:
        year = _year_of(m["year"], ctx)
        number = int(m["q"]) if m["q"].isdigit() else {**ORDINALS, "last": 4}.get(m["q"])
        return quarter_value(year[0], number, year[1]) if year and number else None
    if m["q"] in SHIFTS:
        return None if ctx.anchor is None else unit_value(shift_date(ctx.anchor, "quarter", SHIFTS[m["q"]]), "quarter", True)
    year = ctx.passage_year or (ctx.anchor.year if ctx.anchor else None)
    return quarter_value(year, ORDINALS[m["q"]], True) if year is not None and m["q"] in ORDINALS else None


def _rule_weekday(m: _Groups, ctx: _Context) -> ResolvedTime | None:
    if ctx.anchor is None:
        return None
    day = weekday_date(WEEKDAYS[m["weekday"]], ctx.anchor, m["shift"] or "", ctx.prefer)
    return day_value(day, True, DAY_PARTS.get(m["part"] or "", ""))


def _rule_deictic(m: _Groups, ctx: _Context) -> ResolvedTime | None:
    if ctx.anchor is None:
        return None
    word = m["word"]
    offset = {"yesterday": -1, "tomorrow": 1}.get(word, 0)
    return day_value(ctx.anchor + timedelta(days=offset), True, DAY_PARTS.get(m["part"] or word, ""))


def _rule_unit_shift(m: _Groups, ctx: _Context) -> ResolvedTime | None:
    if ctx.anchor is None:
        return None
    unit, steps = m["unit"], SHIFTS[m["shift"]]
    return unit_value(shift_date(ctx.anchor, unit, steps), unit, True)


def _rule_part_of_unit(m: _Groups, ctx: _Context) -> ResolvedTime | None:
    """"earlier this month" -> the month's value, covering its first day to the anchor."""
    if ctx.anchor is None:
        return None
    whole = unit_value(ctx.anchor, m["unit"], True)
    start, end = (whole.start, ctx.anchor) if m["side"] == "earlier" else (ctx.anchor, whole.end)
    return ResolvedTime(whole.value, start, end, "range", True)


def _rule_edge_of_unit(m: _Groups, ctx: _Context) -> ResolvedTime | None:
    """"the end of last year" -> the whole year (TimeML keeps the unit and marks the edge as a modifier)."""
    if ctx.anchor is None:
        return None
    return unit_value(shift_date(ctx.anchor, m["unit"], SHIFTS.get(m["shift"], 0)), m["unit"], True)


def _rule_ago(m: _Groups, ctx: _Context) -> ResolvedTime | None:
    if ctx.anchor is None:
        return None
    count = int(m["n"]) if m["n"].isdigit() else NUMBERS[m["n"]]
    if count * {"day": 1, "week": 7, "month": 31, "year": 366, "decade": 3653}[m["unit"]] >= (ctx.anchor - date(2, 1, 1)).days:
        return None  # before the calendar begins
    day = shift_date(ctx.anchor, m["unit"], -count)
    return day_value(day, True) if m["unit"] in ("day", "week") else unit_value(day, m["unit"], True)


def _rule_anaphor(m: _Groups, ctx: _Context) -> ResolvedTime | None:
    """"the previous day", "a year earlier": one unit from the preceding expression, else from the anchor."""
    unit = m["unit"]
    base = _reference_day(ctx, unit) or ctx.anchor
    if base is None:
        return None
    steps = 1 if (m["dir"] or m["dir2"]) in ("following", "after", "later") else -1
    return unit_value(shift_date(base, unit, steps), unit, True)


def _rule_same(m: _Groups, ctx: _Context) -> ResolvedTime | None:
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
_MONTH_WORD = re.compile(rf"\b(?:{MONTH_WORDS})\b")


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
    if (anchor is None and relative) or found.year not in YEARS:
        return None
    if data.period == "year":
        return year_value(found.year, relative)
    if data.period == "month":
        return month_value(found.year, found.month, relative)
    return day_value(found, relative)


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
    if (anchor is not None and anchor.year not in YEARS) or (passage_year is not None and passage_year not in YEARS):
        raise ValueError(f"anchor {anchor} / passage year {passage_year} is outside 1000-2999: pass the publication date")
    ctx = _Context(anchor=anchor, passage_year=passage_year, prefer=prefer, reference=reference)
    return _resolve(_normalize(expression), ctx)


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
        paragraph = paragraph_start(text, start)
        resolved = resolve_time(
            with_year_tail(text, start, end), anchor=anchor, passage_year=passage_year_of(text, start, end),
            prefer=detect_direction(text, start, end), reference=last_in_paragraph.get(paragraph),
        )
        if resolved is not None and resolved.start is not None:
            last_in_paragraph[paragraph] = resolved
        results[index] = resolved
    return [results[index] for index in range(len(spans))]
