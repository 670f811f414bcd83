"""The records that flow between claimgraph's stages.

This leaf module owns the records that cross a stage boundary: what ingest produces (``Article``,
``Failure``, feed items and sightings), what extraction produces (``Candidate`` and its spans), what
normalization produces (``Claim`` and its parts), what ``annotate`` reports and what clustering
stores. Types a stage keeps to itself (a fingerprint, a classifier prediction, a gold claim) live in
that stage. It imports no stage and nothing beyond pydantic and the standard library. Spans are
character offsets into the article text, end-exclusive.

The ``Claim`` model is the public contract: its field names are exact and its JSON Schema is what
``claimgraph schema`` prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.0"

EntityType = Literal["person", "state", "organization", "armed_group", "igo", "location", "other"]
PloverType = Literal[
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
]
# The one list of PLOVER v0.8 types, in PLOVER order (quad 1 to 4); every other table derives from it.
PLOVER_TYPES: tuple[str, ...] = get_args(PloverType)
Polarity = Literal["affirmed", "negated"]
Modality = Literal["asserted", "reported", "denied", "alleged", "hedged", "hypothetical", "future"]
ClaimKind = Literal["event", "relation"]
Granularity = Literal["day", "month", "season", "year", "decade", "range", "open"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ArticleRef(_Frozen):
    """The article a claim comes from, as the claim record carries it."""

    id: str
    url: str | None = None
    source: str | None = None
    title: str | None = None
    published_at: str | None = Field(None, description="ISO 8601 date or date-time of publication")


class Entity(_Frozen):
    """An actor (or place) as resolved: canonical identity plus the mention as written."""

    id: str = Field(description="Stable id: the registry id, or one derived from the normalized name")
    name: str = Field(description="Canonical name")
    mention: str = Field(description="The words as written in the article")
    type: EntityType
    country: str | None = Field(None, description="ISO 3166 alpha-3, or an IGO/NGO code")
    sector: str | None = Field(None, description="CAMEO/PLOVER sector code such as GOV, MIL, REB")
    wikidata: str | None = Field(None, description="Wikidata QID")


class Predicate(_Frozen):
    """What the subject does to the object, typed in PLOVER v0.8 and CAMEO."""

    text: str = Field(description="The cue words as written")
    lemma: str
    plover: PloverType
    mode: str | None = None
    context: list[str] = Field(default_factory=list)
    cameo: str | None = None
    quad: Literal[1, 2, 3, 4] = Field(
        description="1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict"
    )


class TimeSpan(_Frozen):
    """When the claim holds or happened, normalized against the publication date."""

    text: str
    start: str | None = Field(None, description="ISO date, inclusive")
    end: str | None = Field(None, description="ISO date, inclusive; null for an open range")
    granularity: Granularity
    relative: bool = Field(description="True when the value depended on the publication date")


class Location(_Frozen):
    """Where the claim happens."""

    name: str
    geonames_id: int | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None


class Evidence(_Frozen):
    """The sentence that states the claim, with its offsets in the article text."""

    sentence: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Extractor(_Frozen):
    """Which code and model produced the claim (provenance, never part of the id)."""

    version: str
    model: str


class Claim(_Frozen):
    """One checkable claim: who does what to whom, where and when, said by whom, and where it says so."""

    id: str = Field(description="Stable id derived from the claim's content")
    article: ArticleRef
    subject: Entity
    object: Entity | None = None
    attributed_to: Entity | None = Field(None, description="The speaker, when the claim is reported speech")
    predicate: Predicate
    polarity: Polarity = "affirmed"
    modality: Modality = "asserted"
    kind: ClaimKind = "event"
    time: TimeSpan | None = None
    location: Location | None = None
    evidence: Evidence
    confidence: float = Field(ge=0.0, le=1.0)
    extractor: Extractor


# --- ingest ---------------------------------------------------------------------------------


class Article(_Frozen):
    """An article as read from a source. ``origin`` says where it came from, for error messages."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published_at: datetime | None = None
    origin: str = ""
    author: str | None = None

    def ref(self) -> ArticleRef:
        """Return the reference a claim record carries."""
        published = self.published_at.isoformat() if self.published_at else None
        return ArticleRef(id=self.id, url=self.url, source=self.source, title=self.title, published_at=published)

    @property
    def anchor_date(self) -> date | None:
        """The publication date that relative time expressions are resolved against."""
        return self.published_at.date() if self.published_at else None


@dataclass(frozen=True)
class Failure:
    """One input that could not be processed, and why."""

    origin: str
    stage: str
    message: str
    article_id: str | None = None


