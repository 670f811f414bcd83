"""An article's places read together: each toponym resolved in the context of the others.

``read_places`` takes the place spans of an extraction (``pipeline.extract.mentions.place_spans``: place
entities, and candidates of other labels the gazetteer must confirm, see ``pipeline.extract.toponyms``)
and resolves them in two passes:

1. Each span alone (with the article's home country and the country of its outlet's web domain), and
   a place written before a comma and another place ("Alexandria, La.", "Suffolk, England") inside
   that other place. The countries and first-level regions found (a country, a state, the state a
   "Town, State" pair names) are the article's context.
2. Each span again with that context: "Madison County" is the one of the state the article names,
   "Paris" the Texan town in an article about Texas, "Suffolk" the English county beside "England".

Candidates that are not place entities become places only when the gazetteer resolves them: a demonym
(``NORP``) its country; a place name at the start of an organization's name or after its "of"
(``HOST``: "Athens Police Department", "Bank of Canada"), and a person-labelled name in a place's
position (``NAME``), only when it is a country, region or county, or a town of a context country
(of ``HOST_MIN_POPULATION`` people in an article without one: "Honda" and "Toyota" are towns
somewhere). Imports the standard library, records and the gazetteer.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from pipeline.knowledge.labels import PLACE_LABELS
from pipeline.knowledge.words import word_set
from pipeline.normalize.places import Gazetteer, Inside
from pipeline.records import ResolvedPlace, Span

# A town named in an organization's or a person-labelled name must be this large, unless it lies in the
# article's context (a word like "Sears" or "Union" names some hamlet somewhere).
HOST_MIN_POPULATION = 15_000
# How many words at the start of an organization's name are tried as a place ("Santa Clara County ...").
HOST_WORDS = 4
# How many different place names of an article must lie in one first-level region for it to be the context.
REGION_VOTES = 2
# The noun a list's names are read with ("Clarke and Oconee counties": "Clarke County"); see
# ``pipeline.extract.toponyms.listed_names``.
LIST_NOUNS = {"COUNTY": "County", "PARISH": "Parish"}
CONFIRMED_LABELS = frozenset({"NORP", "HOST", "NAME", "PAIR", *LIST_NOUNS})
_WORD = re.compile(r"[^\s,;:()]+")
_POSSESSIVE = ("'s", "’s", "'", "’")
_LEADING = frozenset({"the", "The", "THE"})
# Words naming a part of a place, or the area around it, before its name ("South Los Angeles", "Metro Vancouver").
SECTIONS = word_set("toponym_sections")
# Nouns a place name modifies ("Gainesville residents", "the Metro Police"), never a place name alone.
FOLLOWERS = word_set("toponym_followers")
# Words that are never a place on their own.
NEVER_ALONE = SECTIONS | FOLLOWERS
# Place entities read for a place inside when unknown as a whole; not facilities, whose names are mostly streets
# and buildings named after people and far towns ("Richmond Street", "Coronado Meat Market").
INNER_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Last words of street and water names, which are not read for a town inside ("King Street", "Evergreen Lake").
STREET_NOUNS = word_set("toponym_street_nouns")


@dataclass(frozen=True)
class PlaceReading:
    """A place span and the place it resolved to (None when it did not)."""

    span: Span
    place: ResolvedPlace | None


@dataclass(frozen=True)
class Context:
    """The countries and first-level regions an article's places name."""

    countries: tuple[str, ...] = ()
    regions: tuple[Inside, ...] = ()


def outlet_country(url: str | None, gazetteer: Gazetteer) -> str | None:
    """Return the country of a web address's country-code domain ("www.cbc.ca" -> "CAN"), else None."""
    if not url:
        return None
    host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    return gazetteer.country_of_domain(host.rsplit(".", 1)[-1]) if "." in host else None


