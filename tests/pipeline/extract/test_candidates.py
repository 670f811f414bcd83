"""Extraction on real sentences: who does what to whom, with stance, read off the dependency parse.

Each row is a sentence and the one claim an analyst would underline in it, as
(subject words, PLOVER type, object words or None, polarity, modality). Rows the extractor still
gets wrong are marked xfail with the reason.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from pipeline.records import Candidate

Finder = Callable[[str], list]  # the candidates_of / triples_of fixtures (conftest.py)


def summary(candidate: Candidate) -> tuple:
    obj = candidate.object.resolved if candidate.object else None
    return (candidate.subject.resolved, candidate.plover, obj, candidate.polarity, candidate.modality)


CASES = [
    # active, with a demonym-led object standing for the seller
    ("Turkey only recently bought Russian S-400 anti-aircraft missiles.", ("Turkey", "COOPERATE", "Russian", "affirmed", "asserted")),
    # standing relation, coordination across a relative clause
    ("Turkey, which seeks to expand its influence, supports the Government of National Accord (GNA) in Tripoli.",
     ("Turkey", "SUPPORT", "Government of National Accord", "affirmed", "asserted")),
    # light verb + noun, dative recipient
    ("Moscow had granted Gaddafi a $4.5 billion loan.", ("Moscow", "AID", "Gaddafi", "affirmed", "asserted")),
    # phrasal verb, sector-bearing subject and object
    ("The Turkish air force shot down a Russian fighter plane in November.",
     ("Turkish air force", "ASSAULT", "Russian fighter plane", "affirmed", "asserted")),
    # participle inside a noun phrase
    ("Russian fighter jets bombed militias allied with the Turkish military.",
     ("Russian fighter jets", "ASSAULT", "militias", "affirmed", "asserted")),
    # control verb: the attempt is not a happening
    ("Ankara sought to overthrow Assad.", ("Ankara", "COERCE", "Assad", "affirmed", "future")),
    # purpose noun: "Moscow's goal was to keep Assad in power"
    ("Moscow's goal was to keep the Syrian dictator Bashar al Assad in power.", ("Moscow", "SUPPORT", "Bashar al Assad", "affirmed", "asserted")),
    # request frame: the asked party is the recipient
    ("Erdogan enraged Putin by asking him to include Turkey in negotiations on a ceasefire.",
     ("Erdogan", "REQUEST", "Putin", "affirmed", "asserted")),
    # denial of a relation noun, through a relative pronoun
    ("Mercenaries of the Wagner Group were used, with which Moscow officially denies any connection.",
     ("Moscow", "COOPERATE", "Wagner Group", "negated", "denied")),
    # reported speech
    ("Turkey supports the GNA, the foreign minister said.", ("Turkey", "SUPPORT", "GNA", "affirmed", "reported")),
    # negation
    ("Russia did not support the ceasefire agreement with Turkey.", None),
    ("Germany did not criticize Poland.", ("Germany", "ACCUSE", "Poland", "negated", "asserted")),
    # hedging
    ("Russia reportedly supplied weapons to Haftar.", ("Russia", "AID", "Haftar", "affirmed", "alleged")),
    # hypothetical and future become PLOVER's intent codes, with the modality kept
    ("Hungary said it would support Serbia.", ("Hungary", "AGREE", "Serbia", "affirmed", "hypothetical")),
    ("Iran threatened to attack Iraq.", ("Iran", "THREATEN", "Iraq", "affirmed", "asserted")),
    # obligation put by a speaker is a demand of the speaker
    ("Egyptian President Hosni Mubarak said the US must mediate between Israelis and Palestinians.",
     ("Egyptian President Hosni Mubarak", "REQUEST", "US", "affirmed", "asserted")),
    # passive with an agent
    ("The Turkish embassy was attacked by Syrian rebels.", ("Syrian rebels", "ASSAULT", "Turkish embassy", "affirmed", "asserted")),
    # possessive nominal
    ("Moscow criticized Turkey's support for the GNA.", ("Turkey", "SUPPORT", "GNA", "affirmed", "asserted")),
    # a refused intent is REJECT, itself affirmed
    ("The U.S. said it would not meet the demands of Iraq.", ("U.S.", "REJECT", "Iraq", "affirmed", "reported")),
    # stative participle: the subject holds the stance; the recipient is the country behind the object
    ("Israel is opposed to French mediation.", ("Israel", "REJECT", "French", "affirmed", "asserted")),
    # an attack noun as subject stands for its country
    ("Israeli air strikes killed Hamas commanders.", ("Israeli", "ASSAULT", "Hamas commanders", "affirmed", "asserted")),
    # verb + particle + noun entry wins over the noun alone
    ("The Nigerian teachers union called off its strike.", ("Nigerian teachers union", "CONCEDE", None, "affirmed", "asserted")),
]


@pytest.mark.parametrize(("text", "expected"), [c for c in CASES if c[1] is not None])
def test_candidates_one_claim_per_sentence(candidates_of: Finder, text: str, expected: tuple) -> None:
    assert expected in [summary(c) for c in candidates_of(text)]


def test_candidates_reciprocal_coordination(candidates_of: Finder) -> None:
    found = {summary(c)[:3] for c in candidates_of("Russia and Turkey maintain a high level of cooperation.")}
    assert found == {("Russia", "COOPERATE", "Turkey"), ("Turkey", "COOPERATE", "Russia")}


def test_candidates_coordinated_adjectives_give_one_actor_each(candidates_of: Finder) -> None:
    found = {summary(c)[:3] for c in candidates_of("The Turkish and Greek sides agreed to cooperate with Cyprus.")}
    assert {("Turkish sides", "AGREE", "Cyprus"), ("Greek sides", "AGREE", "Cyprus")} <= found


def test_candidates_pronoun_keeps_mention_and_antecedent(candidates_of: Finder) -> None:
    text = "For Erdogan, the partnership matters. He has found a powerful ally in Putin."
    [claim] = [c for c in candidates_of(text) if c.plover == "SUPPORT"]
    assert (claim.subject.mention.text, claim.subject.resolved, claim.object.resolved) == ("He", "Erdogan", "Putin")
    assert text[claim.subject.mention.start:claim.subject.mention.end] == "He"


def test_candidates_definite_description_resolves_to_person(candidates_of: Finder) -> None:
    text = "The fall of Libyan leader Muammar Gaddafi hurt Russia. Moscow had granted the dictator a loan."
    [claim] = [c for c in candidates_of(text) if c.plover == "AID"]
    assert (claim.object.mention.text, claim.object.resolved) == ("the dictator", "Muammar Gaddafi")


@pytest.mark.parametrize("text", [
    "Turkey and Russia are large countries.",
    "Putin met reporters.",
    "The weather in Ankara and Moscow was cold in November.",
    "He supports it.",
])
def test_candidates_no_claim_from_co_occurrence_or_unresolved_pronouns(candidates_of: Finder, text: str) -> None:
    assert [summary(c) for c in candidates_of(text) if c.object is not None] == []


def test_candidates_time_and_place_attach_to_their_clause(candidates_of: Finder) -> None:
    text = "In October, Putin sent Erdogan a signal when Russian fighter jets bombed militias in Idlib."
    [claim] = [c for c in candidates_of(text) if c.plover == "ASSAULT"]
    assert (claim.time.text, claim.location.text) == ("October", "Idlib")


def test_candidates_evidence_is_the_sentence(candidates_of: Finder) -> None:
    text = "The Opportunistic Relationship\n\nTurkey supports the GNA in Tripoli. Russia supports Haftar."
    claims = candidates_of(text)
    assert [(c.sentence.text, text[c.sentence.start:c.sentence.end]) for c in claims] == [
        ("Turkey supports the GNA in Tripoli.",) * 2, ("Russia supports Haftar.",) * 2,
    ]
