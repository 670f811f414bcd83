"""Matching claims against the gold events of the external sets, counted with ``pipeline.evaluate.Counts``.

A claim records its actors as words (``Entity.mention``), not offsets, so a side of a claim lies on a
gold span when the mention's words occur, word-bounded, inside the claim's evidence sentence at a place
that overlaps the span. The claims of a gold document come from an article whose text is the event's
``text`` (one article per gold document), so evidence offsets and gold spans index the same string.

Each measure is a ``Level``: which gold events count, which claims count as predictions, when a claim
states an event, and which claims repeat one prediction (counted once). Only documents holding a gold
event of the level are scored (as ``pipeline.evaluate.score`` scores only articles with gold); matching
is one-to-one and greedy, most confident claim first. Imports only leaves.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass

from pipeline.evalsets.mapping import StanceMapping
from pipeline.evalsets.records import CharSpan, Direction, GoldEvent, Polarity
from pipeline.evaluate import Counts
from pipeline.records import Claim, Entity


@dataclass(frozen=True)
class Level:
    """One measure: gold events kept, claims kept (given the document's kept gold), the match test, the repeat key."""

    name: str
    gold: Callable[[GoldEvent], bool]
    predicted: Callable[[Claim, list[GoldEvent]], bool]
    matches: Callable[[Claim, GoldEvent], bool]
    key: Callable[[Claim], Hashable]


# --- where a claim's actors are -------------------------------------------------------------


def mention_spans(text: str, claim: Claim, entity: Entity | None) -> list[CharSpan]:
    """Return every word-bounded place of ``entity``'s mention inside the claim's evidence sentence."""
    if entity is None or not entity.mention:
        return []
    words, found = entity.mention, []
    start = text.find(words, claim.evidence.start, claim.evidence.end)
    while start >= 0:
        end = start + len(words)
        if _bounded(text, start, end):
            found.append(CharSpan(start, end))
        start = text.find(words, start + 1, claim.evidence.end)
    return found


def _bounded(text: str, start: int, end: int) -> bool:
    """True when the characters on either side of ``text[start:end]`` are not letters or digits."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not before.isalnum() and not after.isalnum()


def lies_on(text: str, claim: Claim, entity: Entity | None, spans: Iterable[CharSpan]) -> bool:
    """Return True when the entity's mention overlaps one of ``spans`` in the evidence sentence."""
    places = mention_spans(text, claim, entity)
    return any(place.overlaps(span) for place in places for span in spans)


def claim_direction(claim: Claim, event: GoldEvent) -> Direction | None:
    """Return "forward" (subject on the source, object on the target), "backward" (the other way) or None."""
    if claim.object is None:
        return None
    if lies_on(event.text, claim, claim.subject, event.source) and lies_on(
        event.text, claim, claim.object, event.target
    ):
        return "forward"
    if lies_on(event.text, claim, claim.subject, event.target) and lies_on(
        event.text, claim, claim.object, event.source
    ):
        return "backward"
    return None


def pair_found(claim: Claim, event: GoldEvent) -> bool:
    """Return True when the claim's two actors lie on the event's source and target, either way round."""
    return claim_direction(claim, event) is not None


def direction_right(claim: Claim, event: GoldEvent) -> bool:
    """Return True when the claim's actors lie on the event's sides the right way round (either way if reciprocal)."""
    found = claim_direction(claim, event)
    return found is not None and (event.direction == "reciprocal" or found == (event.direction or "forward"))


def states_trigger(claim: Claim, event: GoldEvent) -> bool:
    """Return True when the claim's evidence sentence holds the event's trigger (True where the set marks none)."""
    trigger = event.trigger
    return trigger is None or (claim.evidence.start <= trigger.start and trigger.end <= claim.evidence.end)


# --- counting -------------------------------------------------------------------------------


def count_level(level: Level, events: list[GoldEvent], claims: Mapping[str, list[Claim]]) -> Counts:
    """Return tp/fp/fn of ``level`` over the documents of ``events`` (``claims`` keyed by document id)."""
    by_document: dict[str, list[GoldEvent]] = {}
    for event in events:
        if level.gold(event):
            by_document.setdefault(event.document, []).append(event)
    tp = fp = fn = 0
    for document, gold in by_document.items():
        predicted = repeats_removed([c for c in claims.get(document, []) if level.predicted(c, gold)], level.key)
        hits = match_greedy(predicted, gold, level.matches)
        tp, fp, fn = tp + hits, fp + len(predicted) - hits, fn + len(gold) - hits
    return Counts(tp, fp, fn)


def repeats_removed(claims: list[Claim], key: Callable[[Claim], Hashable]) -> list[Claim]:
    """Return ``claims`` most confident first, keeping the first claim of each key."""
    seen: set[Hashable] = set()
    kept = []
    for claim in sorted(claims, key=lambda c: -c.confidence):
        if key(claim) not in seen:
            seen.add(key(claim))
            kept.append(claim)
    return kept


def match_greedy(claims: list[Claim], gold: list[GoldEvent], matches: Callable[[Claim, GoldEvent], bool]) -> int:
    """Return how many claims (in order) each take a free gold event they match."""
    free = list(gold)
    hits = 0
    for claim in claims:
        event = next((g for g in free if matches(claim, g)), None)
        if event is not None:
            free.remove(event)
            hits += 1
    return hits


def _actors(claim: Claim) -> tuple[str, str]:
    return claim.subject.mention, claim.object.mention if claim.object else ""


def _two_actor(claim: Claim, gold: list[GoldEvent]) -> bool:
    return claim.object is not None


# --- the CAMEO span set ---------------------------------------------------------------------


def cameo_levels() -> tuple[Level, ...]:
    """Return the CAMEO span measures: pair found, pair + direction, pair + direction + quad class.

    Gold: sentences naming a source and a target (for the quad measure also a quad class; label 0,
    a statement, has none). Predictions: the two-actor claims of those sentences.
    """
    has_quad = lambda event: event.has_pair and event.quad is not None  # noqa: E731
    return (
        Level("pair", lambda e: e.has_pair, _two_actor, pair_found, lambda c: frozenset(_actors(c))),
        Level("pair+direction", lambda e: e.has_pair, _two_actor, direction_right, _actors),
        Level(
            "pair+direction+quad",
            has_quad,
            _two_actor,
            lambda c, e: direction_right(c, e) and c.predicate.quad == e.quad,
            lambda c: (*_actors(c), c.predicate.quad),
        ),
    )


# --- event sets mapped onto PLOVER (RAMS, WikiEvents) ---------------------------------------


def event_levels(image: frozenset[str]) -> tuple[Level, ...]:
    """Return the event measures: (type) and (type + source + target).

    Gold: events whose type maps onto PLOVER (for the second measure, naming a source and a target).
    Predictions: claims of a type the mapping can produce (``image``) whose evidence sentence holds a
    kept gold event's trigger: the sentences the set annotated, as the sets annotate only some events.
    """

    def near(claim: Claim, gold: list[GoldEvent]) -> bool:
        """A claim of a type in the image, in a sentence holding a kept trigger."""
        return claim.predicate.plover in image and any(states_trigger(claim, g) for g in gold)

    def typed(claim: Claim, event: GoldEvent) -> bool:
        """The event's type, stated in the trigger's sentence."""
        return claim.predicate.plover == event.plover and states_trigger(claim, event)

    return (
        Level("type", lambda e: e.plover is not None, near, typed, lambda c: (c.evidence.start, c.predicate.plover)),
        Level(
            "type+source+target",
            lambda e: e.plover is not None and e.has_pair,
            lambda c, g: c.object is not None and near(c, g),
            lambda c, e: typed(c, e) and direction_right(c, e),
            lambda c: (c.evidence.start, c.predicate.plover, *_actors(c)),
        ),
    )


# --- directed stance ------------------------------------------------------------------------


def predict_stance(event: GoldEvent, claims: list[Claim], stance: StanceMapping) -> str:
    """Return the stance label the claims give the event's marked pair (p the source span, q the target).

    The most confident affirmed claim between the two marked mentions whose PLOVER type has a
    polarity (``stance.polarity_of_plover``) decides; with none, the "none" label.
    """
    for claim in sorted(claims, key=lambda c: -c.confidence):
        polarity: Polarity | None = stance.polarity_of_plover.get(claim.predicate.plover)
        direction = claim_direction(claim, event) if claim.polarity == "affirmed" else None
        if polarity is not None and direction is not None:
            return stance.label_for(direction, polarity)
    return stance.none_label


def label_counts(gold: list[str], predicted: list[str], labels: Iterable[str]) -> dict[str, Counts]:
    """Return one-against-the-rest tp/fp/fn per label."""
    pairs = list(zip(gold, predicted, strict=True))
    return {
        label: Counts(
            sum(g == p == label for g, p in pairs),
            sum(p == label != g for g, p in pairs),
            sum(g == label != p for g, p in pairs),
        )
        for label in labels
    }


def macro_f1(gold: list[str], predicted: list[str], labels: Iterable[str]) -> float:
    """Return the mean F1 over ``labels`` (a label never gold nor predicted scores 0)."""
    counts = label_counts(gold, predicted, labels)
    return sum(c.f1 for c in counts.values()) / len(counts) if counts else 0.0


def majority_label(labels: Iterable[str]) -> str:
    """Return the most frequent label (the first seen among equals); raise ``ValueError`` for none."""
    tally: dict[str, int] = {}
    for label in labels:
        tally[label] = tally.get(label, 0) + 1
    if not tally:
        raise ValueError("no labels to take the majority of")
    return max(tally, key=lambda label: tally[label])


def score_levels(
    levels: Iterable[Level], events: list[GoldEvent], claims: Mapping[str, list[Claim]]
) -> dict[str, Counts]:
    """Return {level name: counts} of each level over ``events``."""
    return {level.name: count_level(level, events, claims) for level in levels}


@dataclass(frozen=True)
class StanceScores:
    """Macro-F1 over the stance labels of the pipeline and of the majority-label baseline, and per-label counts."""

    pairs: int
    macro_f1: float
    baseline_label: str
    baseline_macro_f1: float
    per_label: dict[str, Counts]


def score_stance(
    events: list[GoldEvent], claims: Mapping[str, list[Claim]], stance: StanceMapping, *, baseline_label: str
) -> StanceScores:
    """Return the stance scores of ``events`` (one marked pair each); ``baseline_label`` is what the
    majority baseline predicts for every pair (the train split's majority label)."""
    labels = list(stance.labels)
    gold = [event.label for event in events]
    predicted = [predict_stance(event, claims.get(event.document, []), stance) for event in events]
    return StanceScores(
        pairs=len(events),
        macro_f1=macro_f1(gold, predicted, labels),
        baseline_label=baseline_label,
        baseline_macro_f1=macro_f1(gold, [baseline_label] * len(gold), labels),
        per_label=label_counts(gold, predicted, labels),
    )
