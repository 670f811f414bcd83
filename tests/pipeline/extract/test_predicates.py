"""Single rules of ``pipeline.extract.predicates`` (who acts on whom) on hand-built ``Doc``s: the
parse is written out, so these tests need no model and fail only when a rule changes.

Each ``Doc`` is what the bundled parser gives for the sentence; the row states every claim the
rules must find in it.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

PASSIVE_WITH_AGENT = dict(  # "The embassy was attacked by rebels."
    words=["The", "embassy", "was", "attacked", "by", "rebels", "."],
    spaces=[True, True, True, True, True, False, False],
    heads=[1, 3, 3, 3, 3, 4, 3],
    deps=["det", "nsubjpass", "auxpass", "ROOT", "agent", "pobj", "punct"],
    pos=["DET", "NOUN", "AUX", "VERB", "ADP", "NOUN", "PUNCT"],
    tags=["DT", "NN", "VBD", "VBN", "IN", "NNS", "."],
    lemmas=["the", "embassy", "be", "attack", "by", "rebel", "."],
)

PASSIVE_WITHOUT_AGENT = dict(  # "The embassy was attacked."
    words=["The", "embassy", "was", "attacked", "."],
    spaces=[True, True, True, False, False],
    heads=[1, 3, 3, 3, 3],
    deps=["det", "nsubjpass", "auxpass", "ROOT", "punct"],
    pos=["DET", "NOUN", "AUX", "VERB", "PUNCT"],
    tags=["DT", "NN", "VBD", "VBN", "."],
    lemmas=["the", "embassy", "be", "attack", "."],
)

PREPOSITIONAL_RECIPIENT = dict(  # "Russia supplied weapons to Haftar."
    words=["Russia", "supplied", "weapons", "to", "Haftar", "."],
    spaces=[True, True, True, True, False, False],
    heads=[1, 1, 1, 1, 3, 1],
    deps=["nsubj", "ROOT", "dobj", "prep", "pobj", "punct"],
    pos=["PROPN", "VERB", "NOUN", "ADP", "PROPN", "PUNCT"],
    tags=["NNP", "VBD", "NNS", "IN", "NNP", "."],
    lemmas=["Russia", "supply", "weapon", "to", "Haftar", "."],
    ents=["B-GPE", "O", "O", "O", "B-PERSON", "O"],
)

NO_RECIPIENT = dict(  # "Russia supplied weapons."
    words=["Russia", "supplied", "weapons", "."],
    spaces=[True, True, False, False],
    heads=[1, 1, 1, 1],
    deps=["nsubj", "ROOT", "dobj", "punct"],
    pos=["PROPN", "VERB", "NOUN", "PUNCT"],
    tags=["NNP", "VBD", "NNS", "."],
    lemmas=["Russia", "supply", "weapon", "."],
    ents=["B-GPE", "O", "O", "O"],
)


@pytest.mark.parametrize(("annotations", "expected"), [
    # the agent of a passive acts on its subject
    (PASSIVE_WITH_AGENT, {("rebels", "ASSAULT", "embassy", "affirmed", "asserted")}),
    # without an agent nobody is named as the attacker: no claim
    (PASSIVE_WITHOUT_AGENT, set()),
    # the object of "to" after a transfer verb is the recipient; the goods are not a party
    (PREPOSITIONAL_RECIPIENT, {("Russia", "AID", "Haftar", "affirmed", "asserted")}),
    # no recipient: a one-actor transfer, no claim on its own (the goods never become the object)
    (NO_RECIPIENT, set()),
])
def test_predicates_single_rule_on_a_hand_built_parse(
    extract_parsed: Callable[..., set], annotations: dict, expected: set
) -> None:
    assert extract_parsed(**annotations) == expected
