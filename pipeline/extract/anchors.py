"""Attach time expressions and places in a sentence to the predicates they modify.

A time or place belongs to the predicate it hangs from in the parse, or to a clause that governs
it ("In October, Putin sent ... when Russian jets bombed ..."). Hands over spans only: values are
normalize's job. Imports records, spaCy types and the entity labels of ``pipeline.knowledge``.
"""

from __future__ import annotations

import re

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from pipeline.extract.arguments import to_span
from pipeline.knowledge.labels import SITE_LABELS, TIME_LABELS
from pipeline.records import Span

# A place a claim happens in may be a facility too ("at Ben Gurion airport").
PLACE_LABELS = SITE_LABELS
MEANINGFUL_PREPS = frozenset({"since", "until", "till", "before", "after", "from", "by", "between"})
PLACE_PREPS = frozenset({"in", "at", "near", "inside", "across", "throughout", "into", "over"})
SAME_EVENT_MARKS = frozenset({"when", "as", "while"})
# Clauses that state another event than the one governing them: a claim inside one keeps its own time only.
OTHER_EVENT_CLAUSES = frozenset({"ccomp", "advcl", "relcl", "parataxis"})
# A dateline: a place (and agency, date) ending in a dash at the start of a line, within its first characters.
DATELINE_WIDTH = 80
DATELINE_DASH = re.compile(r"\s(?:-|--|–|—)\s")


def anchor_token(span: SpacySpan) -> Token:
    """Return the predicate-bearing word a span hangs from: the nearest verb above it, or its head noun."""
    current = span.root
    while current.head != current:
        current = current.head
        if current.pos_ in ("VERB", "AUX"):
            return current
    return current


def time_span(ent: SpacySpan) -> Span:
    """Return the time expression as a span, with a preposition that changes its meaning ("since 2016")."""
    head = ent.root.head
    if ent.root.dep_ == "pobj" and head.lower_ in MEANINGFUL_PREPS and head.i == ent.start - 1:
        return Span(text=ent.doc[head.i : ent.end].text, start=head.idx, end=ent.end_char, label=ent.label_)
    return to_span(ent, ent.label_)


def place_mentions(sentence: SpacySpan) -> list[SpacySpan]:
    """Return the places a sentence puts something in ("in Libya", "in Idlib"), not places used as actors."""
    places = []
    for ent in sentence.ents:
        root = ent.root
        if ent.label_ in PLACE_LABELS and root.dep_ == "pobj" and root.head.lower_ in PLACE_PREPS:
            places.append(ent)
        elif ent.label_ == "ORG" and root.head.lower_ in PLACE_PREPS and root.dep_ == "pobj" \
                and "region" in ent.text.lower():
            places.append(ent)
    return places


def region_mentions(sentence: SpacySpan) -> list[SpacySpan]:
    """Return "the X region/province" phrases governed by a place preposition ("In the Nagorno-Karabakh region")."""
    found = []
    for token in sentence:
        regional = token.lower_ in ("region", "province", "governorate", "area")
        if regional and token.dep_ == "pobj" and token.head.lower_ in PLACE_PREPS:
            names = [t for t in token.lefts if t.dep_ == "compound"]
            if names:
                found.append(token.doc[names[0].left_edge.i : token.i + 1])
    return found


def time_lineage(predicate: Token) -> list[Token]:
    """Return the predicate and the words governing it whose times are its own: up through control and
    coordination ("agreed on Monday to withdraw"), never out of a reported or adverbial clause into another
    event ("said on Monday that rebels attacked": Monday is the saying's, not the attack's), but through a
    "when" clause, which shares its time (``simultaneous``)."""
    lineage, current = [predicate], predicate
    while current.head != current and (current.dep_ not in OTHER_EVENT_CLAUSES or simultaneous(current)):
        current = current.head
        lineage.append(current)
    return lineage


def simultaneous(clause: Token) -> bool:
    """True for a "when/as/while" clause: it happens at the time of the clause it modifies ("In October, Putin
    sent a signal when Russian jets bombed militias": October)."""
    return clause.dep_ == "advcl" and any(m.dep_ in ("mark", "advmod") and m.lower_ in SAME_EVENT_MARKS
                                          for m in clause.children)


def in_dateline(span: SpacySpan) -> bool:
    """True for a time in an article's dateline ("MOSCOW, Oct 5 (Reuters) -"): the date of the report, never of
    an event it reports."""
    line_start = span.doc.text.rfind("\n", 0, span.start_char) + 1
    head = span.doc.text[line_start : line_start + DATELINE_WIDTH]
    dash = DATELINE_DASH.search(head)
    return dash is not None and span.end_char <= line_start + dash.start()


def nearest(predicate: Token, spans: list[SpacySpan]) -> SpacySpan | None:
    """Return the span that hangs from ``predicate`` itself, else from the nearest clause governing it whose time
    is its own (``time_lineage``)."""
    lineage = time_lineage(predicate)
    best, best_rank = None, len(lineage)
    for span in spans:
        anchor = anchor_token(span)
        rank = lineage.index(anchor) if anchor in lineage else (0 if span.root.head == predicate else None)
        if rank is not None and rank < best_rank:
            best, best_rank = span, rank
    return best


def time_for(predicate: Token, sentence: SpacySpan) -> Span | None:
    """Return the time expression of ``predicate``'s clause, or None when the sentence states none for it (a
    dateline's date is the report's, never the claim's)."""
    times = [ent for ent in sentence.ents if ent.label_ in TIME_LABELS and not in_dateline(ent)]
    found = nearest(predicate, times)
    return time_span(found) if found is not None else None


def own_clause(predicate: Token) -> list[Token]:
    """Return the predicate and the words above it up to its clause's verb (a noun predicate's carrier verb)."""
    lineage = [predicate]
    current = predicate
    while current.pos_ not in ("VERB", "AUX") and current.head != current:
        current = current.head
        lineage.append(current)
    return lineage


def place_for(predicate: Token, sentence: SpacySpan, *, exclude: set[int]) -> Span | None:
    """Return where ``predicate`` happens: a place hanging from its own clause (unlike times, places are
    not inherited from governing clauses), skipping places that are its own arguments (starts in ``exclude``)."""
    places = [span for span in place_mentions(sentence) + region_mentions(sentence) if span.start_char not in exclude]
    clause = own_clause(predicate)
    clause += same_event_clauses(clause[-1])
    found = [span for span in places if anchor_token(span) in clause]
    return to_span(found[0], "PLACE") if found else None


def same_event_clauses(verb: Token) -> list[Token]:
    """Return the verbs of "when/as they ..." clauses that restate ``verb``'s event with a pronoun for its
    actors ("wounded nine guards when they stormed a depot in Mosul"): their places are its place."""
    return [
        clause for clause in verb.children
        if clause.dep_ == "advcl"
        and any(m.dep_ in ("mark", "advmod") and m.lower_ in SAME_EVENT_MARKS for m in clause.children)
        and any(s.dep_ in ("nsubj", "nsubjpass") and s.pos_ == "PRON" for s in clause.children)
    ]
