"""Every spaCy registration claimgraph makes, in one module (exposed through entry points in pyproject.toml).

A composition module like ``run.py``: it wires the extractor into spaCy, so it sits outside the
stages (the parse stage must not import extraction).

Factories keep plain runtime annotations: spaCy reads them to validate the config. Extensions are
namespaced ``claimgraph_*`` and registered inside the factories, guarded by ``has_extension``.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.pipeline import Pipe
from spacy.tokens import Doc


@Language.factory("claimgraph_claims", default_config={"lexicon_dir": ""})
def make_claim_extractor(nlp: Language, name: str, lexicon_dir: str) -> Pipe:
    """Return the component that stores candidate claims in ``doc._.claimgraph_candidates``, with the
    lexicon of ``lexicon_dir`` ("" for the shipped one); a saved pipeline's own lexicon replaces it
    on ``spacy.load``. Raises ``ModelError`` when the lexicon cannot be read."""
    from pipeline.extract.component import ClaimExtractor

    return ClaimExtractor(name=name, lexicon_dir=lexicon_dir)


@Language.component("claimgraph_paragraphs")
def split_paragraphs(doc: Doc) -> Doc:
    """Start a new sentence after every line break, so a headline never runs into the first sentence."""
    for token in doc[:-1]:
        if "\n" in token.text_with_ws and not token.is_space:
            doc[token.i + 1].is_sent_start = True
        elif token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc
