"""The words of calendar time the time normalizer reads: months, seasons, parts of the day, numbers.

Owns ``TimeWords`` and ``load_time_words``, which reads ``models/time/time_words.json``. Month
numbers and weekday names come from Python's ``calendar``; the words here are the rest.
A leaf: imports the standard library, ``pipeline.errors`` and ``pipeline.knowledge``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pipeline.errors import ModelError
from pipeline.knowledge import data_path

TIME_WORDS_FILE = data_path("time", "time_words.json")


@dataclass(frozen=True)
class TimeWords:
    """Calendar words, in the order the file lists them (regular expressions alternate them in that order).

    ``months``: full month names, January first; ``month_abbreviations``: short forms other than
    the full names ("sept", "sep"); ``seasons``: word -> (TimeML season code, first month);
    ``day_parts``: word -> TimeML part-of-day code; ``numbers``: number words -> value;
    ``ordinals``: quarter ordinals -> quarter; ``shifts``: "last"/"this"/"next"... -> units moved.
    """

    months: tuple[str, ...]
    month_abbreviations: tuple[str, ...]
    seasons: dict[str, tuple[str, int]]
    day_parts: dict[str, str]
    numbers: dict[str, int]
    ordinals: dict[str, int]
    shifts: dict[str, int]


@cache
def load_time_words(path: Path = TIME_WORDS_FILE) -> TimeWords:
    """Return the time words of ``path`` (the shipped file by default), read once per path.

    Raises ``ModelError`` when the file cannot be read or parsed or lacks a table.
    """
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        return TimeWords(
            months=tuple(doc["months"]), month_abbreviations=tuple(doc["month_abbreviations"]),
            seasons={word: (code, int(month)) for word, (code, month) in doc["seasons"].items()},
            day_parts=dict(doc["day_parts"]), numbers=dict(doc["numbers"]), ordinals=dict(doc["ordinals"]),
            shifts=dict(doc["shifts"]),
        )
    except (OSError, json.JSONDecodeError, KeyError, ValueError) as e:
        raise ModelError(f"cannot read the time words of {path}: {e!r}; restore the file from git",
                         origin=str(path), stage="normalize") from e
