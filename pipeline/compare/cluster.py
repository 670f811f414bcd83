"""Claim clusters: claims about the same thing (same subject and object, either way round for a
reciprocal type such as a meeting, compatible PLOVER type, overlapping time) from different articles,
paraphrases merged by evidence-sentence similarity.

Pure functions over ``ClaimVoice`` records; the store reads and writes live in
``pipeline.compare.refresh``. Imports records, ids, the ontology and the embedder; never spaCy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from pipeline.ids import content_id
from pipeline.ontology import RECIPROCAL_TYPES, quad_of
from pipeline.records import ClaimCluster, ClaimVoice, ClusterEvidence

# Two dated claims of one pair and type within a week of each other are one event: reports date
# the same event by the day it was said ("on Wednesday") or by the day it happened.
TIME_SLACK_DAYS = 7
# Types that paraphrase each other across quad classes ("backs" SUPPORT, "arms" AID, "works with" COOPERATE).
SUPPORT_FAMILY = frozenset({"SUPPORT", "AID", "COOPERATE"})
CONTRADICTING_MODALITIES = frozenset({"denied"})

Similar = Callable[[ClaimVoice, ClaimVoice], float]


def stance_of(voice: ClaimVoice) -> str:
    """Return "contradicts" for a negated or denied claim, else "asserts"."""
    return "contradicts" if voice.polarity == "negated" or voice.modality in CONTRADICTING_MODALITIES else "asserts"


def compatible_types(left: str, right: str) -> bool:
    """Return True when two PLOVER types may describe one event: the same quad class, or both in the support family."""
    return quad_of(left) == quad_of(right) or (left in SUPPORT_FAMILY and right in SUPPORT_FAMILY)


def same_direction(left: ClaimVoice, right: ClaimVoice) -> bool:
    """Return True when two voices are of one pair in one direction, or either way round when both types are
    reciprocal ("A met B" and "B met A" say one thing)."""
    if (left.subject_id, left.object_id) == (right.subject_id, right.object_id):
        return True
    return left.plover in RECIPROCAL_TYPES and right.plover in RECIPROCAL_TYPES


def pair_key(voice: ClaimVoice) -> tuple[str, str]:
    """Return the unordered actor pair of a voice (the object empty when it has none): what a block of voices
    clustered together shares."""
    first, second = sorted([voice.subject_id, voice.object_id or ""])
    return (first, second) if voice.object_id else (voice.subject_id, "")


def day_range(start: str | None, end: str | None) -> tuple[date, date] | None:
    """Return the inclusive dates a claim's time covers (an open end runs to date.max), or None when unknown."""
    if start is None:
        return None
    return date.fromisoformat(start[:10]), date.fromisoformat(end[:10]) if end else date.max


def times_overlap(left: tuple[date, date] | None, right: tuple[date, date] | None, *, slack_days: int) -> bool:
    """Return True when either time is unknown or the ranges overlap once widened by ``slack_days``."""
    if left is None or right is None:
        return True
    slack = timedelta(days=slack_days)
    return left[0] <= add_days(right[1], slack) and right[0] <= add_days(left[1], slack)


def add_days(day: date, delta: timedelta) -> date:
    """Return ``day + delta``, saturating at date.max."""
    return date.max if date.max - day <= delta else day + delta


@dataclass
class OpenCluster:
    """A cluster being built: its founding voice, members and the time range they span."""

    founder: ClaimVoice
    members: list[ClaimVoice] = field(default_factory=list)
    span: tuple[date, date] | None = None

    def add(self, voice: ClaimVoice) -> None:
        """Add ``voice`` and widen the span to cover its time."""
        self.members.append(voice)
        own = day_range(voice.time_start, voice.time_end)
        if own is not None:
            self.span = own if self.span is None else (min(self.span[0], own[0]), max(self.span[1], own[1]))


def founder_order(voice: ClaimVoice) -> tuple:
    """Sort key of a block's voices: by type, dated before undated, by time, then by id (stable founders)."""
    return (voice.plover, voice.time_start is None, voice.time_start or "", voice.claim_id)