def host_parts(span: Span) -> list[Span]:
    """Return the place-name candidates inside an organization's name, longest first: the first one to
    ``HOST_WORDS`` words (after "the") and the words after its last "of" ("University of Cincinnati"), each
    also without the section words it starts with ("Northern Illinois University": "Illinois")."""
    words = [(m.start(), m.end()) for m in _WORD.finditer(span.text)]
    texts = [span.text[a:b] for a, b in words]
    parts: list[Span] = []

    def add(first: int, last: int) -> None:
        a, b = words[first][0], words[last][1]
        text = span.text[a:b]
        for ending in _POSSESSIVE:
            if text.endswith(ending) and len(text) > len(ending):
                text, b = text[: -len(ending)], b - len(ending)
                break
        parts.append(Span(text, span.start + a, span.start + b, "HOST"))

    begin = 1 if texts and texts[0] in _LEADING else 0
    for first in _starts(texts, begin):
        for last in range(min(len(words), first + HOST_WORDS) - 1, first - 1, -1):
            if last + 1 >= len(texts) or texts[last + 1] != "of":  # "University of ...": the head, not a place
                add(first, last)
    if "of" in texts:
        for first in _starts(texts, len(texts) - texts[::-1].index("of")):
            for last in range(min(len(words), first + HOST_WORDS) - 1, first - 1, -1):
                add(first, last)
    # a section word or an institution's word alone is no place ("Metro Police": not the town of Police)
    return [part for part in parts if part.text[:1].isupper() and part.text.lower() not in NEVER_ALONE]


def _starts(texts: list[str], begin: int) -> list[int]:
    """Return where a place name may start at word ``begin``: there, and after the section words there ("Northern
    Illinois University", "South Central Kansas ...": a part of the place named after them)."""
    after = begin
    while after < len(texts) and texts[after].lower() in SECTIONS:
        after += 1
    return [begin, after] if begin < after < len(texts) else [begin]


def read_places(spans: Sequence[Span], text: str, gazetteer: Gazetteer, *, countries: tuple[str, ...] = (),
                people: Sequence[Span] = ()) -> list[PlaceReading]:
    """Return the article's places: every place entity (resolved or not) and every candidate the gazetteer
    confirms, in text order. ``text`` is the article's text; ``countries`` what it is known to be about
    (its home country, its outlet's); ``people`` its person names, whose words are no towns or counties
    ("Brittany Fairfield" ... "Fairfield's trial").

    Raises nothing: a span the gazetteer does not know is unresolved (place entities) or left out (candidates).
    """
    listed = [s for s in spans if s.label in LIST_NOUNS]
    # a list's names are read one by one; the tagger's entity over a part of the list ("Jackson and Madison
    # counties") is no place of its own
    entities = [s for s in spans if s.label not in CONFIRMED_LABELS and not any(_overlaps(s, n) for n in listed)]
    candidates = [s for s in spans if s.label in CONFIRMED_LABELS and not any(_overlaps(s, e) for e in entities)
                  and (s.label in LIST_NOUNS or not any(_overlaps(s, n) for n in listed))]
    names = frozenset(word for person in people if " " in person.text.strip() for word in person.text.split()[1:])
    first = Context(countries)
    alone = [_resolve(s, gazetteer, first, entities, text) for s in [*entities, *candidates]]
    context = _context([r for r in alone if not gazetteer.ambiguous(r.span.text)], gazetteer, countries)
    readings = []
    for span in [*entities, *candidates]:
        reading = _resolve(span, gazetteer, context, entities, text)
        if reading.place is not None and _person_word(reading, names):
            reading = PlaceReading(reading.span, None)
        if reading.place is not None or span.label not in CONFIRMED_LABELS:
            readings.append(reading)
    return sorted(_one_per_span(_whole_pairs(readings)), key=lambda r: r.span.start)


