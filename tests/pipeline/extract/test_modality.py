"""Single rules of ``pipeline.extract.modality`` (negation and hedging cues) on hand-built ``Doc``s:
the parse is written out, so these tests need no model.

Each ``Doc`` is what the bundled parser gives for the sentence; the row states every claim the
rules must find in it.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.extract.modality import is_negated

NEGATED = dict(  # "Germany did not criticize Poland."
    words=["Germany", "did", "not", "criticize", "Poland", "."],
    spaces=[True, True, True, True, False, False],
    heads=[3, 3, 3, 3, 3, 3],
    deps=["nsubj", "aux", "neg", "ROOT", "dobj", "punct"],
    pos=["PROPN", "AUX", "PART", "VERB", "PROPN", "PUNCT"],
    tags=["NNP", "VBD", "RB", "VB", "NNP", "."],
    lemmas=["Germany", "do", "not", "criticize", "Poland", "."],
    ents=["B-GPE", "O", "O", "O", "B-GPE", "O"],
)

AFFIRMED = dict(  # "Germany criticized Poland."
    words=["Germany", "criticized", "Poland", "."],
    spaces=[True, True, False, False],
    heads=[1, 1, 1, 1],
    deps=["nsubj", "ROOT", "dobj", "punct"],
    pos=["PROPN", "VERB", "PROPN", "PUNCT"],
    tags=["NNP", "VBD", "NNP", "."],
    lemmas=["Germany", "criticize", "Poland", "."],
    ents=["B-GPE", "O", "B-GPE", "O"],
)

HEDGED = dict(  # "Russia reportedly supplied weapons to Haftar."
    words=["Russia", "reportedly", "supplied", "weapons", "to", "Haftar", "."],
    spaces=[True, True, True, True, True, False, False],
    heads=[2, 2, 2, 2, 2, 4, 2],
    deps=["nsubj", "advmod", "ROOT", "dobj", "prep", "pobj", "punct"],
    pos=["PROPN", "ADV", "VERB", "NOUN", "ADP", "PROPN", "PUNCT"],
    tags=["NNP", "RB", "VBD", "NNS", "IN", "NNP", "."],
    lemmas=["Russia", "reportedly", "supply", "weapon", "to", "Haftar", "."],
    ents=["B-GPE", "O", "O", "O", "O", "B-PERSON", "O"],
)


@pytest.mark.parametrize(("annotations", "expected"), [
    # a "neg" child of the predicate negates the claim; the claim is still made
    (NEGATED, {("Germany", "ACCUSE", "Poland", "negated", "asserted")}),
    (AFFIRMED, {("Germany", "ACCUSE", "Poland", "affirmed", "asserted")}),
    # a hedging adverb makes the claim alleged
    (HEDGED, {("Russia", "AID", "Haftar", "affirmed", "alleged")}),
])
def test_modality_cue_on_a_hand_built_parse(
    extract_parsed: Callable[..., set], annotations: dict, expected: set
) -> None:
    assert extract_parsed(**annotations) == expected


@pytest.mark.parametrize(("annotations", "negated"), [(NEGATED, True), (AFFIRMED, False)])
def test_modality_is_negated_reads_the_neg_child(extractor_alone: Language, annotations: dict, negated: bool) -> None:
    doc = Doc(extractor_alone.vocab, **annotations)
    [verb] = [token for token in doc if token.dep_ == "ROOT"]
    assert is_negated(verb) is negated
