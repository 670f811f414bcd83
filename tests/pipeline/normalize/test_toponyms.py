"""Tests of ``pipeline.normalize.toponyms`` (an article's places read together) and of the toponym candidates
of ``pipeline.extract.toponyms``, on articles written for these tests, through the rules pipeline as
``claimgraph annotate`` runs it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest

from pipeline.normalize.claims import article_places
from pipeline.normalize.places import Gazetteer
from pipeline.normalize.toponyms import PlaceReading, host_parts, outlet_country, read_places
from pipeline.records import Article, Extraction, Span
from pipeline.run import Pipeline, extract_batch

Places = Callable[..., list[PlaceReading]]


@pytest.fixture(scope="module")
def places_of(rules_pipeline: Pipeline) -> Places:
    """Return a function giving the resolved places of a text (with an optional url), as annotate reads them."""

    def read(text: str, url: str | None = None) -> list[PlaceReading]:
        article = Article(id="t", text=text, url=url, published_at=datetime(2025, 3, 4), origin="test")
        (extraction,) = extract_batch(rules_pipeline, [article])
        assert isinstance(extraction, Extraction)
        return [r for r in article_places(extraction, rules_pipeline.normalizer) if r.place is not None]

    return read


def where(readings: list[PlaceReading], text: str) -> tuple[str | None, str, str] | None:
    """Return (country, feature, place name) of the first reading of ``text``, or None."""
    found = next((r.place for r in readings if r.span.text == text), None)
    return (found.country, found.feature, found.name) if found else None


def point_of(readings: list[PlaceReading], text: str) -> tuple[float, float]:
    """Return (lat, lon) of the first reading of ``text``; fail when it has no point."""
    place = next(r.place for r in readings if r.span.text == text)
    assert place is not None and place.lat is not None and place.lon is not None
    return place.lat, place.lon


def test_toponyms_town_written_in_its_state_is_that_states(places_of: Places) -> None:
    readings = places_of("Maria Lopez, 34, of Alexandria, La., was arrested on Tuesday after a fire.")
    assert where(readings, "Alexandria") == ("USA", "P.PPL", "Alexandria")
    assert where(readings, "La.") == ("USA", "A.ADM1", "Louisiana")
    lat, lon = point_of(readings, "Alexandria")
    assert 30 < lat < 32.5 and lon < -90  # Louisiana, not Egypt (31.2 N, 29.9 E)


def test_toponyms_county_of_the_state_the_article_names(places_of: Places) -> None:
    text = ("Deputies in Kentucky searched a farm in Madison County on Friday. The Madison County sheriff said "
            "no one was hurt.")
    readings = places_of(text)
    assert where(readings, "Madison County") == ("USA", "A.ADM2", "Madison County")
    lat, lon = point_of(readings, "Madison County")
    assert 37 < lat < 38.5 and -85 < lon < -83.5  # Kentucky's, not Illinois' or Alabama's


def test_toponyms_region_shared_by_two_names_is_the_context(places_of: Places) -> None:
    # Walker County lies in Texas, Georgia and Alabama; Conroe only in Texas: two names share Texas, so its
    # Walker County is the one meant (with Huntsville, in Texas and Alabama both, the tie decides nothing).
    readings = places_of("A crash closed a road near Conroe on Sunday, officials in Walker County said.")
    _, lon = point_of(readings, "Walker County")
    assert -96.5 < lon < -95  # Texas (about 95.6 W), not Georgia (85.3 W)


def test_toponyms_georgia_is_the_state_beside_atlanta_and_the_country_beside_tbilisi(places_of: Places) -> None:
    assert where(places_of("Storms hit Atlanta on Monday. Georgia declared an emergency."), "Georgia") == (
        "USA", "A.ADM1", "Georgia")
    assert where(places_of("Protesters gathered in Tbilisi. Georgia recalled its ambassador."), "Georgia") == (
        "GEO", "A.PCLI", "Georgia")


def test_toponyms_demonyms_name_their_country(places_of: Places) -> None:
    readings = places_of("Russian officials met Turkish diplomats in Ankara.")
    assert where(readings, "Russian") == ("RUS", "A.PCLI", "Russia")
    assert where(readings, "Turkish") == ("TUR", "A.PCLI", "Turkey")


def test_toponyms_place_at_the_start_or_after_of_in_an_organization(places_of: Places) -> None:
    readings = places_of("The Ohio Department of Transportation closed the bridge, and the Bank of Canada "
                         "raised rates.")
    assert where(readings, "Ohio") == ("USA", "A.ADM1", "Ohio")
    assert where(readings, "Canada") == ("CAN", "A.PCLI", "Canada")


def test_toponyms_all_capital_dateline(places_of: Places) -> None:
    readings = places_of("COLUMBUS, Ohio (AP) — Lawmakers passed the budget on Thursday.")
    assert where(readings, "COLUMBUS") == ("USA", "P.PPL", "Columbus")


def test_toponyms_a_persons_surname_is_no_town(places_of: Places) -> None:
    text = ("Brittany Fairfield, 24, was charged in Ohio. Fairfield's lawyer said Fairfield would plead "
            "not guilty.")
    assert all(r.span.text not in ("Fairfield", "Fairfield's") for r in places_of(text))


def test_toponyms_outlet_domain_gives_the_country() -> None:
    from pipeline.normalize.places import Gazetteer

    gazetteer = Gazetteer.load()
    assert outlet_country("https://www.cbc.ca/news/canada/1.2345", gazetteer) == "CAN"
    assert outlet_country("https://www.bbc.co.uk/news/uk-1", gazetteer) == "GBR"
    assert outlet_country("https://www.thetowntalk.com/story", gazetteer) is None
    assert outlet_country(None, gazetteer) is None


def test_toponyms_host_parts_skip_an_organizations_head_before_of() -> None:
    parts = [p.text for p in host_parts(Span("the University of Cincinnati", 10, 38, "HOST"))]
    assert "University" not in parts and parts[-1] == "Cincinnati"
    sheriff = host_parts(Span("the Laurel County Sheriff's Office", 0, 34, "HOST"))
    assert "Laurel County" in [p.text for p in sheriff]
    part = next(p for p in sheriff if p.text == "Laurel County")
    assert (part.start, part.end) == (4, 17)


def test_toponyms_host_parts_after_section_words() -> None:
    parts = [p.text for p in host_parts(Span("the Northern Illinois University", 0, 32, "HOST"))]
    assert parts == ["Northern Illinois University", "Northern Illinois", "Illinois University", "Illinois"]


def test_toponyms_names_of_a_county_list_are_counties_of_the_articles_state(places_of: Places) -> None:
    # a coordinated list ending in "counties": each name is read as "<name> County", in the state named
    text = "Flooding closed roads in Walton, Morgan and Greene counties, Georgia officials said on Monday."
    found = sorted((r.span.text, r.place.feature, r.place.name) for r in places_of(text) if r.place)
    assert found == [("Georgia", "A.ADM1", "Georgia"), ("Greene", "A.ADM2", "Greene County"),
                     ("Morgan", "A.ADM2", "Morgan County"), ("Walton", "A.ADM2", "Walton County")]
    lat, _ = point_of(places_of(text), "Walton")
    assert 33 < lat < 34.5  # Georgia's, not Florida's (30.6 N)


@pytest.mark.parametrize(("text", "name", "expected"), [
    # a curly possessive the tagger keeps inside the entity is no part of the name
    ("Madison County’s new jail opened on Monday in Kentucky.", "Madison County", ("USA", "A.ADM2", "Madison County")),
    # a legislator's party-and-home tag
    ("Rep. Ann Miller, D-Westfield, said the toll bill would pass the Massachusetts House.", "Westfield",
     ("USA", "P.PPL", "Westfield")),
    # a town's office taken into a person's name by the tagger
    ("The road will reopen next week, said Denton Mayor Lisa Grant of Texas.", "Denton", ("USA", "P.PPL", "Denton")),
    # capitalized words no entity covers, after a place preposition
    ("Sheriff's deputies searched the woods in Glen Carbon after the storm, Illinois police said.", "Glen Carbon",
     ("USA", "P.PPL", "Glen Carbon")),
    # a name after a person's name and "of" (where the person lives), or after a place noun and "of"
    ("Police said Mark Hanley of Gilroy was hurt when his truck overturned in California.", "Gilroy",
     ("USA", "P.PPL", "Gilroy")),
    ("Firefighters from the town of Pataskala helped, Ohio officials said.", "Pataskala",
     ("USA", "P.PPL", "Pataskala")),
    # a dateline before a colon; a place after a section word in an organization's name
    ("BOISE: The Idaho Senate passed the bill on Tuesday.", "BOISE", ("USA", "P.PPL", "Boise")),
    ("Volunteers of the Greater Dayton Food Bank said demand rose in Ohio.", "Dayton", ("USA", "P.PPL", "Dayton")),
])
def test_toponyms_candidates_of_the_new_classes(places_of: Places, text: str, name: str,
                                                 expected: tuple[str, str, str]) -> None:
    assert where(places_of(text), name) == expected


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def spans_of(text: str, *labelled: tuple[str, str]) -> list[Span]:
    """Return a span of each (name, label) at the name's first occurrence in ``text``."""
    return [Span(name, text.index(name), text.index(name) + len(name), label) for name, label in labelled]


