"""Time expressions: find them in article text and normalize them against the publication date.

Owns the patterns that turn "in September of 2015", "last summer" or "two weeks ago" into a
``ResolvedTime`` (each pattern's meaning is a rule of ``time_rules``; the rules that resolve a
part first, "since", "before", "between ... and", are here), the dateparser fallback and the
public API. Its siblings hold the rest: ``time_rules``, ``time_values`` (calendar words and value
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
- A quarter without a year is the occurrence nearest the anchor's quarter, a tie going the clause's way
  ("the fourth quarter" in March: last year's; in August: this year's). "The weekend" is the last one
  (the next one in a future clause); "the day", "the same day", "later in the day" the preceding
  expression's day, else the anchor's; "the 70s" the latest such decade begun by the anchor.
- "recently" is PAST_REF (the three months before the anchor), "currently" PRESENT_REF, "in the long
  term" / "in the future" FUTURE_REF (open from the anchor); "now" is the anchor's date, as MEANTIME
  codes it.
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
from dataclasses import replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from pipeline.normalize.time_context import detect_direction, paragraph_start, passage_year_of, with_year_tail
from pipeline.normalize.time_finder import find_time_expressions
from pipeline.normalize.time_rules import (
    Groups,
    TimeContext,
    rule_ago,
    rule_anaphor,
    rule_day_reference,
    rule_decade,
    rule_deictic,
    rule_edge_of_unit,
    rule_full_date,
    rule_future_ref,
    rule_iso,
    rule_month,
    rule_month_day,
    rule_month_year,
    rule_part_of_unit,
    rule_present,
    rule_quarter,
    rule_same,
    rule_season,
    rule_slash,
    rule_unit_shift,
    rule_vague_past,
    rule_weekday,
    rule_weekend,
    rule_year,
)
from pipeline.normalize.time_values import MONTH_WORDS, NUMBERS, YEARS, Direction, day_value, month_value, year_value
from pipeline.records import ResolvedTime

__all__ = ["Direction", "find_time_expressions", "resolve_time", "resolve_times"]

_MONTH = rf"(?P<month>{MONTH_WORDS})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4}|'\d{2}|(?:last|this|next) year)"
_MOD = r"(?:(?:early|mid|late)[- ]?)?"
_NUMBER = r"(?P<n>\d+|" + "|".join(NUMBERS) + r")"


# --- rules that resolve a part of their expression first -------------------------------------


def _rule_since(m: Groups, ctx: TimeContext) -> ResolvedTime | None:
    inner = _resolve(m["rest"], replace(ctx, prefer="past"))
    if inner is None or inner.start is None:
        return None
    return ResolvedTime(inner.value, inner.start, None, "open", inner.relative)


def _rule_bound(m: Groups, ctx: TimeContext) -> ResolvedTime | None:
    """"before 2010", "after March": open ranges ending before or starting after the inner expression."""
    inner = _resolve(m["rest"], ctx)
    if inner is None or inner.start is None or inner.end is None:
        return None
    if m["word"] == "after":
        return ResolvedTime(inner.value, inner.end + timedelta(days=1), None, "open", inner.relative)
    end = inner.end if m["word"] in ("until", "till", "through") else inner.start - timedelta(days=1)
    return ResolvedTime(inner.value, None, end, "open", inner.relative)


def _rule_range(m: Groups, ctx: TimeContext) -> ResolvedTime | None:
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
_RULES: tuple[tuple[re.Pattern[str], Callable[[Groups, TimeContext], ResolvedTime | None]], ...] = tuple(
    (re.compile(pattern), rule) for pattern, rule in (
        (r"^since (?P<rest>.+)$", _rule_since),
        (r"^(?:between (?P<a>.+?) and |from (?P<a2>.+?) (?:to|until|till|through) "
         r"|(?P<a3>\d{4}) ?[-–] ?(?=\d{4}$))(?P<b>.+)$",
         _rule_range),
        (r"^(?P<word>before|after|until|till|through) (?P<rest>.+)$", _rule_bound),
        (r"^(?P<y>\d{4})-(?P<m>\d{2})(?:-(?P<d>\d{2}))?(?:t[\d:.z+-]*)?$", rule_iso),
        (r"^(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4}|\d{2})$", rule_slash),
        (rf"^{_MOD}{_MONTH} {_DAY},? {_YEAR}$", rule_full_date),
        (rf"^{_DAY} (?:of )?{_MONTH},? {_YEAR}$", rule_full_date),
        (rf"^{_MOD}{_MONTH} {_DAY}$", rule_month_day),
        (rf"^{_DAY} (?:of )?{_MONTH}$", rule_month_day),
        (rf"^{_MOD}{_MONTH},? (?:of )?{_YEAR}$", rule_month_year),
        (rf"^(?:(?P<shift>last|this|next|past) )?{_MOD}{_MONTH}$", rule_month),
        (r"^(?:(?:early|mid|late|end of|start of|beginning of)[- ]?)?(?P<year>\d{4}|'\d{2})$", rule_year),
        (r"^(?:(?:early|mid|late)[- ]?)?(?:(?P<digits>\d{3})0|'(?P<short>\d)0|(?P<two>[1-9]0))'?s$", rule_decade),
        (r"^weekend$", rule_weekend),
        (r"^(?:same day|day|(?:later|earlier|late|early) in the day)$", rule_day_reference),
        (r"^(?:future|near future|long term|longer term|long run|coming years|years to come)$", rule_future_ref),
        (r"^(?:(?P<shift>last|this|next|past|early|late) )?(?P<season>spring|summer|fall|autumn|winter)"
         r"(?:,? (?:of )?" + _YEAR + r")?$", rule_season),
        (r"^(?P<q>first|second|third|fourth|final|1st|2nd|3rd|4th|last|this|next|past|previous) quarter"
         r"(?: of " + _YEAR + r")?$", rule_quarter),
        (r"^q(?P<q>[1-4]),? (?P<year>\d{4})$", rule_quarter),
        (r"^(?:(?P<shift>last|this|next|past) )?(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
         r"(?: (?P<part>morning|afternoon|evening|night))?$", rule_weekday),
        (r"^(?:earlier |later )?(?:(?P<word>today|yesterday|tomorrow|tonight)"
         r"|this (?P<part>morning|afternoon|evening))$",
         rule_deictic),
        (r"^(?P<word>yesterday|tomorrow) (?P<part>morning|afternoon|evening|night)$", rule_deictic),
        (rf"^(?P<shift>last|this|next|past|coming|current) {_UNITS}$", rule_unit_shift),
        (rf"^(?P<side>earlier|later) this {_UNITS}$", rule_part_of_unit),
        (rf"^(?:beginning|start|end|middle|close) of (?:the )?(?P<shift>last|this|next|previous)? ?{_UNITS}$",
         rule_edge_of_unit),
        (rf"^{_NUMBER} (?P<unit>day|week|month|year|decade)s? ago$", rule_ago),
        (rf"^(?:(?P<dir>previous|following) {_UNITS}"
         rf"|{_UNITS.replace('unit', 'unit2')} (?P<dir2>before|after|previous|earlier|later)"
         rf"|(?:a|one) {_UNITS.replace('unit', 'unit3')} (?P<dir3>earlier|before|later))$", rule_anaphor),
        (r"^(?:(?:same|entire|whole) |that )(?P<unit>day|week|month|quarter|year|period)"
         r"(?P<ago> (?:a|one) year (?:ago|earlier|before)| of (?:the )?(?:last|previous) year)?$", rule_same),
        (r"^(?:recently|recent|lately|more recently|in recent (?:days|weeks|months))$", rule_vague_past),
        (r"^(?P<word>now|right now|currently|at present|at the moment|nowadays|presently)$", rule_present),
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
    text = re.sub(r"-quarter\b", " quarter", text)  # "third-quarter profit"
    return _LEADING.sub("", text)


def _resolve(text: str, ctx: TimeContext) -> ResolvedTime | None:
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


def _groups(match: re.Match[str]) -> Groups:
    """Return the match's named groups, alternatives of one name (unit2, unit3) folded into it."""
    groups: Groups = {}
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
        raise ValueError(f"anchor {anchor} / passage year {passage_year} is outside 1000-2999: "
                         "pass the publication date")
    ctx = TimeContext(anchor=anchor, passage_year=passage_year, prefer=prefer, reference=reference)
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
