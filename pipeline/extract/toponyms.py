"""Toponym candidates the named-entity tagger labels as something else, for the gazetteer to confirm.

The small English model tags many place names as organizations or people ("Gainesville police",
"of Alexandria"), gives the people of a country as NORP ("Russian", "Americans"), writes a town and
its state as one entity ("Evansville, Ind.") and misses all-capital datelines ("COLUMBUS (AP) —").
This module proposes spans for each of those classes, labelled by what they are:

- ``GPE``/``LOC`` parts of a place entity written with commas ("Evansville" and "Ind."), where the
  last part is the place the others lie in (``pipeline.normalize.toponyms`` reads it so);
- ``NORP``: a demonym or people's name (the country it names is the place); one in a place's position is
  also proposed as ``NAME`` (the tagger takes some towns for peoples: "in Greer");
- ``HOST``: an organization, facility or work named after a place ("the Athens Police Department",
  "University of Cincinnati"); normalization looks for a place name at its start or after "of", also past
  section words ("Northern Illinois University");
- ``NAME``: a person-labelled entity a place preposition, a residence "of" ("Stephen Davis, of
  Chiefland", "Ann Lee of Dalby"), a place noun and "of" ("the town of Dalby"), a following "City, State"
  comma or a place noun ("Gainesville residents") marks as a place, and the all-capital words opening a
  sentence before "(", a dash, a comma or a colon, or standing anywhere before a long dash (datelines); a
  run of capitalized words no entity covers in such a position ("in Glen Carbon"); the words of a
  person-labelled entity before a town's office ("Denton Mayor Lisa Grant"); the home of a legislator's
  party-and-home tag ("D-Westfield");
- ``PAIR``: both names of a hyphenated pair ("Fargo-Moorhead"), places only when both resolve;
- ``COUNTY``/``PARISH``: the names of a coordinated list ending in "counties" or "parishes" ("Walton, Morgan
  and Greene counties"), which normalization reads as "Walton County".

None of them is a place until the gazetteer resolves it. Imports spaCy types and the knowledge labels and
word lists.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import numpy
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from pipeline.knowledge.labels import PLACE_LABELS
from pipeline.knowledge.registry_words import load_registry_words
from pipeline.knowledge.words import word_set
from pipeline.records import Span

HOST_LABELS = frozenset({"ORG", "FAC", "WORK_OF_ART", "PRODUCT", "EVENT"})
# Prepositions that put a name in a place ("in Gainesville", "near Lanexa", "from Tbilisi").
PLACE_PREPOSITIONS = word_set("toponym_prepositions")
# Nouns a place name modifies ("Gainesville residents", "Roxton police", "the Alexandria woman").
PLACE_FOLLOWERS = word_set("toponym_followers")
# Compass words that put a name in a place before "of" ("north of Moorhead").
DIRECTIONS = word_set("toponym_directions")
# Verbs and nouns of going whose "to" puts a name in a place ("moved to Cancun", "a trip to Lanexa").
MOTION_HEADS = word_set("toponym_motion_heads")
# Words naming the kind of place ("county", "township"): part of a name, not the office after it.
PLACE_NOUNS = frozenset(load_registry_words().place_nouns) | {"county", "parish", "township"}
# Plural place nouns ending a list of names ("Clarke and Oconee counties"), and the label of the list's names.
LIST_LABELS = {noun: {"counties": "COUNTY", "parishes": "PARISH"}[noun] for noun in word_set("toponym_list_nouns")}
LIST_JOINERS = frozenset({",", "and", "or", "&"})
COORDINATORS = frozenset({"and", "or"})
# Dashes that end a dateline wherever it stands (after a byline and a date: "March 3, 2009 HANOVER --"); "\x97" is
# the long dash of a Windows-1252 text decoded as Latin-1, common in scraped pages.
DATELINE_DASHES = frozenset({"—", "–", "--", "---", "\x97"})
# What ends a dateline opening a sentence ("NEWARK, N.J. (AP) —", "BEIRUT: ...").
DATELINE_ENDS = DATELINE_DASHES | {"(", "-", ",", ":"}
# A legislator's party and home after the name ("Sen. Ann Lee, D-Westfield,", "(R-Ocilla)"): the home is a place.
PARTY_PLACE = re.compile(r"(?:, |\()[DRI]-([A-Z][\w.]*(?: [A-Z][\w.]*){0,2})(?=[,);]|\.? |\.?$)")


def toponym_candidates(doc: Doc) -> list[Span]:
    """Return the candidate toponyms of ``doc`` beyond its GPE and LOC entities, in text order."""
    found: list[Span] = []
    for ent in doc.ents:
        if ent.label_ == "NORP":
            found.append(Span(ent.text, ent.start_char, ent.end_char, "NORP"))
            if placed(ent):  # a town the tagger took for a people ("in Greer"): also a name to confirm
                found.append(Span(ent.text, ent.start_char, ent.end_char, "NAME"))
        elif ent.label_ in HOST_LABELS:
            found.append(Span(ent.text, ent.start_char, ent.end_char, "HOST"))
        elif ent.label_ == "PERSON" and placed(ent):
            found.append(Span(ent.text, ent.start_char, ent.end_char, "NAME"))
        elif ent.label_ == "PERSON" and (head := titled_place(ent)) is not None:
            found.append(Span(head.text, head.start_char, head.end_char, "NAME"))
    found += [Span(span.text, span.start_char, span.end_char, "NAME") for span in datelines(doc)]
    found += [Span(span.text, span.start_char, span.end_char, "NAME") for span in bare_names(doc)
              if placed(span) and span.text.lower() not in DIRECTIONS]
    found += listed_names(doc)
    found += party_places(doc)
    found += hyphen_pairs(doc)
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
    word ``placing_of`` accepts: "Davis, of Chiefland", "Ann Lee of Dalby", "the town of Dalby"; "to" only after a
    verb or noun of going: "moved to Cancun"), a place noun or "-based" after it, a comma and a place after it
    ("Rock Hill, S.C."), or "and"/"or" joining it to a place."""
    doc = ent.doc
    before = doc[ent.start - 1] if ent.start > 0 else None
    after = doc[ent.end] if ent.end < len(doc) else None
    if before is not None and before.lower_ in PLACE_PREPOSITIONS:
        return True
    if before is not None and before.lower_ == "of" and ent.start > 1 and placing_of(doc[ent.start - 2]):
        return True
    if before is not None and before.lower_ == "to" and before.head.lemma_.lower() in MOTION_HEADS:
        return True
    if after is not None and after.lower_ in PLACE_FOLLOWERS:
        return True
    if after is not None and after.text == "-" and ent.end + 1 < len(doc) and doc[ent.end + 1].lower_ == "based":
        return True  # "a Rock Hill-based company": where it is based
    following = doc[ent.end + 1] if ent.end + 1 < len(doc) else None
    if after is not None and after.text == "," and following is not None and following.ent_type_ in PLACE_LABELS:
        return True
    return coordinated_with_place(ent)