def cluster_block(
    voices: Sequence[ClaimVoice], *, similar: Similar | None, threshold: float, slack_days: int = TIME_SLACK_DAYS
) -> list[ClaimCluster]:
    """Return the clusters of one block (voices sharing an unordered actor pair), by cluster id.

    First a voice joins the first cluster of its own type and direction (either direction for
    reciprocal types) whose time overlaps, else founds one.
    Then, largest first, a cluster is merged into an earlier one of a compatible type whose time
    overlaps when a member of each paraphrases the other (``similar`` >= ``threshold``). Without
    ``similar`` no paraphrases are merged across types.
    """
    clusters: list[OpenCluster] = []
    for voice in sorted(voices, key=founder_order):
        own = day_range(voice.time_start, voice.time_end)
        home = next((c for c in clusters
                     if c.founder.plover == voice.plover and same_direction(c.founder, voice)
                     and times_overlap(c.span, own, slack_days=slack_days)), None)
        if home is None:
            home = OpenCluster(founder=voice)
            clusters.append(home)
        home.add(voice)
    if similar is not None:
        clusters = merge_paraphrases(clusters, similar=similar, threshold=threshold, slack_days=slack_days)
    return sorted((finish_cluster(open_) for open_ in clusters), key=lambda cluster: cluster.id)


def merge_paraphrases(clusters: list[OpenCluster], *, similar: Similar, threshold: float,
                      slack_days: int) -> list[OpenCluster]:
    """Return ``clusters`` with each merged into the first larger (or earlier) compatible cluster it paraphrases."""
    kept: list[OpenCluster] = []
    for cluster in sorted(clusters, key=lambda c: (-len(c.members), founder_order(c.founder))):
        home = next((k for k in kept
                     if mergeable(k, cluster, similar=similar, threshold=threshold, slack_days=slack_days)), None)
        if home is None:
            kept.append(cluster)
            continue
        for voice in cluster.members:
            home.add(voice)
    return kept


def mergeable(kept: OpenCluster, cluster: OpenCluster, *, similar: Similar, threshold: float, slack_days: int) -> bool:
    """Return True when two clusters have compatible types, overlapping times and a paraphrasing pair of members."""
    if not compatible_types(kept.founder.plover, cluster.founder.plover):
        return False
    if not same_direction(kept.founder, cluster.founder):
        return False
    if not times_overlap(kept.span, cluster.span, slack_days=slack_days):
        return False
    return any(similar(left, right) >= threshold for left in kept.members for right in cluster.members)


def cluster_id(founder: ClaimVoice) -> str:
    """Return a cluster's id: from its founder's subject, object, type and start (not from its members)."""
    key = {"subject": founder.subject_id, "object": founder.object_id, "plover": founder.plover,
           "start": founder.time_start}
    return content_id("k_", key)


def finish_cluster(cluster: OpenCluster) -> ClaimCluster:
    """Return the record of a built cluster: outlets by stance, first and last seen, evidence by claim id."""
    members = sorted(cluster.members, key=lambda voice: voice.claim_id)
    seen = sorted(moment for voice in members for moment in voice.seen)
    span = cluster.span
    return ClaimCluster(
        id=cluster_id(cluster.founder),
        subject_id=cluster.founder.subject_id,
        object_id=cluster.founder.object_id,
        plover=cluster.founder.plover,
        types=sorted({voice.plover for voice in members}),
        time_start=span[0].isoformat() if span else None,
        time_end=span[1].isoformat() if span and span[1] != date.max else None,
        asserted_by=outlets_with(members, "asserts"),
        contradicted_by=outlets_with(members, "contradicts"),
        first_seen=seen[0] if seen else None,
        last_seen=seen[-1] if seen else None,
        claims=[voice.claim_id for voice in members],
        evidence=[evidence_of(voice) for voice in members],
        articles_disagree=articles_disagree(members),
    )


def articles_disagree(voices: Sequence[ClaimVoice]) -> bool:
    """Return True when an asserting and a contradicting voice come from different articles."""
    sides = {stance: {voice.article_id for voice in voices if stance_of(voice) == stance}
             for stance in ("asserts", "contradicts")}
    return any(left != right for left in sides["asserts"] for right in sides["contradicts"])


def outlets_with(voices: Iterable[ClaimVoice], stance: str) -> list[str]:
    """Return the sorted outlets of the voices with ``stance``."""
    return sorted({outlet for voice in voices if stance_of(voice) == stance for outlet in voice.outlets})


def evidence_of(voice: ClaimVoice) -> ClusterEvidence:
    """Return one member's evidence entry."""
    return ClusterEvidence(
        claim_id=voice.claim_id, article_id=voice.article_id, stance=stance_of(voice),
        outlets=list(voice.outlets), sentence=voice.sentence,
    )