def _one_per_span(readings: list[PlaceReading]) -> list[PlaceReading]:
    """Return the readings without a name candidate over a span another reading already resolved: a people's
    name in a place position ("US and Canadian plants") is Canada as a demonym, not the Texan town Canadian."""
    resolved = {(r.span.start, r.span.end) for r in readings if r.place is not None and r.span.label != "NAME"}
    return [r for r in readings if r.span.label != "NAME" or (r.span.start, r.span.end) not in resolved]


def _whole_pairs(readings: list[PlaceReading]) -> list[PlaceReading]:
    """Return the readings without the names of a hyphenated pair whose other name is no place ("Wal-Mart",
    "Webb-Lawton" keep neither unless both resolve; "Fargo-Moorhead" keeps both)."""
    starts = {r.span.start for r in readings if r.span.label == "PAIR"}
    ends = {r.span.end for r in readings if r.span.label == "PAIR"}
    return [r for r in readings if r.span.label != "PAIR" or r.span.end + 1 in starts or r.span.start - 1 in ends]


def _person_word(reading: PlaceReading, names: frozenset[str]) -> bool:
    """True when a town or county is written as a word of one of the article's person names."""
    place = reading.place
    local = place is not None and (place.feature.startswith("P.") or place.feature == "A.ADM2")
    return local and reading.span.text.removesuffix("'s").removesuffix("’s") in names


def _resolve(span: Span, gazetteer: Gazetteer, context: Context, entities: Sequence[Span], text: str) -> PlaceReading:
    if span.label in LIST_NOUNS:
        place = gazetteer.resolve(_written_name(span), context_countries=context.countries,
                                  context_regions=context.regions)
        return PlaceReading(span, place if place is not None and place.feature == "A.ADM2" else None)
    if span.label == "NORP":
        return PlaceReading(span, gazetteer.resolve_demonym(span.text))
    if span.label == "HOST":
        for part in host_parts(span):
            place = gazetteer.resolve(part.text, context_countries=context.countries, context_regions=context.regions)
            if place is not None and _confirmed(place, context, gazetteer):
                return PlaceReading(part, place)
        # a county named without "County" only before an institution's words ("Kanawha Circuit Court"): an
        # organization that is the name alone ("Ford") is no county
        named = [part for part in host_parts(span)[-1:] if len(part.text) < len(span.text.strip())]
        return PlaceReading(span, _context_county(named, gazetteer, context))
    span = without_possessive(span)
    container = _container(span, entities, text)
    within = gazetteer.resolve(container.text, context_countries=context.countries) if container else None
    place = gazetteer.resolve(span.text, context_countries=context.countries, context_regions=context.regions,
                              within=within)
    if place is not None and span.label in ("NAME", "PAIR") and not _confirmed(place, context, gazetteer):
        place = None
    if place is None and span.label == "NAME":
        place = _context_county([span], gazetteer, context)
    if place is None and span.label in INNER_LABELS and span.text.split()[-1].lower() not in STREET_NOUNS:
        return _inner_place(span, gazetteer, context)
    return PlaceReading(span, place)


def _context_county(parts: Sequence[Span], gazetteer: Gazetteer, context: Context) -> ResolvedPlace | None:
    """Return the county of a context region that a one-word candidate names without "County" ("Gwinnett
    Medical Center", "Kanawha Circuit Court" in an article about Georgia or West Virginia), else None."""
    for part in [p for p in parts if " " not in p.text.strip()]:
        name = f"{part.text} County"
        if context.regions and set(gazetteer.regions_of(name)) & set(context.regions):
            place = gazetteer.resolve(name, context_countries=context.countries, context_regions=context.regions)
            if place is not None and place.feature == "A.ADM2":
                return place
    return None