@dataclass(frozen=True)
class Feed:
    """A recurring source from a feed list: an RSS or Atom feed, the outlet it speaks for, how often to poll it.

    ``schedule`` is an interval ("30s", "15m", "6h", "1d") or a five-field cron expression.
    """

    name: str
    url: str
    outlet: str
    schedule: str = "1h"


@dataclass(frozen=True)
class FeedItem:
    """One entry of a feed: the article page it links to and what the feed says about it."""

    url: str
    outlet: str
    feed: str
    title: str | None = None
    published_at: datetime | None = None


@dataclass(frozen=True)
class FeedState:
    """What a feed's server said last time (``ETag``, ``Last-Modified``), for conditional requests."""

    url: str
    etag: str | None = None
    last_modified: str | None = None


SightingKind = Literal["exact", "near"]


@dataclass(frozen=True)
class Sighting:
    """One place an article's text was seen: by ``outlet`` at ``url``, the same text (exact) or a near copy (near)."""

    article_id: str
    outlet: str
    url: str
    kind: SightingKind = "exact"
    seen_at: datetime | None = None


# --- extract --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """A piece of the article text: offsets are characters, end-exclusive."""

    text: str
    start: int
    end: int
    label: str = ""


@dataclass(frozen=True)
class ActorSpan:
    """An argument of a candidate claim: the words as written and, after coreference, what they stand for.

    ``resolved`` is the antecedent's text when ``mention`` is a pronoun, a short reference or a
    metonym; ``sector`` is a sector the mention itself implies ("the Turkish air force": MIL);
    ``context`` is nearby text that places the actor ("in northern Mali", an apposition such as
    "the African Union envoy for the Sahel"), used when the name alone gives no country.
    """

    mention: Span
    resolved: str
    label: str
    sector: str | None = None
    context: str = ""


@dataclass(frozen=True)
class Candidate:
    """A claim as the extractor sees it, before actors, time and place are normalized."""

    subject: ActorSpan
    object: ActorSpan | None
    cue: Span
    lemma: str
    sentence: Span
    plover: PloverType
    cameo: str | None
    mode: str | None = None
    context: tuple[str, ...] = ()
    polarity: Polarity = "affirmed"
    modality: Modality = "asserted"
    kind: ClaimKind = "event"
    speaker: ActorSpan | None = None
    time: Span | None = None
    location: Span | None = None
    score: float = 0.5
    # The class of extraction rule that read it ("verb", "noun", "noun_between", "reaction_framing",
    # "reaction_stance", "reaction_responsibility"), for per-class figures (benchmarks/claim_classes.py).
    rule: str = "verb"


@dataclass(frozen=True)
class PairSlot:
    """Two named actors of one sentence that the pair model may link (``pipeline.score.propose``).

    ``a`` comes first in the text. ``cue`` is the word that joins them in the parse (their lowest
    common head outside both names); ``polarity``, ``modality`` and ``speaker`` are what the context
    gives that word (the rules' stance cues), ``time`` and ``place`` what hangs from its clause.
    """

    sentence: Span
    a: ActorSpan
    b: ActorSpan
    cue: Span
    lemma: str
    polarity: Polarity = "affirmed"
    modality: Modality = "asserted"
    speaker: ActorSpan | None = None
    time: Span | None = None
    location: Span | None = None


# --- annotate -------------------------------------------------------------------------------


class EntityMention(_Frozen):
    text: str
    start: int
    end: int
    label: str
    id: str | None = None


class TimeMention(_Frozen):
    text: str
    start: int
    end: int
    value: str | None = Field(None, description="TimeML-style value: 2015-11, 2004, 2020-10-07")
    granularity: Granularity | None = None


class PlaceMention(_Frozen):
    text: str
    start: int
    end: int
    geonames_id: int | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None


class Annotation(_Frozen):
    article_id: str
    entities: list[EntityMention] = Field(default_factory=list)
    times: list[TimeMention] = Field(default_factory=list)
    places: list[PlaceMention] = Field(default_factory=list)


@dataclass
class RunStats:
    """What a run did: counts and the failures, for the summary and the run artefact."""

    read: int = 0
    new: int = 0
    duplicate: int = 0
    failed: int = 0
    claims: int = 0
    # One-actor candidates dropped as no claim on their own ("sought shelter"; see extract.candidates).
    one_actor_dropped: int = 0
    # Zero-width, bidirectional and control characters removed from article texts (see ingest.clean).
    invisible_removed: int = 0
    failures: list[Failure] = field(default_factory=list)


@dataclass(frozen=True)
class ResolvedTime:
    """A time expression normalized against an anchor date.

    ``value`` is TimeML style (2015-11, 2004, 2015-SU, 2020-10-07, 201X); ``start``/``end`` are the
    inclusive ISO dates it covers (``end`` None for an open range such as "since 2016").
    """

    value: str | None
    start: date | None
    end: date | None
    granularity: str
    relative: bool


