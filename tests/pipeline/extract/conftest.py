"""Fixtures of the extractor tests: the candidates the real pipeline finds in a text, whole or as
(subject words, PLOVER type, object words) triples."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from pipeline.records import Candidate
from pipeline.run import Pipeline


@pytest.fixture(scope="session")
def candidates_of(pipeline: Pipeline) -> Callable[[str], list[Candidate]]:
    return lambda text: list(pipeline.nlp(text)._.claimgraph_candidates)


@pytest.fixture(scope="session")
def triples_of(candidates_of: Callable[[str], list[Candidate]]) -> Callable[[str], list[tuple]]:
    def triples(text: str) -> list[tuple]:
        return [(c.subject.resolved, c.plover, c.object.resolved if c.object else None) for c in candidates_of(text)]
    return triples