def read_alone(gazetteer: Gazetteer, text: str, *labelled: tuple[str, str]) -> list[tuple[str, str, str]]:
    """Return (span text, feature, place name) of each place ``read_places`` finds among the given spans."""
    readings = read_places(spans_of(text, *labelled), text, gazetteer, countries=("USA",))
    return [(r.span.text, r.place.feature, r.place.name) for r in readings if r.place is not None]


@pytest.mark.parametrize(("text", "labelled", "expected"), [
    # a section word before a place ("South Wichita") names a part of that place
    ("A crash in South Wichita hurt two, Kansas police said.", (("South Wichita", "GPE"), ("Kansas", "GPE")),
     [("Wichita", "P.PPL", "Wichita"), ("Kansas", "A.ADM1", "Kansas")]),
    # a place entity the gazetteer does not know as a whole: the place at its start, as in an organization's name
    ("The Lubbock City Council met in Texas.", (("Lubbock City Council", "GPE"), ("Texas", "GPE")),
     [("Lubbock City", "P.PPL", "Lubbock"), ("Texas", "A.ADM1", "Texas")]),
    # a facility: only a place of the article's own state ("Smith County" of Texas), not a person's name
    ("Two men left the Smith County Jail in Texas.", (("Smith County Jail", "FAC"), ("Texas", "GPE")),
     [("Smith County", "A.ADM2", "Smith County"), ("Texas", "A.ADM1", "Texas")]),
    ("Crews visited George Washington High School in Colorado.",
     (("George Washington High School", "FAC"), ("Colorado", "GPE")), [("Colorado", "A.ADM1", "Colorado")]),
    # streets and waters are named after far towns and people: no town is read inside them
    ("He lives on Richmond Street in Massachusetts.", (("Richmond Street", "GPE"), ("Massachusetts", "GPE")),
     [("Massachusetts", "A.ADM1", "Massachusetts")]),
    # nor waters and landforms ("Atlantic" is also a town in Iowa)
    ("Ships crossed the Atlantic Ocean to Maine.", (("the Atlantic Ocean", "LOC"), ("Maine", "GPE")),
     [("Maine", "A.ADM1", "Maine")]),
    # a dash inside the entity ends no name: the place is "San Jose", without the dash
    ("Talks in San Jose - Cisco said - went on in California.", (("San Jose - Cisco", "GPE"), ("California", "GPE")),
     [("San Jose", "P.PPL", "San Jose"), ("California", "A.ADM1", "California")]),
    # a one-word name of a county of the article's state, written without "County"
    ("Lawyers met at Kanawha Circuit Court in West Virginia.",
     (("Kanawha Circuit Court", "HOST"), ("West Virginia", "GPE")),
     [("Kanawha Circuit Court", "A.ADM2", "Kanawha County"), ("West Virginia", "A.ADM1", "West Virginia")]),
    # after section words at an organization's start or after its "of", the place they are a part of or around
    ("The Western Nebraska Bar Association met in Omaha.",
     (("The Western Nebraska Bar Association", "HOST"), ("Omaha", "GPE")),
     [("Nebraska", "A.ADM1", "Nebraska"), ("Omaha", "P.PPL", "Omaha")]),
    ("Doctors at South Central Kansas Medical Center said so.", (("South Central Kansas Medical Center", "HOST"),),
     [("Kansas", "A.ADM1", "Kansas")]),
    ("Metro Denver officials asked for water cuts.", (("Metro Denver", "HOST"),), [("Denver", "P.PPL", "Denver")]),
    ("The United Way of Greater Toledo raised funds.", (("The United Way of Greater Toledo", "HOST"),),
     [("Toledo", "P.PPL", "Toledo")]),
    # a section word or an institution's word alone is no place
    ("Metro Police said the driver was hurt in Reno.", (("Metro Police", "HOST"), ("Reno", "GPE")),
     [("Reno", "P.PPL", "Reno")]),
    ("The march went along Northwest 12th Street in Ocala.", (("Northwest 12th Street", "HOST"), ("Ocala", "GPE")),
     [("Ocala", "P.PPL", "Ocala")]),
])
def test_toponyms_places_inside_unknown_names(gazetteer: Gazetteer, text: str, labelled: tuple[tuple[str, str], ...],
                                              expected: list[tuple[str, str, str]]) -> None:
    assert read_alone(gazetteer, text, *labelled) == expected


