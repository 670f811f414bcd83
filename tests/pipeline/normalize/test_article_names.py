"""Short names linked to the full names an article gave (``pipeline.normalize.article_names``): one actor, one id
through an article. Mentions are our own, written as an article would name the actors."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.normalize.actors import ActorRegistry
from pipeline.normalize.article_names import NameChains, name_chains
from pipeline.records import Span

REGISTRY = Path(__file__).resolve().parents[3] / "models" / "registry"


@pytest.fixture(scope="module")
def registry() -> ActorRegistry:
    return ActorRegistry.load(REGISTRY)


def ids_of(registry: ActorRegistry, mentions: list[tuple[str, str]]) -> list[str]:
    """Return the id each (text, label) mention of one article gets, read as the claims read it."""
    spans, offset = [], 0
    for text, label in mentions:
        spans.append(Span(text=text, start=offset, end=offset + len(text), label=label))
        offset += len(text) + 10
    chains = name_chains(spans, registry, on=None)
    found = []
    for span in spans:
        entity = registry.resolve(span.text, label=span.label)
        words = registry.name_words(span.text, person=entity.type == "person")
        found.append(chains.link(entity, words, start=span.start).id)
    return found


@pytest.mark.parametrize(("mentions", "expected"), [
    # a surname after the full name, the full name unknown to the registry
    ([("Marta Oyelaran", "PERSON"), ("Oyelaran", "PERSON")], ["x:marta_oyelaran", "x:marta_oyelaran"]),
    # a title before the short name, and a first name standing for the person (Korean order)
    ([("Park Ji-hoon", "PERSON"), ("Mr. Park", "PERSON")], ["x:park_ji_hoon", "x:park_ji_hoon"]),
    # the short name before the full one links too: the article is read whole
    ([("Oyelaran", "PERSON"), ("Marta Oyelaran", "PERSON")], ["x:marta_oyelaran", "x:marta_oyelaran"]),
    # two people share the surname: it stays unlinked
    ([("Marta Oyelaran", "PERSON"), ("Tunde Oyelaran", "PERSON"), ("Oyelaran", "PERSON")],
     ["x:marta_oyelaran", "x:tunde_oyelaran", "x:oyelaran"]),
    # a company under its legal name, its short name, its initials; a title word leads no company name
    ([("General Widgets Corporation", "ORG"), ("General Widgets", "ORG"), ("GW", "ORG")],
     ["x:general_widgets_corporation"] * 3),
    # the same with a listed company of the registry (converted_companies.json): its id throughout
    ([("General Motors Corporation", "ORG"), ("General Motors", "ORG"), ("GM", "ORG")], ["isin_us37045v1008"] * 3),
    ([("Halvorsen Shipping Group", "ORG"), ("Halvorsen", "ORG")], ["x:halvorsen_shipping_group"] * 2),
    # a company's short name before a longer name (its product, its unit) stays the company
    ([("Halvorsen", "ORG"), ("Halvorsen Tankers", "ORG")], ["x:halvorsen", "x:halvorsen_tankers"]),
    # initials in a headline, before the body names the company in full (the short name must not: see above)
    ([("HSG", "ORG"), ("Halvorsen Shipping Group", "ORG")], ["x:halvorsen_shipping_group"] * 2),
    ([("GW", "ORG"), ("General Widgets", "ORG")], ["x:general_widgets"] * 2),
    # initials of the name with its legal form ("Group"), and of the name without it
    ([("Halvorsen Shipping Group", "ORG"), ("HS", "ORG"), ("Halvorsen Shipping", "ORG")],
     ["x:halvorsen_shipping_group"] * 3),
    # an acronym given in parentheses, or an apposition, inside the mention: the name before them
    ([("Nordic Rail Holdings (NRH", "ORG"), ("NRH", "ORG")], ["x:nordic_rail_holdings"] * 2),
    ([("General Motors (GM)", "ORG"), ("GM", "ORG")], ["isin_us37045v1008"] * 2),
    ([("Skyline Tankers Ltd., an Oslo-based consortium", "ORG"), ("Skyline Tankers", "ORG")],
     ["x:skyline_tankers_ltd"] * 2),
    # a one-word name has no initials, with or without its legal form
    ([("AI", "ORG"), ("Halvorsen Inc.", "ORG"), ("H", "ORG")], ["x:ai", "x:halvorsen_inc", "x:h"]),
    # a judge's title before the name
    ([("Mr Justice Alan Threlfall", "PERSON"), ("Alan Threlfall", "PERSON"), ("Threlfall", "PERSON")],
     ["x:alan_threlfall"] * 3),
    # a registry person keeps its id; a place is never relinked
    ([("Recep Tayyip Erdogan", "PERSON"), ("Erdogan", "PERSON"), ("Turkey", "GPE")],
     ["recep_tayyip_erdogan", "recep_tayyip_erdogan", "TUR"]),
])
def test_article_names_one_actor_one_id(registry: ActorRegistry, mentions: list[tuple[str, str]],
                                        expected: list[str]) -> None:
    assert ids_of(registry, mentions) == expected


def test_article_names_link_leaves_other_entities_alone(registry: ActorRegistry) -> None:
    entity = registry.resolve("Oyelaran", label="PERSON")
    assert NameChains().link(entity, ["oyelaran"]) == entity