def placing_of(word: Token) -> bool:
    """True when the word before an "of" makes the name after it a place: a comma ("Davis, of Chiefland"), a
    compass word ("north of Moorhead"), a person's name ("Ann Lee of Dalby": where she lives) or a noun naming a
    kind of place ("the town of Dalby", "the villages of ...")."""
    return (word.text == "," or word.lower_ in DIRECTIONS or word.ent_type_ == "PERSON"
            or word.lower_ in PLACE_NOUNS or word.lemma_.lower() in PLACE_NOUNS)


def coordinated_with_place(ent: SpacySpan) -> bool:
    """True when a name is joined by "and" or "or" to a place entity ("Bicester and Kidlington", "Paris and
    Roxton"): the members of a coordination are of one kind."""
    doc = ent.doc
    if ent.start > 1 and doc[ent.start - 1].lower_ in COORDINATORS and doc[ent.start - 2].ent_type_ in PLACE_LABELS:
        return True
    return (ent.end + 1 < len(doc) and doc[ent.end].lower_ in COORDINATORS
            and doc[ent.end + 1].ent_type_ in PLACE_LABELS)


def datelines(doc: Doc) -> Iterator[SpacySpan]:
    """Yield the all-capital words opening a sentence before "(", a dash or a comma ("NEWARK, N.J. (AP) —"), and
    those anywhere before a long dash ("March 3, 2009 HANOVER -- City officials")."""
    capital = capitals(doc)
    if not capital.any():
        return
    starts = {sent.start: sent.end for sent in doc.sents}
    for i in numpy.flatnonzero(capital).tolist():
        if i > 0 and capital[i - 1]:
            continue
        end = i
        while end < len(doc) and capital[end]:
            end += 1
        ends = DATELINE_ENDS if i in starts and end < starts[i] else DATELINE_DASHES
        if end < len(doc) and doc[end].text in ends:
            if not any(doc[k].ent_type_ in PLACE_LABELS for k in range(i, end)):
                yield doc[i:end]


