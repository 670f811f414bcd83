"""Economic cooperation, aid and requests for aid in business news (``predicates``, ``arguments``,
``candidates``), on sentences of our own.

Each row is a sentence and the WHOLE set of claims an analyst would code from it, as (subject
words, PLOVER type, object words): a missing claim and an extra one both fail.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

Finder = Callable[[str], list]  # the candidates_of fixture (conftest.py)
ClaimSet = Callable[[str], set]  # the triples_of fixture (conftest.py)


COOPERATE_CASES = [
    # a product named after its maker: the maker is the trade partner; "negotiate" carries its noun
    ("Indian flag carrier Air India has negotiated the purchase of 30 new Airbus A320 jets.",
     {("Indian flag carrier Air India", "COOPERATE", "Airbus")}),
    # "ink a deal" is business speech: COOPERATE, one claim per coordinated partner
    ("Embraer has recently inked deals with the Royal Thai Air Force, the Colombian Navy and the Kenyan Air Force.",
     {("Embraer", "COOPERATE", "Royal Thai Air Force"), ("Embraer", "COOPERATE", "Colombian Navy"),
      ("Embraer", "COOPERATE", "Kenyan Air Force")}),
    # the winners of a contract (named through "for") supply its customer; the loser is no party
    ("Lockheed Martin and BAE Systems have defeated Dassault for a US$12 billion contract to supply the Royal Canadian "
     "Air Force with 88 new fighters.",
     {("Lockheed Martin", "COOPERATE", "Royal Canadian Air Force"),
      ("BAE Systems", "COOPERATE", "Royal Canadian Air Force")}),
    # a stake measured in percent, a shareholder "in"
    ("The restructured Fiat will be owned 20 percent by the Italian Treasury.",
     {("Italian Treasury", "COOPERATE", "restructured Fiat")}),
    ("Her plan was for the German government to become shareholders in Volkswagen.",
     {("German government", "COOPERATE", "Volkswagen")}),
    # hiring and swap lines
    ("Lockheed had previously hired the former Air Force official Susan Clark.",
     {("Lockheed", "COOPERATE", "Susan Clark")}),
    ("The European Central Bank opened fresh currency swap lines with the Bank of England for up to US$30 billion.",
     {("European Central Bank", "COOPERATE", "Bank of England")}),
]

AID_CASES = [
    # "seek/need $N (in loans) from X": a request for aid, the sum names the goods
    ("Alitalia announced that it seeks $2 billion in loans from the Italian government.",
     {("Alitalia", "REQUEST", "Italian government")}),
    ("Kodak says it could need as much as $4 billion from the British Treasury.",
     {("Kodak", "REQUEST", "British Treasury")}),
    # a planned infusion of capital into a company stays AID (with future modality)
    ("The government will give Renault a capital infusion of US$3 billion.", {("government", "AID", "Renault")}),
]


@pytest.mark.parametrize(("text", "expected"), COOPERATE_CASES + AID_CASES)
def test_business_whole_claim_set(triples_of: ClaimSet, text: str, expected: set) -> None:
    assert triples_of(text) == expected


def test_business_planned_stake_is_future_not_agree(candidates_of: Finder) -> None:
    found = candidates_of("The restructured Fiat will be owned 20 percent by the Italian Treasury.")
    assert [(c.plover, c.modality) for c in found] == [("COOPERATE", "future")]


def test_business_planned_grant_to_a_state_stays_agree(candidates_of: Finder) -> None:
    found = candidates_of("Sweden will give Uganda a grant of 400 million shillings over the next two years.")
    found_claims = [(c.subject.resolved, c.plover, c.object.resolved, c.modality) for c in found]
    assert found_claims == [("Sweden", "AGREE", "Uganda", "future")]


@pytest.mark.parametrize(("text", "expected"), [
    # a product with no maker's name, and a bare sum, are never a party: the claim keeps no object, and a
    # one-actor purchase or request is no claim on its own
    ("Air India has negotiated the purchase of 30 new aircraft.", set()),
    ("Kodak says it could need as much as $4 billion.", set()),
    # a selection with no commissioning is not a contract
    ("The party chose Smith as its leader.", set()),
])
def test_business_no_claim_without_a_second_actor(triples_of: ClaimSet, text: str, expected: set) -> None:
    assert triples_of(text) == expected
