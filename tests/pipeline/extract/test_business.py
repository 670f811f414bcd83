"""Economic cooperation, aid and requests for aid in business news (``predicates``, ``arguments``,
``candidates``), on real news sentences.

Each row is a sentence and the claim an analyst would code from it, as (subject words, PLOVER
type, object words); the row must be among the extractor's candidates.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest


Finder = Callable[[str], list]  # the candidates_of / triples_of fixtures (conftest.py)


COOPERATE_CASES = [
    # a product named after its maker: the maker is the trade partner; "negotiate" carries its noun
    ("Russian flag carrier Aeroflot has negotiated the purchase of 22 new Boeing 787 Dreamliners.",
     ("Russian flag carrier Aeroflot", "COOPERATE", "Boeing")),
    # "ink a deal" is business speech: COOPERATE, one claim per coordinated partner
    ("Airbus has also inked recent deals with the Royal Australian Air Force, the Royal Saudi Air Force and the UAE Air Force.",
     ("Airbus", "COOPERATE", "Royal Saudi Air Force")),
    ("Airbus has also inked recent deals with the Royal Australian Air Force, the Royal Saudi Air Force and the UAE Air Force.",
     ("Airbus", "COOPERATE", "UAE Air Force")),
    # the winner of a contract (named through "for") supplies its customer
    ("Northrop Grumman and EADS have defeated Boeing for a US$40 billion contract to supply the United States Air Force with 179 new tankers.",
     ("EADS", "COOPERATE", "United States Air Force")),
    # a stake measured in percent, a shareholder "in"
    ("The emerging Chrysler will be owned 55 percent by the United Auto Workers.",
     ("United Auto Workers", "COOPERATE", "emerging Chrysler")),
    ("His plan was for the United States government to become shareholders in General Motors.",
     ("United States government", "COOPERATE", "General Motors")),
    # hiring and swap lines
    ("Boeing had previously hired the former Pentagon official Darleen Druyun.",
     ("Boeing", "COOPERATE", "Darleen Druyun")),
    ("The Federal Reserve opened new swap lines with the Bank of Japan for up to US$60 billion.",
     ("Federal Reserve", "COOPERATE", "Bank of Japan")),
]

AID_CASES = [
    # "seek/need $N (in loans) from X": a request for aid, the sum names the goods
    ("General Motors announced that it seeks $16.6 billion in loans from the government.",
     ("General Motors", "REQUEST", "government")),
    ("GM says that it might need as much as $30 billion from the US Treasury Department.",
     ("GM", "REQUEST", "US Treasury Department")),
    # a planned infusion of capital into a company stays AID (with future modality)
    ("The government will give General Motors a capital infusion of US$30 billion.",
     ("government", "AID", "General Motors")),
]


@pytest.mark.parametrize(("text", "expected"), COOPERATE_CASES + AID_CASES)
def test_business_claim_found(triples_of: Finder, text: str, expected: tuple) -> None:
    assert expected in triples_of(text)


def test_business_planned_stake_is_future_not_agree(candidates_of: Finder) -> None:
    found = [c for c in candidates_of("The emerging Chrysler will be owned 55 percent by the United Auto Workers.")]
    assert [(c.plover, c.modality) for c in found] == [("COOPERATE", "future")]


def test_business_planned_grant_to_a_state_stays_agree(triples_of: Finder) -> None:
    text = "Finland will give Tanzania a grant of 580 million shillings over the next three years."
    assert ("Finland", "AGREE", "Tanzania") in triples_of(text)


@pytest.mark.parametrize("text", [
    # a product with no maker's name, and a bare sum, are never a party
    "Aeroflot has negotiated the purchase of 22 new aircraft.",
    "GM says that it might need as much as $30 billion.",
    # a selection with no commissioning is not a contract
    "The party chose Smith as its leader.",
])
def test_business_no_claim_without_a_second_actor(triples_of: Finder, text: str) -> None:
    assert [t for t in triples_of(text) if t[1] in ("COOPERATE", "AID", "REQUEST") and t[2] is not None] == []
