"""Turn an ``Extraction`` into ``Claim`` records: actors resolved against the registry at the
article's date, time expressions normalized against the publication date, places against the
gazetteer, ids derived from content.

Owns ``Normalizer`` (the registry, the gazetteer and the extractor provenance), ``ClaimContext``
(what every claim of one article is read against) and the placing rules. Imports records, ids,
the ontology's quad classes, ``pipeline.knowledge`` and the sibling normalizers; no spaCy.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from pipeline.ids import content_id
from pipeline.knowledge.labels import HOMELAND_LABELS
from pipeline.knowledge.registry_words import load_registry_words
from pipeline.normalize.actors import ActorRegistry
from pipeline.normalize.article_names import NameChains, name_chains
from pipeline.normalize.places import Gazetteer
from pipeline.normalize.time import find_time_expressions, resolve_times
from pipeline.normalize.toponyms import PlaceReading, outlet_country, read_places
from pipeline.ontology import quad_of
from pipeline.records import (
    ActorSpan,
    Annotation,
    Candidate,
    Claim,
    Entity,
    EntityMention,
    Evidence,
    Extraction,
    Extractor,
    Location,
    PlaceMention,
    Predicate,
    ResolvedTime,
    Span,
    TimeMention,
    TimeSpan,
)

UNDATED_KINDS = frozenset({"relation"})
# Entity types that can take their country from the context: people, groups and named bodies the
# registry does not know. States, IGOs and places carry their own.
PLACEABLE_TYPES = frozenset({"person", "organization", "armed_group", "other"})
# Sectors of actors that often act outside their own state: their counterpart is not placed by them.
ABROAD_SECTORS = load_registry_words().abroad_sectors
# Sectors of people who are where they live and work: placed by where the claim happens.
LOCAL_SECTORS = load_registry_words().local_sectors
# Mentions of a minority, which event coders place where it lives ("ethnic Albanians", "the Turkish
# minority"), and of a people that may be one ("the Albanian population" in Montenegro: only where the
# claim happens says so; "the Iraqi population welcomed US troops" stays Iraqi).
MINORITY_MENTION = re.compile(r"\b(?:ethnic|minority|minorities)\b", re.IGNORECASE)
PEOPLE_MENTION = re.compile(r"\b(?:population|community)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Normalizer:
    """The registries normalization resolves against, and the extractor provenance every claim carries."""

    registry: ActorRegistry
    gazetteer: Gazetteer
    extractor: Extractor

    def entity(self, actor: ActorSpan, *, on: date | None, home: str | None = None,
               names: NameChains | None = None) -> Entity:
        """Return the registry entity ``actor`` stands for, keeping the mention as written. A sector
        actor the text leaves unplaced ("the Air Force", "police") belongs to the article's ``home`` country;
        a one-word person mention is the person the article named in full (``names``)."""
        entity = self.registry.resolve(actor.resolved, label=actor.label or None, on=on)
        if names is not None:
            words = self.registry.name_words(actor.resolved, person=entity.type == "person")
            entity = names.link(entity, words, start=actor.mention.start)
        if actor.context and (entity.country is None or actor.label == "NORP"):
            entity = self.placed(entity, actor, on=on)
        if entity.country is None and entity.sector and home in self.registry.entries:
            homed = self.registry.resolve(f"{self.registry.entries[home].name} {actor.resolved}", label=None, on=on)
            entity = homed if homed.country == home else entity
        update: dict[str, Any] = {"mention": actor.mention.text}
        if actor.sector and not entity.sector:
            update["sector"] = actor.sector
        return entity.model_copy(update=update)


    def placed(self, entity: Entity, actor: ActorSpan, *, on: date | None) -> Entity:
        """Return an entity placed by its context: a group or people by the combined phrase ("rebels" +
        "in the Ivory Coast": CIV:REB), a person without a country by the country its apposition names."""
        if actor.label in ("GROUP", "NORP"):
            # People are coded where they are ("ethnic Hungarians in northern Romania": ROU); forces keep
            # their state ("Turkish troops in Syria": TUR:MIL). The registry reads the whole phrase.
            combined = self.registry.resolve(f"{actor.resolved} {actor.context}", label=None, on=on)
            return combined if combined.country else entity
        where = self.registry.resolve(actor.context, label=None, on=on)
        if where.country is None:
            return entity
        return entity.model_copy(update={"country": where.country, "sector": entity.sector or where.sector})

    def resident(self, entity: Entity, actor: ActorSpan, code: str, *, on: date | None) -> Entity:
        """Return an ethnic group placed in the state ``code`` where it lives ("ethnic Turks" in Sweden:
        SWE:CVL), or ``entity`` when ``code`` is its kin state or not a state."""
        state = self.registry.entries.get(code)
        if state is None or state.type != "state" or code == entity.country:
            return entity
        placed = self.registry.resolve(f"{actor.resolved} in {state.name}", label=None, on=on)
        return placed.model_copy(update={"mention": actor.mention.text}) if placed.country == code else entity

    def in_country(self, entity: Entity, code: str, *, on: date | None) -> Entity:
        """Return ``entity`` (a registry stranger without a country) placed in the state ``code``.

        A collective with a sector becomes that state's coded agent ("students" in Turkey: TUR:EDU,
        its own id, so students elsewhere stay apart); a person or a named body keeps its id and
        takes the country.
        """
        state = self.registry.entries.get(code)
        if state is None or state.type != "state":
            return entity
        if entity.sector and entity.type in ("other", "armed_group"):
            coded = self.registry.resolve(f"{state.name} {entity.name}", label=None, on=on)
            if coded.country == code and coded.sector:
                return coded.model_copy(update={"mention": entity.mention})
        return entity.model_copy(update={"country": code})


@dataclass(frozen=True)
class ClaimContext:
    """What every claim of one article is normalized against, computed once per article.

    ``times``: every time expression resolved, by its offsets; ``home``: the country the article is
    about (``home_country``), or None; ``states``: the article's mentions that name a state, each with
    its code (``state_mentions``); ``names``: the people it names in full, by their short names; ``places``: its
    places read together (``article_places``; only when a claim has a place).
    """

    times: dict[tuple[int, int], ResolvedTime | None]
    home: str | None
    states: tuple[tuple[Span, str], ...]
    names: NameChains = NameChains()
    places: tuple[PlaceReading, ...] = ()


def home_country(extraction: Extraction, normalizer: Normalizer) -> str | None:
    """Return the country an article is about, when one clearly dominates its place and people names
    (at least half of them and twice the next), else None."""
    counts: Counter[str] = Counter()
    for span in extraction.entities:
        if span.label in ("GPE", "NORP"):
            entity = normalizer.registry.resolve(span.text, label=span.label, on=extraction.article.anchor_date)
            if entity.type == "state" and entity.country:
                counts[entity.country] += 1
    ranked = counts.most_common(2) + [("", 0), ("", 0)]
    (top, first), (_, second) = ranked[0], ranked[1]
    total = sum(counts.values())
    return top if first >= 2 and first * 2 >= total and first >= 2 * second else None


def state_mentions(extraction: Extraction, normalizer: Normalizer) -> tuple[tuple[Span, str], ...]:
    """Return the article's place, capital and demonym mentions that name a state, each with its code
    (resolved once per article, for every claim's context country)."""
    on, found = extraction.article.anchor_date, []
    for span in extraction.entities:
        if span.label in HOMELAND_LABELS:  # names of states and places, and demonyms, place a sentence
            entity = normalizer.registry.resolve(span.text, label=span.label, on=on)
            if entity.type in ("state", "location") and entity.country in normalizer.registry.entries:
                found.append((span, entity.country))
    return tuple(found)


def named_countries(candidate: Candidate, extraction: Extraction,
                    states: tuple[tuple[Span, str], ...]) -> tuple[str, ...]:
    """Return the states the candidate's sentence names outside the subjects and objects of the
    sentence's candidates ("one U.S. soldier" says whom, not where; "Russian jets bombed militias":
    "Russian" places the jets, not the militias), in text order, each once."""
    sentence = candidate.sentence
    actors = [
        a.mention for c in extraction.candidates if (c.sentence.start, c.sentence.end) == (sentence.start, sentence.end)
        for a in (c.subject, c.object) if a is not None
    ]
    codes = [
        code for span, code in states
        if sentence.start <= span.start and span.end <= sentence.end
        and not any(a.start <= span.start and span.end <= a.end for a in actors)
    ]
    return tuple(dict.fromkeys(codes))


def context_country(entity: Entity, other: Entity | None, *, named: tuple[str, ...], location: Location | None,
                    home: str | None) -> str | None:
    """Return the country the context gives an actor with none of its own, or None.

    In order: where the claim happens; the one state the sentence names; the other actor's state
    when the sentence names no other, that actor is not a force that acts abroad and this one is
    not a named organization (a domestic event: police and demonstrators; "Russian jets bombed
    militias" says nothing of the militias' state, nor "a forum urged the US" of the forum's); the
    state the article is about. This is how event coders place "students", "the opposition leader"
    or an unknown official; a claim keeps the mention as written beside the inferred country.
    """
    # An unknown "location" is often a noun phrase around a place name ("anti-Syria journalist").
    placeable = entity.type in PLACEABLE_TYPES or (entity.type == "location" and entity.id.startswith("x:"))
    if entity.country is not None or not placeable:
        return None
    if location is not None and location.country:
        return location.country
    if len(named) == 1:
        return named[0]
    if other is not None and other.country and other.type != "igo" and other.sector not in ABROAD_SECTORS \
            and entity.type != "organization" and set(named) <= {other.country}:
        return other.country
    return home if not named else None


def time_spans(extraction: Extraction) -> list[Span]:
    """Return the article's time expressions: the parser's, except where one resolves to nothing and the
    time module's finder cuts it better ("November 11 , three days later" -> "November 11"), plus what
    the finder sees that the parser missed ("recently", "two weeks ago"), in text order."""
    text, anchor = extraction.article.text, extraction.article.anchor_date
    values = resolve_times(text, [(s.start, s.end) for s in extraction.times], anchor=anchor)
    found = [Span(text=text[start:end], start=start, end=end, label="DATE")
             for start, end in find_time_expressions(text)]
    spans: list[Span] = []
    for span, resolved in zip(extraction.times, values, strict=True):
        inside = [f for f in found
                  if f.start < span.end and span.start < f.end and (f.start, f.end) != (span.start, span.end)]
        spans += inside if (resolved is None or resolved.value is None) and inside else [span]
    spans += [f for f in found if not any(s.start < f.end and f.start < s.end for s in spans)]
    return sorted(set(spans), key=lambda span: (span.start, span.end))


def resolved_times(extraction: Extraction, found: list[Span] | None = None) -> dict[tuple[int, int],
                                                                                   ResolvedTime | None]:
    """Return every time expression of the article (``found``: its ``time_spans``, when the caller has them)
    resolved, keyed by its offsets (passage years carried along)."""
    spans = [(span.start, span.end) for span in (time_spans(extraction) if found is None else found)]
    values = resolve_times(extraction.article.text, spans, anchor=extraction.article.anchor_date)
    return dict(zip(spans, values, strict=True))


def time_of(candidate: Candidate, times: dict[tuple[int, int], ResolvedTime | None]) -> TimeSpan | None:
    """Return the claim's event time, or None when the text states none (never the publication date)."""
    if candidate.time is None:
        return None
    start, end = candidate.time.start, candidate.time.end
    resolved = times.get((start, end)) or next(
        (value for (s, e), value in times.items() if value is not None and s < end and start < e), None)
    if resolved is None or resolved.granularity is None:
        return None
    return TimeSpan(
        text=candidate.time.text,
        start=resolved.start.isoformat() if resolved.start else None,
        end=resolved.end.isoformat() if resolved.end else None,
        granularity=resolved.granularity, relative=resolved.relative,
    )


def location_of(candidate: Candidate, normalizer: Normalizer, countries: tuple[str, ...],
                places: tuple[PlaceReading, ...] = ()) -> Location | None:
    """Return where the claim happens, or None: the place the article's reading of its places gave the words
    (``places``: disambiguated by the article's other places, countries and outlet), else the words resolved
    against the gazetteer in the context of the claim's actors' ``countries``."""
    if candidate.location is None:
        return None
    span = candidate.location
    read = [r.place for r in places if r.place is not None and r.span.start < span.end and span.start < r.span.end]
    place = read[0] if read else normalizer.gazetteer.resolve(span.text, context_countries=countries)
    if place is None:
        return Location(name=candidate.location.text)
    return Location(name=place.name, geonames_id=place.geonames_id, country=place.country, lat=place.lat, lon=place.lon)


def local_entity(entity: Entity, actor: ActorSpan, normalizer: Normalizer, *, on: date | None, site: str) -> Entity:
    """Return ``entity`` placed in ``site`` (the claim's country) when the text leaves it unplaced and
    its sector stays where it lives (``LOCAL_SECTORS``), else ``entity``."""
    if entity.sector not in LOCAL_SECTORS:
        return entity
    unplaced = normalizer.entity(actor, on=on, home=None)
    return normalizer.entity(actor, on=on, home=site) if unplaced.country is None else entity


def residence(entity: Entity, actor: ActorSpan, other: Entity | None, *, location: Location | None,
              named: tuple[str, ...]) -> str | None:
    """Return the state an ethnic group lives in by the sentence, when its phrase does not say
    ("ethnic Uzbeks staged a sit-in against Latvia's ruling": Latvia), or None.

    Event coders code a minority where it lives, not in its kin state. Only for mentions that name
    one ("ethnic ...", "... minority"), not placed by their own phrase, resolved to a state's people;
    in order: where the claim happens, the other actor's state, the first state the sentence names;
    never the kin state itself. "The X population/community" is moved only by where the claim happens.
    """
    minority = bool(MINORITY_MENTION.search(actor.mention.text))
    if actor.context or entity.country is None or not (minority or PEOPLE_MENTION.search(actor.mention.text)):
        return None
    if entity.type not in ("state", "other", "armed_group") or entity.sector not in (None, "CVL", "REB"):
        return None
    others = [location.country if location else None]
    if minority:
        others += [other.country if other is not None and other.type == "state" else None, *named]
    return next((code for code in others if code and code != entity.country), None)


def placed_in_context(subject: Entity, obj: Entity | None, normalizer: Normalizer, *, on: date | None,
                      location: Location | None, named: tuple[str, ...],
                      home: str | None) -> tuple[Entity, Entity | None]:
    """Return subject and object, each placed by ``context_country`` where it has no country of its own."""
    def place(entity: Entity, other: Entity | None) -> Entity:
        code = context_country(entity, other, named=named, location=location, home=home)
        return entity if code is None else normalizer.in_country(entity, code, on=on)

    placed_subject = place(subject, obj)
    return placed_subject, (place(obj, subject) if obj is not None else None)


def claim_id(article_id: str, candidate: Candidate, subject: Entity, obj: Entity | None,
             stance: tuple[str, str]) -> str:
    """Return the claim's id, from what identifies it (never from provenance)."""
    return content_id("c_", {
        "article": article_id, "subject": subject.id, "object": obj.id if obj else None,
        "plover": candidate.plover, "lemma": candidate.lemma, "cue": candidate.cue.start,
        "polarity": stance[0], "modality": stance[1],
    })


def claim_actors(candidate: Candidate, extraction: Extraction, normalizer: Normalizer,
                 context: ClaimContext) -> tuple[Entity, Entity | None, Location | None]:
    """Return the claim's subject and object, each placed by its context where the text leaves it
    unplaced, and where the claim happens."""
    on, home, object_span = extraction.article.anchor_date, context.home, candidate.object
    subject = normalizer.entity(candidate.subject, on=on, home=home, names=context.names)
    obj = normalizer.entity(object_span, on=on, home=home, names=context.names) if object_span is not None else None
    countries = tuple(c for c in (subject.country, obj.country if obj else None) if c)
    location = location_of(candidate, normalizer, countries, context.places)
    if location is not None and location.country and location.country != home:
        # "killed 23 people ... in Tel Aviv": people, police, students are where the claim happens,
        # before the article's home country (forces and officials travel; they keep the home rule).
        subject = local_entity(subject, candidate.subject, normalizer, on=on, site=location.country)
        if obj is not None and object_span is not None:
            obj = local_entity(obj, object_span, normalizer, on=on, site=location.country)
    named = named_countries(candidate, extraction, context.states)
    subject, obj = placed_in_context(subject, obj, normalizer, on=on, location=location, named=named, home=home)
    if (code := residence(subject, candidate.subject, obj, location=location, named=named)) is not None:
        subject = normalizer.resident(subject, candidate.subject, code, on=on)
    if obj is not None and object_span is not None:
        if (code := residence(obj, object_span, subject, location=location, named=named)) is not None:
            obj = normalizer.resident(obj, object_span, code, on=on)
    return subject, obj, location


def claim_of(candidate: Candidate, extraction: Extraction, normalizer: Normalizer,
             context: ClaimContext) -> Claim | None:
    """Return the normalized claim of one candidate, or None when its actors collapse into one."""
    article = extraction.article
    on, home, times = article.anchor_date, context.home, context.times
    subject, obj, location = claim_actors(candidate, extraction, normalizer, context)
    speaker = normalizer.entity(candidate.speaker, on=on, home=home, names=context.names) if candidate.speaker else None
    if obj is not None and obj.id == subject.id:
        return None
    predicate = Predicate(
        text=candidate.cue.text, lemma=candidate.lemma, plover=candidate.plover, mode=candidate.mode,
        context=list(candidate.context), cameo=candidate.cameo, quad=quad_of(candidate.plover),
    )
    sentence = candidate.sentence
    return Claim(
        id=claim_id(article.id, candidate, subject, obj, (candidate.polarity, candidate.modality)),
        article=article.ref(), subject=subject, object=obj, attributed_to=speaker, predicate=predicate,
        polarity=candidate.polarity, modality=candidate.modality, kind=candidate.kind,
        time=time_of(candidate, times), location=location,
        evidence=Evidence(sentence=sentence.text, start=sentence.start, end=sentence.end),
        confidence=candidate.score, extractor=normalizer.extractor,
    )


def claim_context(extraction: Extraction, normalizer: Normalizer) -> ClaimContext:
    """Return what every claim of the article is normalized against, computed once: resolved times,
    the article's home country and its state mentions (``claim_of`` takes it)."""
    on, home = extraction.article.anchor_date, home_country(extraction, normalizer)
    placed = any(candidate.location is not None for candidate in extraction.candidates)
    return ClaimContext(times=resolved_times(extraction), home=home, states=state_mentions(extraction, normalizer),
                        names=name_chains(extraction.entities, normalizer.registry, on=on),
                        places=tuple(places_at_home(extraction, normalizer, home)) if placed else ())


def normalize_extraction(extraction: Extraction, normalizer: Normalizer, *, min_confidence: float = 0.0) -> list[Claim]:
    """Return the article's claims, normalized, without duplicates, at or above ``min_confidence``."""
    context = claim_context(extraction, normalizer)
    claims: dict[str, Claim] = {}
    for candidate in extraction.candidates:
        claim = claim_of(candidate, extraction, normalizer, context)
        if claim is not None and claim.confidence >= min_confidence:
            claims.setdefault(claim.id, claim)
    return list(claims.values())


def mention_id(span: Span, normalizer: Normalizer, names: NameChains, *, on: date | None) -> str:
    """Return the entity id of one mention as the claims read it: the registry's, a short name relinked."""
    entity = normalizer.registry.resolve(span.text, label=span.label, on=on)
    words = normalizer.registry.name_words(span.text, person=entity.type == "person")
    return names.link(entity, words, start=span.start).id


def article_places(extraction: Extraction, normalizer: Normalizer) -> list[PlaceReading]:
    """Return the article's places resolved together (``pipeline.normalize.toponyms``), in the context of its
    home country and its outlet's country."""
    return places_at_home(extraction, normalizer, home_country(extraction, normalizer))


def places_at_home(extraction: Extraction, normalizer: Normalizer, home: str | None) -> list[PlaceReading]:
    """Return ``article_places`` for an article whose ``home_country`` the caller has already."""
    gazetteer = normalizer.gazetteer
    found = (home, outlet_country(extraction.article.url, gazetteer))
    # a home country named like another country's state ("Georgia") is left to the places to tell apart
    known = tuple(c for c in found if c and not gazetteer.ambiguous(gazetteer.country_name(c)))
    people = [span for span in extraction.entities if span.label == "PERSON"]
    return read_places(extraction.places, extraction.article.text, gazetteer,
                       countries=tuple(dict.fromkeys(known)), people=people)


def annotate_extraction(extraction: Extraction, normalizer: Normalizer) -> Annotation:
    """Return the article's mentions with their normalized values (what ``claimgraph annotate`` prints)."""
    article = extraction.article
    found = time_spans(extraction)
    times = resolved_times(extraction, found)
    names = name_chains(extraction.entities, normalizer.registry, on=article.anchor_date)
    entities = [
        EntityMention(text=s.text, start=s.start, end=s.end, label=s.label,
                      id=mention_id(s, normalizer, names, on=article.anchor_date))
        for s in extraction.entities
    ]
    time_mentions = [
        TimeMention(text=s.text, start=s.start, end=s.end,
                    value=getattr(times.get((s.start, s.end)), "value", None),
                    granularity=getattr(times.get((s.start, s.end)), "granularity", None))
        for s in found
    ]
    places = []
    for reading in article_places(extraction, normalizer):
        span, place = reading.span, reading.place
        places.append(PlaceMention(text=span.text, start=span.start, end=span.end,
                                   geonames_id=place.geonames_id if place else None,
                                   country=place.country if place else None,
                                   lat=place.lat if place else None, lon=place.lon if place else None))
    return Annotation(article_id=article.id, entities=entities, times=time_mentions, places=places)
