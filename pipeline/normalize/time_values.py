"""Calendar values of the time normalizer: the words it knows and the ``ResolvedTime`` of each calendar unit.

Owns the vocabulary shared by the resolver and the finder (month, weekday, season and number
words, read from ``models/time/time_words.json`` by ``pipeline.knowledge.time_words``), and the
builders that turn a year, month, day, week, quarter or decade into a ``ResolvedTime`` with its
TimeML value. Imports the standard library, ``pipeline.knowledge`` and ``pipeline.records``; never
spaCy or another stage.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date, timedelta
from typing import Literal

from pipeline.knowledge.time_words import load_time_words
from pipeline.records import ResolvedTime

Direction = Literal["past", "future"]

MONTH_BY_PREFIX = {calendar.month_abbr[number].lower(): number for number in range(1, 13)}
WEEKDAYS = {name.lower(): number for number, name in enumerate(calendar.day_name)}
_WORDS = load_time_words()
SEASONS = _WORDS.seasons
DAY_PARTS = _WORDS.day_parts
NUMBERS = _WORDS.numbers
ORDINALS = _WORDS.ordinals
YEARS = range(1000, 3000)  # what a news text can mean by four digits; keeps date arithmetic in range
SHIFTS = _WORDS.shifts

MONTH_WORDS = "|".join((*_WORDS.months, *_WORDS.month_abbreviations))  # a regular expression alternation


def month_end(year: int, month: int) -> date:
    """Return the last day of ``month`` of ``year``."""
    return date(year, month, calendar.monthrange(year, month)[1])


def day_value(day: date, relative: bool, part: str = "") -> ResolvedTime:
    """Return ``day`` as a day value; ``part`` (MO, AF, EV, NI) adds the part of the day ("2015-11-20TNI")."""
    return ResolvedTime(day.isoformat() + (f"T{part}" if part else ""), day, day, "day", relative)


def month_value(year: int, month: int, relative: bool) -> ResolvedTime:
    """Return the month as a value ("2015-11") covering its first to last day."""
    return ResolvedTime(f"{year:04d}-{month:02d}", date(year, month, 1), month_end(year, month), "month", relative)


def year_value(year: int, relative: bool) -> ResolvedTime:
    """Return the year as a value ("2015") covering January 1 to December 31."""
    return ResolvedTime(f"{year:04d}", date(year, 1, 1), date(year, 12, 31), "year", relative)


def decade_value(year: int, relative: bool) -> ResolvedTime:
    """Return the decade containing ``year`` as a value ("199" for the 1990s)."""
    first = year - year % 10
    return ResolvedTime(f"{first // 10:03d}", date(first, 1, 1), date(first + 9, 12, 31), "decade", relative)


def season_end(year: int, code: str) -> date:
    """Return the last day of the meteorological season ``code`` (SP, SU, FA, WI) of ``year``; winter
    runs into February of the next year."""
    first = next(month for name, month in SEASONS.values() if name == code)
    end_year, end_month = (year + 1, 2) if first == 12 else (year, first + 2)
    return month_end(end_year, end_month)


def season_value(year: int, code: str, relative: bool) -> ResolvedTime:
    """Return the meteorological season ``code`` (SP, SU, FA, WI) of ``year`` as a value ("2015-SU")."""
    first = next(month for name, month in SEASONS.values() if name == code)
    return ResolvedTime(f"{year:04d}-{code}", date(year, first, 1), season_end(year, code), "season", relative)


def week_value(day: date, relative: bool, weekend: bool = False) -> ResolvedTime:
    """Return the ISO week containing ``day`` ("2015-W47"), or its weekend ("2015-W47-WE"), as a range."""
    iso = day.isocalendar()
    monday = day - timedelta(days=iso.weekday - 1)
    start = monday + timedelta(days=5) if weekend else monday
    value = f"{iso.year:04d}-W{iso.week:02d}" + ("-WE" if weekend else "")
    return ResolvedTime(value, start, monday + timedelta(days=6), "range", relative)


def quarter_value(year: int, quarter: int, relative: bool) -> ResolvedTime:
    """Return the quarter ("2015-Q4") as a range of its three months."""
    first = 3 * quarter - 2
    return ResolvedTime(f"{year:04d}-Q{quarter}", date(year, first, 1), month_end(year, first + 2), "range", relative)


def shift_months(day: date, months: int) -> date:
    """Return ``day`` moved by ``months`` (negative: back), its day of the month clipped to the month's length."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def unit_value(day: date, unit: str, relative: bool) -> ResolvedTime:
    """Return the calendar ``unit`` (day, week, weekend, month, quarter, year, decade) containing ``day``."""
    builders: dict[str, Callable[[], ResolvedTime]] = {
        "day": lambda: day_value(day, relative), "week": lambda: week_value(day, relative),
        "weekend": lambda: week_value(day, relative, weekend=True),
        "month": lambda: month_value(day.year, day.month, relative),
        "quarter": lambda: quarter_value(day.year, (day.month - 1) // 3 + 1, relative),
        "year": lambda: year_value(day.year, relative), "decade": lambda: decade_value(day.year, relative),
    }
    return builders[unit]()


def shift_date(day: date, unit: str, steps: int) -> date:
    """Return ``day`` moved by ``steps`` calendar ``unit``s (day, week, weekend, month, quarter, year, decade)."""
    if unit in ("day", "week", "weekend"):
        return day + timedelta(days=steps * (1 if unit == "day" else 7))
    months = {"month": 1, "quarter": 3, "year": 12, "decade": 120}[unit]
    return shift_months(day, steps * months)


def safe_date(year: int, month: int, day: int) -> date | None:
    """Return the date, or None when it does not exist (February 30)."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def weekday_date(weekday: int, anchor: date, shift: str, prefer: Direction) -> date:
    """Return the date of a weekday: on or before the anchor by default, strictly before for "last"."""
    back = (anchor.weekday() - weekday) % 7
    ahead = (weekday - anchor.weekday()) % 7
    if shift in ("last", "past"):
        return anchor - timedelta(days=back or 7)
    if shift == "next":
        return anchor + timedelta(days=ahead or 7)
    return anchor + timedelta(days=ahead) if prefer == "future" else anchor - timedelta(days=back)


def season_year(code: str, first_month: int, anchor: date, shift: str, prefer: Direction) -> int:
    """Return the year of the season: "last" ended before the anchor, plain began on or before it."""
    year = anchor.year if first_month <= anchor.month else anchor.year - 1
    if shift in ("last", "past"):
        return year if season_end(year, code) < anchor else year - 1
    if shift == "next" or (not shift and prefer == "future"):
        return year + 1 if shift == "next" or season_end(year, code) < anchor else year
    return year
