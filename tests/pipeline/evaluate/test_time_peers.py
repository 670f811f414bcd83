"""Tests for ``benchmarks/time_peers.py``: dateparser datetimes as TimeML values, and the peers' reported
expressions placed in the article text (the scoring itself is ``pipeline.evaluate.times``, tested beside)."""

from __future__ import annotations

from datetime import date, datetime
from types import ModuleType

import pytest

from pipeline.records import TimeMention


@pytest.fixture(scope="module")
def peers(load_benchmark) -> ModuleType:  # noqa: ANN001
    return load_benchmark("time_peers")


@pytest.mark.parametrize(("moment", "period", "expected"), [
    (datetime(2008, 5, 24), "year", "2008"),
    (datetime(2008, 5, 24), "month", "2008-05"),
    (datetime(2008, 5, 24), "week", "2008-W21"),
    (datetime(2008, 12, 29), "week", "2009-W01"),  # the ISO week's year, not the calendar year
    (datetime(2010, 1, 1), "week", "2009-W53"),
    (datetime(2008, 5, 24), "day", "2008-05-24"),
    (datetime(2008, 5, 24, 15, 30), "time", "2008-05-24"),
    (datetime(2008, 5, 24, 9), "part_of_day", "2008-05-24"),
    (datetime(2008, 5, 24), None, "2008-05-24"),
])
def test_time_peers_timeml_value(peers: ModuleType, moment: datetime, period: str | None, expected: str) -> None:
    assert peers.timeml_value(moment, period) == expected


@pytest.mark.parametrize(("pieces", "expected"), [
    (["Monday", "Monday"], [(3, 9), (24, 30)]),  # a repeated text is the next one in reading order
    (["Monday again", "in May"], [(24, 36), (11, 17)]),  # out of order: searched again from the start
    (["Tuesday", ""], [None, None]),
])
def test_time_peers_locate(peers: ModuleType, pieces: list[str], expected: list[tuple[int, int] | None]) -> None:
    assert peers.locate("On Monday, in May 2008, Monday again.", pieces) == expected


def test_time_peers_mentions_at_drops_what_the_text_lacks(peers: ModuleType) -> None:
    text = "On Monday, in May 2008."
    assert peers.mentions_at(text, [("Monday", "2008-05-26"), ("Sunday", "2008-05-25"), ("May 2008", "2008-05")]) == [
        TimeMention(text="Monday", start=3, end=9, value="2008-05-26"),
        TimeMention(text="May 2008", start=14, end=22, value="2008-05"),
    ]


def test_time_peers_dateparser_finder_values_at_the_reported_granularity(peers: ModuleType) -> None:
    text = "Talks failed on 24 May 2008, resumed in March 2009 and again last week."
    assert peers.dateparser_finder(text, date(2010, 1, 6)) == [
        TimeMention(text="on 24 May 2008", start=13, end=27, value="2008-05-24"),
        TimeMention(text="in March 2009 and", start=37, end=54, value="2009-03"),
        TimeMention(text="last week", start=61, end=70, value="2009-W53"),
    ]
