"""Fixtures of the extractor tests.

Sentence tests run the rules-only pipeline (the spaCy parser with claimgraph's components, no
classifier), loaded once per session, and compare the WHOLE claim set of a sentence with the row:
an extra claim fails as surely as a missing one. Single-rule tests skip the parser: they build the
``Doc`` by hand and run the claim extractor alone (``extractor_alone``).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from pipeline import components  # noqa: F401  (registers the claimgraph_claims factory)
from pipeline.records import Candidate
from pipeline.run import Pipeline

Triple = tuple[str, str, str | None]  # (subject words, PLOVER type, object words or None)
Claim = tuple[str, str, str | None, str, str]  # a triple with its polarity and modality


def claim_of(candidate: Candidate) -> Claim:
    """Return ``candidate`` as (subject words, PLOVER type, object words or None, polarity, modality)."""
    obj = candidate.object.resolved if candidate.object else None
    return (candidate.subject.resolved, candidate.plover, obj, candidate.polarity, candidate.modality)


@pytest.fixture(scope="session")
def candidates_of(rules_pipeline: Pipeline) -> Callable[[str], list[Candidate]]:
    """Return a function giving every candidate the parser and the rules find in a text, in order."""
    return lambda text: list(rules_pipeline.nlp(text)._.claimgraph_candidates)


@pytest.fixture(scope="session")
def claims_of(candidates_of: Callable[[str], list[Candidate]]) -> Callable[[str], set[Claim]]:
    """Return a function giving the set of (subject, type, object, polarity, modality) of a text."""
    return lambda text: {claim_of(c) for c in candidates_of(text)}


@pytest.fixture(scope="session")
def triples_of(candidates_of: Callable[[str], list[Candidate]]) -> Callable[[str], set[Triple]]:
    """Return a function giving the set of (subject, type, object) of a text."""
    return lambda text: {claim_of(c)[:3] for c in candidates_of(text)}


@pytest.fixture(scope="session")
def extractor_alone() -> Language:
    """A blank English pipeline holding only the claim extractor (its lexicon, no model): run it on a
    hand-built ``Doc`` with ``extractor_alone.get_pipe("claimgraph_claims")(doc)``."""
    nlp = spacy.blank("en")
    nlp.add_pipe("claimgraph_claims")
    return nlp


@pytest.fixture(scope="session")
def extract_parsed(extractor_alone: Language) -> Callable[..., set[Claim]]:
    """Return a function that builds a parsed ``Doc`` from its annotations (``Doc`` keyword arguments:
    words, spaces, heads, deps, pos, tags, lemmas, ents) and returns the claims the rules find in it."""
    def extract(**annotations: list) -> set[Claim]:
        doc = Doc(extractor_alone.vocab, **annotations)
        doc = extractor_alone.get_pipe("claimgraph_claims")(doc)
        return {claim_of(c) for c in doc._.claimgraph_candidates}
    return extract
