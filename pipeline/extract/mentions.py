"""List the mentions of a parsed document: actor entities, time expressions and places, as spans.

Imports records, spaCy types and the sibling helpers.
"""

from __future__ import annotations

from spacy.tokens import Doc

from pipeline.extract.anchors import PLACE_LABELS, TIME_LABELS, region_mentions, time_span
from pipeline.extract.arguments import ACTOR_LABELS, to_span
from pipeline.extract.component import CANDIDATES_EXTENSION, PRUNED_EXTENSION
from pipeline.extract.pairs import PairLevel, doc_pairs
from pipeline.extract.toponyms import place_parts, toponym_candidates
from pipeline.ontology import Lexicon
from pipeline.records import Article, Extraction, Span


def entity_spans(doc: Doc) -> tuple[Span, ...]:
    """Return the actor-like named entities of ``doc``."""
    return tuple(to_span(ent, ent.label_) for ent in doc.ents if ent.label_ in ACTOR_LABELS)


def time_spans(doc: Doc) -> tuple[Span, ...]:
    """Return the time expressions of ``doc`` in text order."""
    return tuple(time_span(ent) for ent in doc.ents if ent.label_ in TIME_LABELS)


def place_spans(doc: Doc) -> tuple[Span, ...]:
    """Return the place names of ``doc``: every GPE and LOC entity (a "Town, State" one in its parts), "the X
    region" phrases, and the toponym candidates of other labels the gazetteer must confirm (``toponyms``)."""
    spans = [part for ent in doc.ents if ent.label_ in PLACE_LABELS for part in place_parts(ent)]
    spans += [to_span(region, "LOC") for sent in doc.sents for region in region_mentions(sent)]
    spans += toponym_candidates(doc)
    return tuple(sorted(spans, key=lambda span: span.start))


def extraction_of(
    article: Article, doc: Doc, *, lexicon: Lexicon | None = None, pairs: PairLevel = "none"
) -> Extraction:
    """Return what extraction found in ``doc`` (parsed from ``article``'s text), with the pair slots of
    ``pairs`` level (``lexicon`` needed unless "none")."""
    candidates = doc._.get(CANDIDATES_EXTENSION) or []
    return Extraction(
        article=article, candidates=tuple(candidates),
        entities=entity_spans(doc), times=time_spans(doc), places=place_spans(doc),
        pairs=doc_pairs(doc, lexicon, pairs, candidates) if lexicon is not None else (),
        pruned_one_actor=doc._.get(PRUNED_EXTENSION) if doc.has_extension(PRUNED_EXTENSION) else 0,
    )
