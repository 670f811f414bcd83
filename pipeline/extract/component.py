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

    def __call__(self, doc: Doc) -> Doc:
        doc._.set(CANDIDATES_EXTENSION, extract_candidates(doc, self.lexicon))
        return doc
