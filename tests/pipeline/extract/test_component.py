"""The claim extractor is a spaCy ``Pipe`` whose lexicon travels with the pipeline: saved with
``nlp.to_disk`` / ``to_bytes`` and restored by ``spacy.load`` / ``from_bytes``, whatever lexicon
directory the loading config names."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.pipeline import Pipe
from spacy.tokens import Doc

from pipeline import components  # noqa: F401  (registers the claimgraph_claims factory)
from pipeline.ontology import DEFAULT_LEXICON_DIR, write_manifest

# A verb no shipped lexicon entry knows, typed by the test's own lexicon.
OWN_ENTRY = "zap VERB - ASSAULT - - 190 event obj\n"
SENTENCE = {
    "words": ["Norway", "zapped", "Sweden", "."], "spaces": [True, True, False, False],
    "heads": [1, 1, 1, 1], "deps": ["nsubj", "ROOT", "dobj", "punct"], "pos": ["PROPN", "VERB", "PROPN", "PUNCT"],
    "tags": ["NNP", "VBD", "NNP", "."], "lemmas": ["Norway", "zap", "Sweden", "."],
    "ents": ["B-GPE", "O", "B-GPE", "O"],
}
EXPECTED = [("Norway", "ASSAULT", "Sweden", "190")]


def claims_of(nlp: Language) -> list[tuple[str, str, str | None, str | None]]:
    """Return (subject, type, object, CAMEO) of each candidate the extractor finds in the hand-built sentence."""
    doc = nlp.get_pipe("claimgraph_claims")(Doc(nlp.vocab, **SENTENCE))
    found = doc._.claimgraph_candidates
    return [(c.subject.resolved, c.plover, c.object.resolved if c.object else None, c.cameo) for c in found]


@pytest.fixture
def own_lexicon(tmp_path: Path) -> Path:
    """A copy of the shipped lexicon with one more entry (``OWN_ENTRY``) and its manifest rewritten."""
    directory = tmp_path / "lexicon"
    shutil.copytree(DEFAULT_LEXICON_DIR, directory)
    with (directory / "predicates.txt").open("a", encoding="utf-8") as lines:
        lines.write(OWN_ENTRY)
    write_manifest(directory, version="test")
    return directory


@pytest.fixture
def own_nlp(own_lexicon: Path) -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("claimgraph_claims", config={"lexicon_dir": str(own_lexicon)})
    return nlp


def test_component_is_a_pipe(own_nlp: Language) -> None:
    assert isinstance(own_nlp.get_pipe("claimgraph_claims"), Pipe)


def test_component_uses_its_own_lexicon(own_nlp: Language) -> None:
    shipped = spacy.blank("en")
    shipped.add_pipe("claimgraph_claims")

    assert (claims_of(own_nlp), claims_of(shipped)) == (EXPECTED, [])


def test_component_lexicon_travels_with_to_disk(own_nlp: Language, own_lexicon: Path, tmp_path: Path) -> None:
    own_nlp.to_disk(tmp_path / "saved")
    shutil.rmtree(own_lexicon)

    loaded = spacy.load(tmp_path / "saved", config={"components": {"claimgraph_claims": {"lexicon_dir": ""}}})

    assert claims_of(loaded) == EXPECTED


def test_component_lexicon_travels_with_to_bytes(own_nlp: Language) -> None:
    shipped = spacy.blank("en")
    shipped.add_pipe("claimgraph_claims")

    shipped.get_pipe("claimgraph_claims").from_bytes(own_nlp.get_pipe("claimgraph_claims").to_bytes())

    assert claims_of(shipped) == EXPECTED
