"""The calendar words of ``models/time/time_words.json``, read by ``pipeline.knowledge.time_words``."""

from __future__ import annotations

import calendar
from pathlib import Path

import pytest

from pipeline.errors import ModelError
from pipeline.knowledge.time_words import load_time_words


def test_time_words_months_agree_with_the_calendar() -> None:
    words = load_time_words()

    assert words.months == tuple(calendar.month_name[n].lower() for n in range(1, 13))
    assert all(abbreviation[:3] in {m[:3] for m in words.months} for abbreviation in words.month_abbreviations)


def test_time_words_tables_keep_their_types_and_order() -> None:
    words = load_time_words()

    assert words.seasons == {"spring": ("SP", 3), "summer": ("SU", 6), "fall": ("FA", 9), "autumn": ("FA", 9),
                             "winter": ("WI", 12)}
    assert list(words.numbers)[:3] == ["a", "an", "one"] and words.numbers["twelve"] == 12
    assert words.shifts["last"] == -1 and words.ordinals["final"] == 4


def test_time_words_missing_table_raises(tmp_path: Path) -> None:
    path = tmp_path / "time_words.json"
    path.write_text('{"months": []}', encoding="utf-8")

    with pytest.raises(ModelError, match="cannot read the time words"):
        load_time_words(path)
