"""Recipients and agents the parse names only indirectly (``pipeline.extract.targets`` and the
recipient repairs of ``predicates``), on real news sentences.

Each row is a sentence and the claim an analyst would code from it, as (subject words, PLOVER
type, object words); the row must be among the extractor's candidates.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.tokens import Doc

from pipeline.extract.component import repair_lemmas
from pipeline.run import Pipeline

Finder = Callable[[str], list]  # the candidates_of / triples_of fixtures (conftest.py)


RECIPIENT_CASES = [
    # "to" read as a dative: its object is the recipient
    ("The United States is providing aerial photographs and other military intelligence to Macedonia.",
     ("United States", "AID", "Macedonia")),
    # a measure names the goods ("70 million dollars of aid") and its "for" phrase the recipient
    ("European Community foreign ministers agreed to provide about 70 million dollars of aid for Romania and Poland.",
     ("European Community foreign ministers", "AGREE", "Romania")),
    ("Swiss doctors handed over 700 kg of medicine to the Red Crescent.", ("Swiss doctors", "AID", "Red Crescent")),
    # a preposition the parser left empty ("to [officers] holed up ...")
    ("Peru has granted diplomatic asylum to five Panamanian army officers holed up in a diplomatic residence.",
     ("Peru", "AID", "five Panamanian army officers")),
    # an issued noun with a dative recipient
    ("French President Jacques Chirac issued a stern reminder to Iraq that it must cooperate with UN inspectors.",
     ("French President Jacques Chirac", "REQUEST", "Iraq")),
    # withdrawing one's own people: the recipient is where they leave
    ("Kofi Annan announced that he will withdraw weapons inspectors and humanitarian workers from Iraq.",
     ("Kofi Annan", "THREATEN", "Iraq")),
]

NOMINAL_CASES = [
    # the target inside a nominal complement
    ("A group of Chechen refugees are continuing a hunger strike in protest of the Russian government's refusal to accept the independence of Chechnya.",
     ("Chechen refugees", "PROTEST", "Russian government")),
    ("Demonstrators in Baghdad blocked a road to show their disapproval for the United States' military policies.",
     ("Demonstrators", "PROTEST", "United States")),
    ("Palestinian youths threw stones during demonstrations against the alleged human rights violations by the Israeli military.",
     ("Palestinian youths", "PROTEST", "Israeli military")),
    ("Egyptian demonstrators rioted following a peaceful demonstration calling for the immediate removal of President Hosni Mubarak from office.",
     ("Egyptian demonstrators", "PROTEST", "President Hosni Mubarak")),
    ("Hundreds of thousands of people blocked streets in Hong Kong in defiance of Chinese authorities.",
     ("people", "PROTEST", "Chinese authorities")),
    ("Serbian military police have launched an investigation into alleged crimes committed by Croat forces.",
     ("Serbian military police", "ACCUSE", "Croat forces")),
    ("The teachers' union called off its strike after talks with the Kenyan government.",
     ("union", "CONCEDE", "Kenyan government")),
]

CLAUSE_CASES = [
    # whom a demand addresses: the subject of its "that" clause, through the demand noun
    ("The main Hutu rebel group insisted on its demands that Burundi's government grant the Hutu majority more rights.",
     ("main Hutu rebel group", "REQUEST", "Burundi's government")),
    # a passive demanded clause: the party it takes from
    ("Ibo traditional elders have demanded that control of the Interior Ministry be taken away from Hausa politicians.",
     ("Ibo traditional elders", "REQUEST", "Hausa politicians")),
    # a threat's condition names its target
    ("Russia has threatened to stop negotiations if the United States goes ahead with the deployment of new missiles.",
     ("Russia", "THREATEN", "United States")),
    ("Druze inhabitants threatened today to hold a general strike unless Israel rescinded its annexation of the region.",
     ("Druze inhabitants", "THREATEN", "Israel")),
    # an intent on an "unless" condition is an ultimatum
    ("Nigeria announced that it will withdraw its peacekeeping force from Chad unless the president arranged a ceasefire.",
     ("Nigeria", "THREATEN", "Chad")),
]

INSTRUMENT_CASES = [
    # an attack by an unnamed attacker: the weapon or the attack stands for it
    ("Three US servicemen were killed by an improvised explosive device outside of the Iraqi city of Basra.",
     ("improvised explosive device", "ASSAULT", "Three US servicemen")),
    ("A roadside bombing near the town of Samarra on Sunday killed one U.S. soldier.",
     ("roadside bombing", "ASSAULT", "one U.S. soldier")),
    ("At least three Iraqi civilians have been killed in a suicide car bombing in central Baghdad.",
     ("suicide car bombing", "ASSAULT", "At least three Iraqi civilians")),
]


PLACE_CASES = [
    # a place named by a modifier or an apposition of the location noun
    ("Serbia eased emergency measures on Wednesday in Montenegro province.", ("Serbia", "CONCEDE", "Montenegro")),
    ("Afghan rebels exploded a series of bombs in the capital Kabul.", ("Afghan rebels", "ASSAULT", "Kabul")),
    # a place inside the location phrase, followed down
    ("Palestinian prisoners rioted Monday at this jail in northern Israel, police sources said.",
     ("Palestinian prisoners", "PROTEST", "northern Israel")),
    ("Israeli tanks fired four shell bombs at targets in Jericho, witnesses said.", ("Israeli tanks", "ASSAULT", "Jericho")),
    # "a state of siege in Haiti": the place hangs from the head of the "of" phrase
    ("The military government declared a 30-day state of siege in Haiti on Saturday.",
     ("military government", "COERCE", "Haiti")),
    # a state the subject is in ("remained on alert") and where
    ("Israeli troops remained on alert in the occupied West Bank today.", ("Israeli troops", "MOBILIZE", "occupied West Bank")),
]

OWNER_CASES = [
    # a place an armed group holds stands for the group
    ("Burmese troops have captured part of a Karen guerrilla stronghold on the Thai border.",
     ("Burmese troops", "ASSAULT", "Karen guerrilla")),
    # ... also behind coordinated objects ("artillery, mortar, and rocket fire against ...")
    ("Vietnamese-led forces launched artillery, mortar, and rocket fire against Kampuchean guerrilla camps near the Thai border.",
     ("Vietnamese-led forces", "ASSAULT", "Kampuchean guerrilla")),
    # "up to 16": the parser reads "up" as a particle; the counted noun is still the object
    ("Afghan rebels have kidnapped up to 16 Russian civilian advisers from a town bazaar.",
     ("Afghan rebels", "ASSAULT", "16 Russian civilian advisers")),
    # a demand with its addressee is kept beside what the addressee is asked to do
    ("Greece bluntly demanded that its European Community partners refuse to recognize the Former Yugoslav Republic of Macedonia.",
     ("Greece", "REQUEST", "European Community partners")),
]

PASSIVE_CASES = [
    # an agentless passive of withdrawing or demobilizing: the patient's side acts, and what it leaves is the object
    ("Eighty Dutch peacekeepers were shipped out of the Bosnian town of Gorazde on Friday.",
     ("Eighty Dutch peacekeepers", "SANCTION", "Gorazde")),
    ("Turkish troops were pulled out of the Syrian town of Afrin.", ("Turkish troops", "RETREAT", "Afrin")),
    ("Half of the rebel fighters in the north have been demobilized since the ceasefire, the army said.",
     ("rebel fighters", "RETREAT", None)),
    # a unit or a deployment of a force stands for the force
    ("Two battalions of French troops were withdrawn from Ivory Coast last year.", ("French troops", "RETREAT", "Ivory Coast")),
    ("The second deployment of Italian troops has arrived in Lebanon.", ("Italian troops", "CONSULT", "Lebanon")),
    # "X was indicted by Y and will surrender": X surrenders, not Y
    ("The Bosnian Serb commander was indicted by the tribunal and will surrender to the court next week.",
     ("Bosnian Serb commander", "AGREE", "court")),
    # a nationality inside the subject is not its object
    ("Some 300 Dutch peacekeepers were pulled out of the enclave on Friday.", ("Some 300 Dutch peacekeepers", "RETREAT", None)),
    ("Gunmen killed four policemen near Kandahar.", ("Gunmen", "ASSAULT", "four policemen")),
]

WORDING_CASES = [
    # an adjective that makes the noun a term ("martial law") is looked up with it
    ("The government imposed martial law in the capital.", ("government", "COERCE", None)),
    ("The interim government is prepared to impose martial law.", ("interim government", "THREATEN", None)),
    # a generic head is looked up by its kind; the parties "between" are the target
    ("Syrian officers ended mediation efforts between rival militias in the city.", ("Syrian officers", "SANCTION", "rival militias")),
    ("The government ended its aid programme for the region.", ("government", "SANCTION", None)),
    # those who came "for a rally to protest" protest
    ("Thousands of Kenyans were converging on Thursday for a rally in Nairobi to protest the rights violations by the police.",
     ("Kenyans", "PROTEST", "police")),
]


@pytest.mark.parametrize(("text", "expected"), RECIPIENT_CASES + NOMINAL_CASES + CLAUSE_CASES + INSTRUMENT_CASES + PLACE_CASES
                         + OWNER_CASES + PASSIVE_CASES + WORDING_CASES)
def test_targets_claim_found(triples_of: Finder, text: str, expected: tuple) -> None:
    assert expected in triples_of(text)


@pytest.mark.parametrize("text", [
    # an accident is no attack
    "Five workers were killed in a gas explosion at a factory.",
    # a named subject that does not resolve is not replaced by the attack it carried out
    "They blew themselves up in Tel Aviv in the worst attack this year.",
    # a date or a quantity never fills a slot
    "The rebels demanded the release of 200 prisoners by Friday.",
])
def test_targets_no_claim_from_instruments_dates_or_quantities(candidates_of: Finder, text: str) -> None:
    found = candidates_of(text)
    assert [c for c in found if c.subject.label == "GROUP" and c.subject.resolved.endswith(("explosion", "attack"))] == []
    assert [c for c in found if c.object is not None and c.object.mention.label in ("DATE", "CARDINAL", "QUANTITY")] == []


def test_targets_lemma_repair_prefers_the_lexicon_verb(pipeline: Pipeline) -> None:
    doc = Doc(pipeline.nlp.vocab, words=["Activists", "staged", "rallies", "."], tags=["NNS", "VBD", "NNS", "."], lemmas=["activist", "stag", "rally", "."])
    repair_lemmas(doc, frozenset({"stage"}))
    assert [t.lemma_ for t in doc] == ["activist", "stage", "rally", "."]


@pytest.mark.parametrize("text", [
    # a phrasal verb with "up to" and no counted noun has no object there
    "The rebels caught up to the convoy on Friday.",
    # a held place with no group word names no actor
    "Troops captured a hilltop stronghold near the town.",
])
def test_targets_no_object_without_a_named_holder(candidates_of: Finder, text: str) -> None:
    assert [c for c in candidates_of(text) if c.object is not None] == []


@pytest.mark.parametrize(("text", "context"), [
    ("Serb forces killed three ethnic Albanians in a gunbattle in southeastern Serbia on Friday.",
     "in a gunbattle in southeastern Serbia"),
    # no place in the clause: no context
    ("Police killed two ethnic Uzbeks in clashes on Friday.", ""),
])
def test_targets_ethnic_group_placed_where_the_clause_happens(candidates_of: Finder, text: str, context: str) -> None:
    [found] = [c for c in candidates_of(text) if c.plover == "ASSAULT" and c.object is not None]
    assert found.object.context == context


@pytest.mark.parametrize("text", [
    # with an agent, the passive keeps its reading: the agent acts
    "Hundreds of troops were withdrawn by the government from the border region.",
    "The opposition leader was arrested by police and was charged with treason.",
])
def test_targets_passive_with_an_agent_is_done_by_the_agent(candidates_of: Finder, text: str) -> None:
    assert {c.subject.resolved for c in candidates_of(text)} <= {"government", "police"}


@pytest.mark.parametrize(("text", "place"), [
    # a "when they ..." clause restates the event: its place is the event's
    ("Gunmen killed four policemen when they ambushed a patrol near Kandahar.", "Kandahar"),
    ("Two Palestinian suicide bombers killed 23 people when they blew themselves up in Tel Aviv.", "Tel Aviv"),
    # an "as" clause with actors of its own is another event
    ("Rebels shelled the town as government troops advanced in Aleppo.", None),
])
def test_targets_place_of_a_clause_restating_the_event(candidates_of: Finder, text: str, place: str | None) -> None:
    [found] = [c for c in candidates_of(text) if c.plover == "ASSAULT"]
    assert (found.location.text if found.location else None) == place
