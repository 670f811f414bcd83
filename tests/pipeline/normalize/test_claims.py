"""Normalization of candidates into claims: the article's home country for unplaced sector actors,
event time from the text (never the publication date), actors resolved with the mention kept."""

from __future__ import annotations

from datetime import datetime

import pytest

from pipeline.normalize.claims import home_country
from pipeline.records import ActorSpan, Article, Extraction, Span
from pipeline.run import Pipeline


def extraction_with(places: list[tuple[str, str]]) -> Extraction:
    text = " ".join(name for name, _ in places)
    spans, start = [], 0
    for name, label in places:
        spans.append(Span(text=name, start=start, end=start + len(name), label=label))
        start += len(name) + 1
    return Extraction(article=Article(id="a", text=text), candidates=(), entities=tuple(spans))


@pytest.mark.parametrize(("places", "expected"), [
    ([("Washington", "GPE"), ("American", "NORP"), ("United States", "GPE"), ("France", "GPE")], "USA"),
    ([("Turkey", "GPE"), ("Russia", "GPE"), ("Ankara", "GPE"), ("Moscow", "GPE")], None),
    ([("Turkey", "GPE")], None),
    ([], None),
])
def test_claims_home_country_only_when_one_dominates(pipeline: Pipeline, places: list, expected: str | None) -> None:
    assert home_country(extraction_with(places), pipeline.normalizer) == expected


def test_claims_unplaced_sector_actor_takes_the_home_country(pipeline: Pipeline) -> None:
    actor = ActorSpan(mention=Span(text="the Air Force", start=0, end=13), resolved="Air Force", label="ORG")
    entity = pipeline.normalizer.entity(actor, on=None, home="USA")
    assert (entity.id, entity.country, entity.sector, entity.mention) == ("USA:MIL", "USA", "MIL", "the Air Force")
    assert pipeline.normalizer.entity(actor, on=None, home=None).country is None


def test_claims_time_is_null_when_the_text_states_none(pipeline: Pipeline) -> None:
    from pipeline.run import process_batch

    article = Article(id="t", text="Turkey supports the GNA. In 2004, Putin visited Turkey.", published_at=datetime(2020, 11, 20))
    [result] = process_batch(pipeline, [article])
    times = {c.predicate.plover: c.time for c in result.claims}
    assert times["SUPPORT"] is None
    assert (times["CONSULT"].start, times["CONSULT"].end, times["CONSULT"].granularity) == ("2004-01-01", "2004-12-31", "year")


@pytest.mark.parametrize(("resolved", "context", "expected"), [
    ("ethnic Albanians", "in south Serbia", ("SRB", None)),
    ("Turkish troops", "in Syria", ("TUR", "MIL")),
    ("rebels", "in the Ivory Coast", ("CIV", "REB")),
])
def test_claims_people_are_coded_where_they_are_forces_keep_their_state(
    pipeline: Pipeline, resolved: str, context: str, expected: tuple
) -> None:
    label = "GROUP" if resolved == "rebels" else "NORP"
    actor = ActorSpan(mention=Span(text=resolved, start=0, end=len(resolved)), resolved=resolved, label=label, context=context)
    entity = pipeline.normalizer.entity(actor, on=None)
    assert (entity.country, entity.sector) == expected
