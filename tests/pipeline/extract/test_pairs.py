"""Pair slots: every pair of named actors of a sentence, with the word that joins them and what its
context does to it. Sentences written for these tests."""

from __future__ import annotations

from pipeline.extract.pairs import doc_pairs
from pipeline.records import PairSlot
from pipeline.run import Pipeline


def slots_of(pipeline: Pipeline, text: str) -> list[PairSlot]:
    lexicon = pipeline.nlp.get_pipe("claimgraph_claims").lexicon
    return list(doc_pairs(pipeline.nlp(text), lexicon, "all", ()))


def names(slot: PairSlot) -> tuple[str, str]:
    return slot.a.mention.text, slot.b.mention.text


def test_pairs_list_every_pair_of_named_actors_in_text_order(rules_pipeline: Pipeline) -> None:
    slots = slots_of(rules_pipeline, "Kenya and Uganda signed a trade pact with Tanzania in Nairobi.")
    assert sorted(names(s) for s in slots) == [("Kenya", "Tanzania"), ("Kenya", "Uganda"), ("Uganda", "Tanzania")]
    pact = next(s for s in slots if names(s) == ("Kenya", "Tanzania"))
    assert pact.lemma == "sign"
    assert pact.sentence.text.startswith("Kenya and Uganda signed")
    assert (pact.polarity, pact.modality) == ("affirmed", "asserted")


def test_pairs_joined_inside_a_noun_phrase_take_the_phrase_head(rules_pipeline: Pipeline) -> None:
    [slot] = slots_of(rules_pipeline, "The talks between Ecuador and Bolivia resumed.")
    assert names(slot) == ("Ecuador", "Bolivia")
    assert slot.lemma == "talk"


def test_pairs_carry_the_negation_and_the_speaker_of_their_clause(rules_pipeline: Pipeline) -> None:
    [slot] = slots_of(rules_pipeline, "Norway did not criticize Sweden over the fishing dispute.")
    assert (slot.lemma, slot.polarity) == ("criticize", "negated")
    reported = slots_of(rules_pipeline, "Officials said that Canada will sanction Iran next week.")
    [slot] = [s for s in reported if names(s) == ("Canada", "Iran")]
    assert slot.modality == "future" or slot.modality == "reported"
    assert slot.time is not None and slot.time.text == "next week"


def test_pairs_skip_a_name_repeated_and_a_sentence_with_one_actor(rules_pipeline: Pipeline) -> None:
    assert slots_of(rules_pipeline, "Peru thanked Peru's farmers.") == []
    assert slots_of(rules_pipeline, "Peru raised its interest rate.") == []


def test_pairs_at_the_covered_level_are_only_those_of_the_rules_two_actor_claims(rules_pipeline: Pipeline) -> None:
    doc = rules_pipeline.nlp("Kenya and Uganda criticized Tanzania over the dam.")
    lexicon = rules_pipeline.nlp.get_pipe("claimgraph_claims").lexicon
    candidates = doc._.claimgraph_candidates
    named = {(c.subject.mention.text, c.object.mention.text) for c in candidates if c.object}
    assert ("Kenya", "Tanzania") in named
    covered = doc_pairs(doc, lexicon, "covered", candidates)
    assert {names(slot) for slot in covered} == {("Kenya", "Tanzania"), ("Uganda", "Tanzania")}
    assert doc_pairs(doc, lexicon, "none", candidates) == ()
    assert len(doc_pairs(doc, lexicon, "all", candidates)) == 3
