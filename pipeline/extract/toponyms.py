"""Toponym candidates the named-entity tagger labels as something else, for the gazetteer to confirm.

The small English model tags many place names as organizations or people ("Gainesville police",
"of Alexandria"), gives the people of a country as NORP ("Russian", "Americans"), writes a town and
its state as one entity ("Evansville, Ind.") and misses all-capital datelines ("COLUMBUS (AP) —").
This module proposes spans for each of those classes, labelled by what they are:

- ``GPE``/``LOC`` parts of a place entity written with commas ("Evansville" and "Ind."), where the
  last part is the place the others lie in (``pipeline.normalize.toponyms`` reads it so);
- ``NORP``: a demonym or people's name (the country it names is the place);
- ``HOST``: an organization, facility or work named after a place ("the Athens Police Department",
  "University of Cincinnati"); normalization looks for a place name at its start or after "of";
- ``NAME``: a person-labelled entity a place preposition, a residence comma ("Stephen Davis, of
  Chiefland"), a following "City, State" comma or a place noun ("Gainesville residents") marks as a
  place, and the all-capital words opening a sentence before "(", a dash or a comma (datelines).

None of them is a place until the gazetteer resolves it. Imports spaCy types and the knowledge labels.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from pipeline.knowledge.labels import PLACE_LABELS
from pipeline.knowledge.words import word_set
from pipeline.records import Span

HOST_LABELS = frozenset({"ORG", "FAC", "WORK_OF_ART", "PRODUCT", "EVENT"})
# Prepositions that put a name in a place ("in Gainesville", "near Lanexa", "from Tbilisi").
PLACE_PREPOSITIONS = word_set("toponym_prepositions")
# Nouns a place name modifies ("Gainesville residents", "Roxton police", "the Alexandria woman").
PLACE_FOLLOWERS = word_set("toponym_followers")
DATELINE_ENDS = frozenset({"(", "—", "–", "-", "--", ","})


def toponym_candidates(doc: Doc) -> list[Span]:
    """Return the candidate toponyms of ``doc`` beyond its GPE and LOC entities, in text order."""
    found: list[Span] = []
    for ent in doc.ents:
        if ent.label_ == "NORP":
            found.append(Span(ent.text, ent.start_char, ent.end_char, "NORP"))
        elif ent.label_ in HOST_LABELS:
            found.append(Span(ent.text, ent.start_char, ent.end_char, "HOST"))
        elif ent.label_ == "PERSON" and placed(ent):
            found.append(Span(ent.text, ent.start_char, ent.end_char, "NAME"))
    found += [Span(span.text, span.start_char, span.end_char, "NAME") for span in datelines(doc)]
    return sorted(found, key=lambda span: span.start)


def place_parts(ent: SpacySpan) -> list[Span]:
    """Return a place entity's comma-separated parts ("Evansville, Ind." -> "Evansville", "Ind."), or the
    entity itself when it has no comma."""
    parts, begin = [], ent.start
    for token in [*[t for t in ent if t.text == ","], None]:
        end = token.i if token is not None else ent.end
        if end > begin:
            piece = ent.doc[begin:end]
            parts.append(Span(piece.text, piece.start_char, piece.end_char, ent.label_))
        begin = end + 1
    return parts


def placed(ent: SpacySpan) -> bool:
    """True when the words around a name say it is a place: a place preposition before it ("of" only after a
    comma: "Davis, of Chiefland"), a place noun after it, or a comma and a place after it ("Rock Hill, S.C.")."""
    doc = ent.doc
    before = doc[ent.start - 1] if ent.start > 0 else None
    after = doc[ent.end] if ent.end < len(doc) else None
    if before is not None and before.lower_ in PLACE_PREPOSITIONS:
        return True
    if before is not None and before.lower_ == "of" and ent.start > 1 and doc[ent.start - 2].text == ",":
        return True
    if after is not None and after.lower_ in PLACE_FOLLOWERS:
        return True
    following = doc[ent.end + 1] if ent.end + 1 < len(doc) else None
    return after is not None and after.text == "," and following is not None and following.ent_type_ in PLACE_LABELS


def datelines(doc: Doc) -> Iterator[SpacySpan]:
    """Yield the all-capital words opening a sentence before "(", a dash or a comma ("NEWARK, N.J. (AP) —")."""
    for sent in doc.sents:
        end = sent.start
        while end < sent.end and doc[end].is_alpha and doc[end].is_upper and len(doc[end]) > 1:
            end += 1
        if end > sent.start and end < sent.end and doc[end].text in DATELINE_ENDS:
            if not any(doc[i].ent_type_ in PLACE_LABELS for i in range(sent.start, end)):
                yield doc[sent.start:end]
