"""Tests of ``pipeline.extract.toponyms``'s positional rules on hand-built ``Doc``s (words, parts of speech,
entities and sentence starts set by the test, so the rules are checked apart from the tagger)."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from pipeline.extract.toponyms import (
    bare_names,
    datelines,
    hyphen_pairs,
    listed_names,
    party_places,
    placed,
    titled_place,
    toponym_candidates,
)
from pipeline.records import Span


def make_doc(text: str, *, propn: tuple[str, ...] = (), person: tuple[int, int] | None = None) -> Doc:
    """Return a Doc of ``text``'s space-separated words: the words of ``propn`` tagged PROPN, the token range
    ``person`` a PERSON entity, one sentence."""
    words = text.split()
    doc = Doc(spacy.blank("en").vocab, words=words, pos=["PROPN" if w in propn else "NOUN" for w in words],
              sent_starts=[i == 0 for i in range(len(words))])
    if person is not None:
        doc.ents = [SpacySpan(doc, person[0], person[1], label="PERSON")]
    return doc


@pytest.mark.parametrize(("text", "person", "expected"), [
    ("crews worked north of Dalby on Monday", (4, 5), True),  # compass word and "of"
    ("crews worked southwest of Dalby on Monday", (4, 5), True),
    ("a friend of Dalby said", (3, 4), False),  # "of" alone is no place position
    ("Dalby detectives said", (0, 1), True),  # a town's own institution after its name
    ("Dalby parents said", (0, 1), True),
    ("Dalby said", (0, 1), False),
])
def test_toponyms_placed_positions(text: str, person: tuple[int, int], expected: bool) -> None:
    doc = make_doc(text, person=person)
    assert placed(doc.ents[0]) is expected


@pytest.mark.parametrize(("text", "people", "expected"), [
    ("crews found Ann Lee of Dalby on Monday", ((2, 4), (5, 6)), True),  # where a person lives
    ("a picture of Ann Lee of Dalby", ((3, 5), (6, 7)), True),
    ("voters in the town of Dalby said", ((5, 6),), True),  # a noun naming a kind of place
    ("the two villages of Dalby and Moss", ((4, 5),), True),  # its plural too
    ("a portrait of Dalby hung there", ((3, 4),), False),  # "of" after a common noun is no place position
])
def test_toponyms_of_after_a_person_or_a_place_noun_is_a_place_position(
        text: str, people: tuple[tuple[int, int], ...], expected: bool) -> None:
    words = text.split()
    lemmas = [{"villages": "village"}.get(w, w) for w in words]
    doc = Doc(spacy.blank("en").vocab, words=words, lemmas=lemmas, sent_starts=[i == 0 for i in range(len(words))])
    ents = [doc[start:end] for start, end in people]
    for ent in ents:
        ent.label_ = "PERSON"
    doc.ents = ents
    assert placed(doc.ents[-1]) is expected


def test_toponyms_of_after_a_person_places_a_name_no_entity_covers() -> None:
    doc = make_doc("said Ann Lee of Glen Carbon", propn=("Ann", "Lee", "Glen", "Carbon"), person=(1, 3))
    assert [(s.text, placed(s)) for s in bare_names(doc)] == [("Glen Carbon", True)]


def test_toponyms_listed_names_end_in_a_plural_place_noun() -> None:
    doc = make_doc("roads in Walton , Morgan and Greene counties closed", propn=("Walton", "Morgan", "Greene"))
    assert listed_names(doc) == [Span("Greene", 29, 35, "COUNTY"), Span("Morgan", 18, 24, "COUNTY"),
                                 Span("Walton", 9, 15, "COUNTY")]
    parishes = make_doc("Caddo and Bossier parishes voted", propn=("Caddo", "Bossier"))
    assert [s.label for s in listed_names(parishes)] == ["PARISH", "PARISH"]
    assert listed_names(make_doc("in Greene counties", propn=("Greene",))) == []  # one name is no list


def test_toponyms_bare_names_are_runs_of_proper_nouns_without_an_entity() -> None:
    doc = make_doc("deputies searched Glen Carbon Park in Glen Carbon", propn=("Glen", "Carbon", "Park"))
    assert [(s.text, placed(s)) for s in bare_names(doc)] == [("Glen Carbon Park", False), ("Glen Carbon", True)]


def test_toponyms_titled_place_is_the_name_before_a_towns_office() -> None:
    doc = make_doc("said Denton Mayor Lisa Grant", person=(1, 5))
    assert titled_place(doc.ents[0]).text == "Denton"  # type: ignore[union-attr]
    county = make_doc("said Scott County Sheriff Bob Lane", person=(1, 6))
    assert titled_place(county.ents[0]).text == "Scott County"  # type: ignore[union-attr]
    assert titled_place(make_doc("said Lisa Grant", person=(1, 3)).ents[0]) is None


def test_toponyms_dateline_before_a_long_dash_after_a_byline() -> None:
    doc = make_doc("By Ann Lee March 2 , 2025 HEBRON -- City officials met")
    assert [s.text for s in datelines(doc)] == ["HEBRON"]
    assert [s.text for s in datelines(make_doc("he said NASA , not us"))] == []  # a comma counts at a start only


@pytest.mark.parametrize(("text", "expected"), [
    ("AMMAN : Talks resumed on Sunday", ["AMMAN"]),  # a colon after a dateline opening the sentence
    ("PORT ELLEN --- The ferry was late", ["PORT ELLEN"]),  # a triple dash
    ("By Ann Lee March 2 , 2025 HEBRON \x97 City officials met", ["HEBRON"]),  # a long dash read as Latin-1
    ("he said NASA : not us", []),  # a colon counts at a start only
])
def test_toponyms_dateline_ends(text: str, expected: list[str]) -> None:
    assert [s.text for s in datelines(make_doc(text))] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Rep. Ann Miller, D-Westfield, said so.", ["Westfield"]),
    ("Rep. Clay Hart (R-Elm Grove) filed it.", ["Elm Grove"]),
    ("Sen. Bo Lee, D-N.Y., agreed.", ["N.Y."]),
    ("The D-Day landings", []),
])
def test_toponyms_party_places(text: str, expected: list[str]) -> None:
    assert [s.text for s in party_places(make_doc(text))] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("storms hit Tyler and Lindale overnight", True),  # joined to a place entity after "and"
    ("storms hit Lindale or Tyler overnight", True),
    ("Lindale and Smith met", False),  # joined to no place
])
def test_toponyms_a_name_coordinated_with_a_place_is_placed(text: str, expected: bool) -> None:
    words = text.split()
    doc = Doc(spacy.blank("en").vocab, words=words, sent_starts=[i == 0 for i in range(len(words))])
    lindale = words.index("Lindale")
    ents = [doc[lindale:lindale + 1]]
    ents[0].label_ = "PERSON"
    if "Tyler" in words:
        tyler = doc[words.index("Tyler"):words.index("Tyler") + 1]
        tyler.label_ = "GPE"
        ents.append(tyler)
    doc.ents = ents
    person = next(e for e in doc.ents if e.label_ == "PERSON")
    assert placed(person) is expected


def test_toponyms_hyphen_pairs_are_two_capitalized_names() -> None:
    nlp = spacy.blank("en")
    assert hyphen_pairs(nlp("Floods reached Fargo-Moorhead on Friday.")) == [
        Span("Fargo", 15, 20, "PAIR"), Span("Moorhead", 21, 29, "PAIR")]
    assert hyphen_pairs(nlp("a well-known Fargo - Moorhead route")) == []  # spaced dashes and lower-case words


def test_toponyms_a_people_label_in_a_place_position_is_also_a_name() -> None:
    words = "crews worked in Greer and Russian troops left".split()
    doc = Doc(spacy.blank("en").vocab, words=words, sent_starts=[i == 0 for i in range(len(words))])
    greer, russian = doc[3:4], doc[5:6]
    greer.label_ = russian.label_ = "NORP"
    doc.ents = [greer, russian]
    assert toponym_candidates(doc) == [Span("Greer", 16, 21, "NORP"), Span("Greer", 16, 21, "NAME"),
                                       Span("Russian", 26, 33, "NORP")]


@pytest.mark.parametrize(("text", "expected"), [
    ("she moved to Dalby last year", True),  # "to" governed by a verb of going
    ("a trip to Dalby", True),  # or a noun of going
    ("a letter to Dalby", False),  # "to" alone is no place position
])
def test_toponyms_to_after_a_word_of_going_is_a_place_position(text: str, expected: bool) -> None:
    words = text.split()
    to = words.index("to")
    head = to - 1  # "moved", "trip", "letter": the word "to" hangs on
    heads = [head if i == to else (to if i == to + 1 else i) for i in range(len(words))]
    lemmas = ["move" if w == "moved" else w for w in words]
    doc = Doc(spacy.blank("en").vocab, words=words, heads=heads, lemmas=lemmas,
              deps=["dep"] * len(words), sent_starts=[i == 0 for i in range(len(words))])
    dalby = doc[to + 1:to + 2]
    dalby.label_ = "PERSON"
    doc.ents = [dalby]
    assert placed(doc.ents[0]) is expected


def test_toponyms_based_after_a_name_is_a_place_position() -> None:
    assert placed(make_doc("a Rock Hill - based company", person=(1, 3)).ents[0])
    assert not placed(make_doc("a Rock Hill - era company", person=(1, 3)).ents[0])
