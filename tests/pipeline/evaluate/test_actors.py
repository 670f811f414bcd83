"""Tests for pipeline.evaluate.actors: whether an entity stands for a gold actor key."""

from __future__ import annotations

import pytest
from builders import entity

from pipeline.evaluate.actors import actor_matches
from pipeline.records import Entity

TURKEY = entity("Turkey", type="state", country="TUR", id="TUR")
TURKISH_AIR_FORCE = entity("Turkey", type="state", country="TUR", id="TUR", mention="the Turkish air force", sector="MIL")
RUSSIA = entity("Russia", type="state", country="RUS", id="RUS")


@pytest.mark.parametrize(("ent", "key", "expected"), [
    (TURKEY, "TUR", True),
    (TURKISH_AIR_FORCE, "TUR", True),                                                        # state with a sector
    (entity("Turkish Air Force", country="TUR", id="TURMIL"), "TUR", True),                  # its id is the state
    (entity("Turkish Airlines", country="TUR"), "TUR", False),                               # a company of the state
    (entity("Vladimir Putin", type="person", country="RUS"), "RUS", False),
    (RUSSIA, "TUR", False),
    (entity("Recep Tayyip Erdoğan", type="person", country="TUR", mention="Erdogan"), "Recep Tayyip Erdoğan|Q39259", True),
    (entity("Erdogan", type="person"), "Recep Tayyip Erdoğan|Q39259", True),                 # surname
    (entity("Recep Erdogan", type="person"), "Recep Tayyip Erdoğan", True),                  # first and last name
    (entity("Tayyip", type="organization"), "Recep Tayyip Erdoğan", False),
    (entity("Bashar al Assad", type="person"), "Bashar al-Assad|Q44329", True),
    (entity("Assad", type="person", wikidata="Q1"), "Bashar al-Assad|Q44329", False),         # the QID decides
    (entity("Putin's envoy", type="person", wikidata="Q7747"), "Vladimir Putin|Q7747", True),
    (entity("North Atlantic Treaty Organization", type="igo", country="IGO", mention="the alliance"), "NATO|Q7184", True),
    (entity("GNA", type="armed_group"), "Government of National Accord", True),              # acronym
    (entity("EADS N.V."), "European Aeronautic Defence and Space Company", True),
    (entity("European Aeronautic Defence & Space NV"), "European Aeronautic Defence and Space Company", True),  # "&"
    (entity("European Defence Space NV"), "European Aeronautic Defence and Space Company", False),
    (entity("Apple Inc.", mention="Apple"), "Apple Inc.|Q312", True),
    (entity("Apple Corps"), "Apple Inc.|Q312", False),
    (entity("United States Federal Reserve"), "Federal Reserve", True),                      # organization suffix
    (entity("company", mention="the company"), "Ford Motor Company", False),
    (entity("militias allied with the Turkish military", type="armed_group"), "Turkish-backed militias", True),
    (entity("armed group", type="armed_group"), "Wagner Group", False),
    (entity("Kurds", type="armed_group", mention="the Syrian Kurds"), "Syrian Kurds", True),
    (None, None, True),
    (None, "TUR", False),
    (TURKEY, None, False),
])
def test_actors_actor_matches(ent: Entity | None, key: str | None, expected: bool) -> None:
    assert actor_matches(ent, key) is expected
