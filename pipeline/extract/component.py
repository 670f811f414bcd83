"""The spaCy component that runs extraction: ``doc._.claimgraph_candidates`` gets the candidate claims.

Built by the ``claimgraph_claims`` factory in ``pipeline.nlp.components``. Imports the lexicon
loader (``pipeline.ontology``), records and the extraction helpers.
"""

from __future__ import annotations

from pathlib import Path

from spacy.tokens import Doc

from pipeline.extract.candidates import extract_candidates
from pipeline.ontology import DEFAULT_LEXICON_DIR, Lexicon

CANDIDATES_EXTENSION = "claimgraph_candidates"


class ClaimExtractor:
    """Stores the candidate claims of each document in ``doc._.claimgraph_candidates`` (a list of ``Candidate``)."""

    def __init__(self, *, name: str, lexicon_dir: str) -> None:
        if not Doc.has_extension(CANDIDATES_EXTENSION):
            Doc.set_extension(CANDIDATES_EXTENSION, default=None)
        self.name = name
        self.lexicon = Lexicon.load(Path(lexicon_dir) if lexicon_dir else DEFAULT_LEXICON_DIR)

        self.verbs = known_verbs(self.lexicon)

    def __call__(self, doc: Doc) -> Doc:
        repair_lemmas(doc, self.verbs)
        doc._.set(CANDIDATES_EXTENSION, extract_candidates(doc, self.lexicon))
        return doc


def known_verbs(lexicon: Lexicon) -> frozenset[str]:
    """Return every verb lemma the lexicon names: predicates, light, aspect and speech verbs."""
    lemmas = {key[0] for key in lexicon.entries if key[1] == "VERB"}
    lemmas |= {verb.split()[0] for verb in lexicon.light_verbs} | set(lexicon.aspect_verbs) | set(lexicon.speech_verbs)
    return frozenset(lemmas)


def repair_lemmas(doc: Doc, verbs: frozenset[str]) -> None:
    """Give "-ed" verbs the lemma the lexicon knows where the lemmatizer cut a silent "e"
    ("staged" -> "stag" becomes "stage"); a verb the lexicon already knows is left alone."""
    for token in doc:
        lemma = token.lemma_.lower()
        if token.tag_ in ("VBD", "VBN") and lemma not in verbs and lemma + "e" in verbs and token.lower_ == lemma + "ed":
            token.lemma_ = lemma + "e"