@dataclass(frozen=True)
class ResolvedPlace:
    """A toponym resolved against the gazetteer."""

    name: str
    geonames_id: int | None
    country: str | None
    lat: float | None
    lon: float | None
    feature: str = ""


@dataclass(frozen=True)
class Extraction:
    """What extraction hands to normalization for one article: the candidates and every mention found."""

    article: Article
    candidates: tuple[Candidate, ...]
    entities: tuple[Span, ...] = ()
    times: tuple[Span, ...] = ()
    places: tuple[Span, ...] = ()
    pairs: tuple[PairSlot, ...] = ()
    pruned_one_actor: int = 0


# --- compare --------------------------------------------------------------------------------

Stance = Literal["asserts", "contradicts"]


@dataclass(frozen=True)
class ClaimVoice:
    """A stored claim as clustering sees it: its pair, type, polarity and modality, time, the outlets
    that carry it and when."""

    claim_id: str
    article_id: str
    subject_id: str
    object_id: str | None
    plover: str
    polarity: str
    modality: str
    time_start: str | None
    time_end: str | None
    sentence: str
    outlets: tuple[str, ...]
    seen: tuple[str, ...] = ()


class ClusterEvidence(_Frozen):
    """One member claim of a cluster: its sentence, stance and the outlets that carry its article."""

    claim_id: str
    article_id: str
    stance: Stance
    outlets: list[str]
    sentence: str


class ClaimCluster(_Frozen):
    """Claims about the same thing from different articles: who asserts it, who contradicts it, when it was seen."""

    id: str = Field(description="Stable id from the pair, type and time of the cluster's founding claim")
    subject_id: str
    object_id: str | None = None
    plover: PloverType
    types: list[PloverType] = Field(description="Every PLOVER type among the members (paraphrases may differ)")
    time_start: str | None = None
    time_end: str | None = None
    asserted_by: list[str] = Field(description="Outlets that assert the claim, sorted")
    contradicted_by: list[str] = Field(description="Outlets that negate, deny or contradict it, sorted")
    first_seen: str | None = None
    last_seen: str | None = None
    claims: list[str]
    evidence: list[ClusterEvidence]
    articles_disagree: bool | None = Field(
        None, description="True when an asserting and a contradicting member come from different articles "
        "(None: not computed, in records stored before it was)")

    @property
    def contradicted(self) -> bool:
        """True when some outlet asserts the claim and some outlet contradicts it, in different articles (a negated
        and an affirmed part of one sentence are no contradiction)."""
        return bool(self.asserted_by) and bool(self.contradicted_by) and self.articles_disagree is not False

    def summary(self) -> ClusterSummary:
        """Return the cluster without its member lists: what reports read (``SUMMARY_EVIDENCE`` sentences
        per side, and the totals)."""
        sides = {
            stance: [item for item in self.evidence if item.stance == stance] for stance in ("asserts", "contradicts")
        }
        return ClusterSummary(
            id=self.id,
            subject_id=self.subject_id,
            object_id=self.object_id,
            plover=self.plover,
            time_start=self.time_start,
            time_end=self.time_end,
            asserted_by=self.asserted_by,
            contradicted_by=self.contradicted_by,
            first_seen=self.first_seen,
            last_seen=self.last_seen,
            asserting=sides["asserts"][:SUMMARY_EVIDENCE],
            contradicting=sides["contradicts"][:SUMMARY_EVIDENCE],
            asserting_total=len(sides["asserts"]),
            contradicting_total=len(sides["contradicts"]),
            articles_disagree=self.articles_disagree,
        )


# A cluster's summary keeps this many member sentences per side (by claim id): hot pairs have hundreds.
SUMMARY_EVIDENCE = 5


class ClusterSummary(_Frozen):
    """A cluster as reports list it: a ``ClaimCluster`` less its member lists, with the first
    ``SUMMARY_EVIDENCE`` evidence entries of each side and how many each side has."""

    id: str
    subject_id: str
    object_id: str | None = None
    plover: PloverType
    time_start: str | None = None
    time_end: str | None = None
    asserted_by: list[str]
    contradicted_by: list[str]
    first_seen: str | None = None
    last_seen: str | None = None
    asserting: list[ClusterEvidence]
    contradicting: list[ClusterEvidence]
    asserting_total: int
    contradicting_total: int
    articles_disagree: bool | None = None

    @property
    def contradicted(self) -> bool:
        """True when some outlet asserts the claim and some outlet contradicts it, in different articles."""
        return bool(self.asserted_by) and bool(self.contradicted_by) and self.articles_disagree is not False
