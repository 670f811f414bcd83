"""Reaction claims on sentences of our own: a speaker's evaluation of an act, coded from the speaker against the
act's agent (``pipeline.extract.reactions``), and the one-actor pruning (``candidates.prune_one_actor``).

Each row is a sentence and the WHOLE set of claims read from it, as (subject words, PLOVER type, object words or
None, polarity, modality), one row per construction class.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from pipeline.extract.candidates import prune_one_actor
from pipeline.records import Candidate

ClaimSet = Callable[[str], set]
A, S = "affirmed", "asserted"

CASES = [
    # framing verb + object predicate: the act's country modifier is its agent; the act is not the speaker's
    ("The Iranian foreign ministry called the Israeli strikes a dangerous escalation.",
     {("Iranian foreign ministry", "ACCUSE", "Israeli", A, S)}),
    # framing verb + "as" phrase
    ("The French president described the Russian offensive as a crime.",
     {("French president", "ACCUSE", "Russian", A, S)}),
    # dismissal + "as" adjective: REJECT
    ("The Kremlin dismissed the British reports as unfounded.", {("Kremlin", "REJECT", "British", A, S)}),
    # a commending evaluation of a possessor's act
    ("Mexico hailed Canada's proposal as a breakthrough.", {("Mexico", "SUPPORT", "Canada", A, S)}),
    # a framed actor, not a call on the phone
    ("The opposition leader called the president a liar and a fraud.",
     {("opposition leader", "ACCUSE", "president", A, S)}),
    # evaluative adjective of a stance, the possessor of the evaluated thing as target
    ("Dutch officials were suspicious of Belgium's intentions.", {("Dutch officials", "ACCUSE", "Belgium", A, S)}),
    ("Austria remained supportive of Slovenia.", {("Austria", "SUPPORT", "Slovenia", A, S)}),
    ("Chile was critical of the Peruvian blockade.", {("Chile", "ACCUSE", "Peruvian", A, S)}),
    # responsibility held
    ("Jordan held Hezbollah responsible for the explosion.", {("Jordan", "ACCUSE", "Hezbollah", A, S)}),
    # responsibility reported: the reporter accuses the clause's subject (saying it is the accuser's own act)
    ("Police in Nairobi said al-Shabaab was responsible for the bombing.",
     {("Police", "ACCUSE", "al-Shabaab", A, S)}),
    ("Officials in Tokyo said Beijing was behind the hacking campaign.", {("Officials", "ACCUSE", "Beijing", A, S)}),
    # an unreported assertion of responsibility is no claim between two actors
    ("Al-Shabaab was responsible for the bombing.", set()),
    # passive evaluation of an act: its owner is the target
    ("Ghana's decision was welcomed by the African Union.", {("African Union", "SUPPORT", "Ghana", A, S)}),
    # a light verb with "on": the noun types it, the preposition names the recipient
    ("Brussels piled pressure on Budapest.", {("Brussels", "REQUEST", "Budapest", A, S)}),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_reactions_claims(claims_of: ClaimSet, text: str, expected: set) -> None:
    assert claims_of(text) == expected


ONE_ACTOR = [
    # no claim on its own: dropped
    ("The delegation sought shelter in the embassy.", set()),
    ("The minister returned home on Friday.", set()),
    # claims on their own: kept without an object
    ("Thousands of farmers protested in the capital.", {("farmers", "PROTEST", None, A, S)}),
    ("Gunmen attacked a convoy near the border.", {("Gunmen", "ASSAULT", None, A, S)}),
]


@pytest.mark.parametrize(("text", "expected"), ONE_ACTOR)
def test_reactions_one_actor_claims_only_when_the_act_stands_alone(claims_of: ClaimSet, text: str,
                                                                    expected: set) -> None:
    assert claims_of(text) == expected


def test_reactions_prune_one_actor_counts_what_it_drops(candidates_of: Callable[[str], list[Candidate]],
                                                       rules_pipeline) -> None:
    doc = rules_pipeline.nlp("The delegation sought shelter in the embassy. Gunmen attacked a convoy.")
    assert doc._.claimgraph_pruned_one_actor == 1
    kept = doc._.claimgraph_candidates
    assert [(c.subject.resolved, c.plover, c.object) for c in kept] == [("Gunmen", "ASSAULT", None)]
    assert prune_one_actor(list(kept)) == (list(kept), 0)