def capitals(doc: Doc) -> numpy.ndarray:
    """Return which tokens are words in capitals of two letters or more ("NEWARK"), in one array pass."""
    table = doc.to_array(["IS_ALPHA", "IS_UPPER", "LENGTH"]).reshape(len(doc), 3)
    return (table[:, 0] == 1) & (table[:, 1] == 1) & (table[:, 2] > 1)


def bare_names(doc: Doc) -> Iterator[SpacySpan]:
    """Yield the runs of capitalized proper nouns no entity covers ("in Glen Carbon", "Roselle officers"); the
    tagger leaves many small towns untagged. The caller keeps those ``placed`` says are in a place's position."""
    start = None
    for token in [*doc, None]:
        bare = token is not None and token.pos_ == "PROPN" and token.is_title and not token.ent_type_
        if bare and start is None:
            start = token.i
        elif not bare and start is not None:
            yield doc[start:token.i if token is not None else len(doc)]
            start = None


def listed_names(doc: Doc) -> list[Span]:
    """Return the names of each coordinated list ending in a plural place noun ("Barrow, Jackson and Madison
    counties", "Caddo and Bossier parishes"), labelled by the noun (``LIST_LABELS``): each is a county or parish
    of that name. A list is capitalized names joined by commas, "and", "or" or "&"."""
    found: list[Span] = []
    for token in doc:
        label = LIST_LABELS.get(token.lower_)
        if label is None:
            continue
        end, i = token.i, token.i - 1
        names: list[Span] = []
        while i >= token.sent.start and (_list_word(doc[i]) or doc[i].text in LIST_JOINERS):
            if doc[i].text in LIST_JOINERS:
                if end > i + 1:
                    names.append(_name_span(doc[i + 1:end], label))
                end = i
            i -= 1
        if end > i + 1:
            names.append(_name_span(doc[i + 1:end], label))
        found += names if len(names) > 1 else []
    return found


def _name_span(span: SpacySpan, label: str) -> Span:
    return Span(span.text, span.start_char, span.end_char, label)


def _list_word(token: Token) -> bool:
    return token.is_title and token.pos_ == "PROPN"


def titled_place(ent: SpacySpan) -> SpacySpan | None:
    """Return the words of a person-labelled entity before a place noun inside it ("Avondale Mayor", "Anderson
    County Sheriff Greg Taylor": the tagger takes a town's office and its holder for one name), else None."""
    for token in ent[1:]:
        if token.lower_ in PLACE_FOLLOWERS and token.lower_ not in PLACE_NOUNS:
            return ent.doc[ent.start:token.i]
    return None


def party_places(doc: Doc) -> list[Span]:
    """Return the homes of a party-and-home tag after a legislator's name ("D-Westfield", "R-Elbow Lake")."""
    return [Span(m.group(1), m.start(1), m.end(1), "NAME") for m in PARTY_PLACE.finditer(doc.text)]


def hyphen_pairs(doc: Doc) -> list[Span]:
    """Return both names of a hyphenated pair of capitalized names ("Fargo-Moorhead", "Watertown-Mayer"): twin
    towns, a metro area or a school district of two towns; normalization keeps them when both are places."""
    found: list[Span] = []
    if len(doc) < 3:
        return found
    words = doc.to_array("ORTH").reshape(len(doc))
    for i in (numpy.flatnonzero(words[1:-1] == doc.vocab.strings["-"]) + 1).tolist():
        dash, first, second = doc[i], doc[i - 1], doc[i + 1]
        if (not first.whitespace_ and not dash.whitespace_ and first.is_title and second.is_title
                and len(first) > 1 and len(second) > 1):
            found += [Span(t.text, t.idx, t.idx + len(t), "PAIR") for t in (first, second)]
    return found
