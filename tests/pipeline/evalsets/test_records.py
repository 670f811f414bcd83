from __future__ import annotations

import pytest

from pipeline.evalsets.records import CharSpan, GoldEvent


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (CharSpan(0, 5), CharSpan(4, 9), True),
        (CharSpan(0, 5), CharSpan(5, 9), False),
        (CharSpan(3, 4), CharSpan(0, 10), True),
        (CharSpan(6, 9), CharSpan(0, 6), False),
    ],
    ids=["overlap", "touching-end-exclusive", "inside", "after"],
)
def test_records_span_overlaps(a: CharSpan, b: CharSpan, expected: bool) -> None:
    assert (a.overlaps(b), b.overlaps(a)) == (expected, expected)


def test_records_span_shifted() -> None:
    assert CharSpan(10, 14).shifted(-10) == CharSpan(0, 4)


def test_records_event_sides_and_pair() -> None:
    event = GoldEvent(
        dataset="x",
        document="d1",
        text="Arnor praised Gondor in Minas.",
        label="1",
        source=(CharSpan(0, 5),),
        target=(CharSpan(14, 20),),
        location=(CharSpan(24, 29),),
    )

    assert (event.has_pair, event.spans_text("source"), event.spans_text("target"), event.spans_text("location")) == (
        True,
        ("Arnor",),
        ("Gondor",),
        ("Minas",),
    )
    assert (
        GoldEvent(dataset="x", document="d1", text="Arnor left.", label="1", source=(CharSpan(0, 5),)).has_pair is False
    )