def _inner_place(span: Span, gazetteer: Gazetteer, context: Context) -> PlaceReading:
    """Return the place inside a place entity the gazetteer does not know as a whole, confirmed as a candidate
    is: the place after a section word ("South Los Angeles", "Eastern Kentucky"), else a place at its start or
    after its "of", as in an organization's name ("the Henderson County Jail", "West Columbia City Council");
    else the entity unresolved."""
    words = span.text.split(maxsplit=1)
    parts = host_parts(span)
    if len(words) == 2 and words[0].lower() in SECTIONS:
        rest = without_possessive(Span(words[1], span.end - len(words[1]), span.end, span.label))
        parts.insert(0, rest)
    # a part ending in a dash is no name ("San Jose - Cisco": "San Jose", not "San Jose -")
    for part in [p for p in parts if p.text.lower() not in SECTIONS and (p.text[-1:].isalnum() or p.text[-1:] == ".")]:
        place = gazetteer.resolve(part.text, context_countries=context.countries, context_regions=context.regions)
        # a facility's name starts with a person's or a brand's name as often as a town's ("George Washington
        # High School", "Best Western"): only a place of the article's own state counts there
        local = span.label != "FAC" or bool(set(gazetteer.regions_of(part.text)) & set(context.regions))
        if place is not None and local and _confirmed(place, context, gazetteer):
            return PlaceReading(Span(part.text, part.start, part.end, span.label), place)
    return PlaceReading(span, None)


def without_possessive(span: Span) -> Span:
    """Return the span without a possessive ending the tagger kept ("Boone County’s" -> "Boone County"; spaCy
    splits the straight "'s" off but often not the curly one), else the span itself."""
    for ending in ("’s", "'s"):
        if span.text.endswith(ending) and len(span.text) > len(ending):
            return Span(span.text[: -len(ending)], span.start, span.end - len(ending), span.label)
    return span


def _container(span: Span, entities: Sequence[Span], text: str) -> Span | None:
    """Return the place entity written right after ``span`` and a comma ("Alexandria, La."), else None."""
    for other in entities:
        if other.start > span.end and text[span.end:other.start].strip() == "," and other.label in PLACE_LABELS:
            return other
    return None


def _confirmed(place: ResolvedPlace, context: Context, gazetteer: Gazetteer) -> bool:
    """True when a candidate's place is no chance namesake: not a town, or a town of a context country, or (in
    an article without one) a large town."""
    if not place.feature.startswith("P."):
        return True
    if context.countries:
        return place.country in context.countries
    return gazetteer.population(place) >= HOST_MIN_POPULATION


def _context(readings: Sequence[PlaceReading], gazetteer: Gazetteer, countries: tuple[str, ...]) -> Context:
    """Return the countries and first-level regions the resolved places name: a country or region named; the
    first-level region most of the article's town and county names share, when at least ``REGION_VOTES``
    different names do and no other region has as many ("Walker County" and "Conroe" both lie in Texas); a
    town's country when all towns of its name lie in one ("Atlanta")."""
    found_countries = dict.fromkeys(countries)
    regions: dict[Inside, None] = {}
    votes: Counter[Inside] = Counter()
    for name in dict.fromkeys(_written_name(r.span) for r in readings if r.place is not None):
        votes.update(gazetteer.regions_of(name))
    if votes:
        (top, count), = votes.most_common(1)
        if count >= REGION_VOTES and list(votes.values()).count(count) == 1:
            regions[top] = None
            found_countries[top[0]] = None
    for reading in readings:
        place = reading.place
        if place is None or place.country is None:
            continue
        inside = gazetteer.inside(place)
        if inside is None:
            if place.feature.startswith("P.") and len({c for c, _ in gazetteer.regions_of(reading.span.text)}) == 1:
                found_countries[place.country] = None
            continue
        found_countries[place.country] = None
        if inside[1] is not None:
            regions[inside] = None
    return Context(tuple(c for c in found_countries if c), tuple(regions))


def _written_name(span: Span) -> str:
    """Return the name a span stands for: a list's name with the list's noun ("Walton" -> "Walton County")."""
    return f"{span.text} {LIST_NOUNS[span.label]}" if span.label in LIST_NOUNS else span.text


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end
