"""Fuzzing normalization: arbitrary time expressions, actor names and place names resolve or give None,
never raise (with an anchor in the supported years)."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.normalize.time import resolve_time
from pipeline.run import Pipeline

FUZZ = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
TIME_WORDS = st.sampled_from([
    "last", "next", "the", "previous", "day", "week", "month", "year", "ago", "since", "in", "on", "early", "late", "mid",
    "2015", "0", "99999", "1999s", "31", "February", "Feb.", "Monday", "spring", "Q4", "quarter", "between", "and", "-",
    "/", "13/45/2020", "2020-02-30", "3000", "0999", "that", "same", "decade", "century", "weeks", "-1", "1e9",
])
TIME_TEXT = st.lists(TIME_WORDS, max_size=8).map(" ".join) | st.text(max_size=40)
ANCHORS = st.dates(min_value=date(1000, 1, 1), max_value=date(2999, 12, 31)) | st.none()
NAME_WORDS = st.sampled_from(["the", "President", "of", "Turkey", "Putin", "U.S.", "-", "'s", "Erdoğan", "Ministry", "al-", "", " ", "NATO"])
NAMES = st.lists(NAME_WORDS, max_size=6).map(" ".join) | st.text(max_size=30)


@FUZZ
@given(expression=TIME_TEXT, anchor=ANCHORS, prefer=st.sampled_from(["past", "future"]), year=st.integers(1000, 2999) | st.none())
def test_fuzz_resolve_time_arbitrary_expressions(expression: str, anchor: date | None, prefer: str, year: int | None) -> None:
    resolved = resolve_time(expression, anchor=anchor, prefer=prefer, passage_year=year)  # type: ignore[arg-type]
    assert resolved is None or resolved.value


@FUZZ
@given(mention=NAMES, label=st.sampled_from([None, "PERSON", "ORG", "GPE", "NORP"]), on=ANCHORS)
def test_fuzz_resolve_actor_arbitrary_names(
    rules_pipeline: Pipeline, mention: str, label: str | None, on: date | None
) -> None:
    entity = rules_pipeline.normalizer.registry.resolve(mention, label=label, on=on)
    assert entity.id


@FUZZ
@given(name=NAMES, context=st.lists(st.sampled_from(["TUR", "USA", "RUS", "", "XXX"]), max_size=3))
def test_fuzz_resolve_place_arbitrary_names(rules_pipeline: Pipeline, name: str, context: list[str]) -> None:
    place = rules_pipeline.normalizer.gazetteer.resolve(name, context_countries=tuple(context))
    assert place is None or place.name