def test_toponyms_an_organization_named_like_a_county_of_the_articles_state_is_no_county(
        gazetteer: Gazetteer) -> None:
    # Ford County lies in Illinois; the carmaker Ford, named alone, is no place there
    text = "Ford will close plants in Peoria, Illinois and in Joliet, Illinois, Ford said."
    labelled = (("Ford", "HOST"), ("Peoria", "GPE"), ("Illinois", "GPE"), ("Joliet", "GPE"))
    assert [name for name, _, _ in read_alone(gazetteer, text, *labelled)] == ["Peoria", "Illinois", "Joliet"]


def test_toponyms_a_peoples_name_in_a_place_position_is_its_country_once(gazetteer: Gazetteer) -> None:
    # "Canadian" coordinated with "US" is also proposed as a name; it stays Canada (a demonym), once, never the
    # Texan town called Canadian
    text = "The maker cut output at its US and Canadian plants."
    labelled = (("US", "GPE"), ("Canadian", "NORP"), ("Canadian", "NAME"))
    assert read_alone(gazetteer, text, *labelled) == [("US", "A.PCLI", "United States"),
                                                      ("Canadian", "A.PCLI", "Canada")]


def test_toponyms_a_county_list_wins_over_the_entities_inside_it(gazetteer: Gazetteer) -> None:
    text = "Roads in Smith and Gregg counties of Texas closed."
    labelled = (("Smith", "COUNTY"), ("Gregg", "COUNTY"), ("Gregg counties", "GPE"), ("Texas", "GPE"))
    assert read_alone(gazetteer, text, *labelled) == [
        ("Smith", "A.ADM2", "Smith County"), ("Gregg", "A.ADM2", "Gregg County"), ("Texas", "A.ADM1", "Texas")]


@pytest.mark.parametrize(("text", "labelled", "expected"), [
    # both names of a hyphenated pair are places: both kept
    ("Floods reached Fargo-Moorhead in North Dakota.", (("Fargo", "PAIR"), ("Moorhead", "PAIR"),
                                                        ("North Dakota", "GPE")),
     [("Fargo", "P.PPL", "Fargo"), ("Moorhead", "P.PPL", "Moorhead"), ("North Dakota", "A.ADM1", "North Dakota")]),
    # one is no place: neither is kept
    ("A new Wal-Mart opened in Ohio.", (("Wal", "PAIR"), ("Mart", "PAIR"), ("Ohio", "GPE")),
     [("Ohio", "A.ADM1", "Ohio")]),
])
def test_toponyms_hyphenated_pairs_are_places_only_together(gazetteer: Gazetteer, text: str,
                                                            labelled: tuple[tuple[str, str], ...],
                                                            expected: list[tuple[str, str, str]]) -> None:
    assert read_alone(gazetteer, text, *labelled) == expected
