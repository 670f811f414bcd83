"""Recompute claim clusters and the graph feed's change log, incrementally.

Only the actor pairs (blocks, both directions) touched since the last refresh are reclustered: pairs
with a new, rewritten, reviewed or deleted claim, or whose articles gained a sighting. Every node or edge whose content
changed gets the next sequence number; one that is gone gets a tombstone. Running it twice changes
nothing the second time. Imports the store, records, ids and this package; never spaCy or Prefect.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection

from pipeline.compare.cluster import Similar, cluster_block, pair_key
from pipeline.compare.embed import PARAPHRASE_THRESHOLD, SentenceEncoder
from pipeline.ids import content_id
from pipeline.records import ClaimCluster, ClaimVoice
from pipeline.store import Store, graph
from pipeline.store.models import ClaimRow

if TYPE_CHECKING:
    import torch

log = logging.getLogger(__name__)

EncoderLoader = Callable[[], SentenceEncoder]


@dataclass(frozen=True)
class RefreshStats:
    """What a refresh did: items given a new sequence number by kind, tombstones, and the cursor after it."""

    entities: int
    claims: int
    clusters: int
    deleted: int
    cursor: int


@dataclass
class ParaphraseJudge:
    """Similarity of evidence sentences, loading the encoder only when a block first needs it."""

    loader: EncoderLoader | None
    encoder: SentenceEncoder | None = None
    vectors: dict[str, torch.Tensor] = field(default_factory=dict)

    def similar_for(self, voices: Sequence[ClaimVoice]) -> Similar | None:
        """Return the similarity function for one block's voices (None when paraphrase merging is off)."""
        if self.loader is None:
            return None
        return lambda left, right: self.similarity(voices, left.sentence, right.sentence)

    def similarity(self, voices: Sequence[ClaimVoice], left: str, right: str) -> float:
        """Return the cosine similarity of two sentences, embedding the block's sentences on first need."""
        if left not in self.vectors or right not in self.vectors:
            self.embed_all([voice.sentence for voice in voices])
        return float(self.vectors[left] @ self.vectors[right])

    def embed_all(self, sentences: list[str]) -> None:
        """Embed the sentences not embedded yet, in one batch."""
        if self.encoder is None and self.loader is not None:
            self.encoder = self.loader()
        missing = sorted(set(sentences) - set(self.vectors))
        if missing and self.encoder is not None:
            self.vectors.update(zip(missing, self.encoder.embed(missing), strict=True))


@dataclass
class Sequencer:
    """Hands out the next sequence numbers of one refresh and collects the change-log rows."""

    last: int
    rows: list[dict[str, Any]] = field(default_factory=list)

    def log(self, kind: str, item_id: str, digest: str, *, stamp: str | None = None, block: str | None = None,
            deleted: bool = False) -> None:
        """Queue an item with the next sequence number."""
        self.last += 1
        self.rows.append({"kind": kind, "id": item_id, "seq": self.last, "hash": digest, "deleted": deleted,
                          "stamp": stamp, "block": block})

    def count(self, kind: str, *, deleted: bool = False) -> int:
        """Return how many queued rows are of ``kind`` (tombstones or not)."""
        return sum(1 for row in self.rows if row["kind"] == kind and row["deleted"] is deleted)


def refresh_graph(store: Store, *, encoder: EncoderLoader | None,
                  threshold: float = PARAPHRASE_THRESHOLD) -> RefreshStats:
    """Bring clusters and the change log up to date with the store's claims; return what changed.

    ``encoder`` loads the sentence encoder (called at most once, only when a block has claims of
    different but compatible types); None turns paraphrase merging off. Raises ``StoreError``.
    """
    with store.transaction("refresh the graph", write=True) as connection:
        graph.lock_refresh(connection)
        return refresh_on(connection, ParaphraseJudge(encoder), threshold=threshold)


def refresh_on(connection: Connection, judge: ParaphraseJudge, *, threshold: float) -> RefreshStats:
    """Refresh inside the caller's transaction (see ``refresh_graph``)."""
    changed = graph.changed_claim_blocks(connection)
    resighted = graph.resighted_articles(connection)
    changed.update(graph.claim_blocks_of_articles(connection, sorted(resighted)))
    vanished = graph.vanished_items(connection, "claim", ClaimRow.__table__)
    blocks = both_ways(set(changed.values()) | {block for block in vanished.values() if block})
    sequencer = Sequencer(last=graph.last_seq(connection))
    log_entities(connection, sequencer,
                 sorted(graph.entities_of_claims(connection,
                                                 sorted(changed)) | set(graph.unlogged_entities(connection))))
    log_claims(connection, sequencer, changed)
    log_clusters(connection, sequencer, blocks, judge, threshold=threshold)
    for claim_id, block in sorted(vanished.items()):
        sequencer.log("claim", claim_id, "", block=block, deleted=True)
    graph.log_items(connection, sequencer.rows + [article_item(a, n) for a, n in sorted(resighted.items())])
    stats = RefreshStats(
        entities=sequencer.count("entity"), claims=sequencer.count("claim"), clusters=sequencer.count("cluster"),
        deleted=sum(1 for row in sequencer.rows if row["deleted"]), cursor=sequencer.last,
    )
    log.info("graph refreshed: %s", stats)
    return stats


def both_ways(blocks: set[str]) -> list[str]:
    """Return ``blocks`` with each pair's other direction: a reciprocal claim clusters with its reverse."""
    found = set(blocks)
    for block in blocks:
        subject_id, object_id = graph.split_block(block)
        if object_id is not None:
            found.add(graph.block_key(object_id, subject_id))
    return sorted(found)


def article_item(article_id: str, sightings: str) -> dict[str, Any]:
    """Return the bookkeeping row remembering how many sightings an article had (never exported: seq 0)."""
    return {"kind": "article", "id": article_id, "seq": 0, "hash": "", "deleted": False, "stamp": sightings,
            "block": None}


def payload_hash(payload: Any) -> str:
    """Return the hash of a node's or edge's exported content (what decides that it changed)."""
    return content_id("", payload, length=32)


def log_changed(
    connection: Connection, sequencer: Sequencer, kind: str, payloads: dict[str, Any], *,
    stamps: dict[str, str] | None = None, blocks: dict[str, str] | None = None,
) -> None:
    """Log every item of ``payloads`` whose content differs from what the change log holds."""
    logged = graph.logged_hashes(connection, kind, sorted(payloads))
    unchanged_stamps = {}
    for item_id in sorted(payloads):
        digest = payload_hash(payloads[item_id])
        stamp = (stamps or {}).get(item_id)
        if logged.get(item_id) == (digest, False):
            unchanged_stamps[item_id] = stamp
            continue
        sequencer.log(kind, item_id, digest, stamp=stamp, block=(blocks or {}).get(item_id))
    if stamps is not None:
        graph.restamp_items(connection, kind,
                            {key: value for key, value in unchanged_stamps.items() if value is not None})


def log_entities(connection: Connection, sequencer: Sequencer, entity_ids: list[str]) -> None:
    """Log the entities (nodes) that are new or whose name, type or aliases changed."""
    log_changed(connection, sequencer, "entity", graph.entity_payloads(connection, entity_ids))


def log_claims(connection: Connection, sequencer: Sequencer, changed: dict[str, str]) -> None:
    """Log the claims (edges) that are new or whose record or sources changed; stamp them with their run."""
    payloads = graph.claim_payloads(connection, sorted(changed))
    stamps = graph.claim_run_ids(connection, sorted(changed))
    log_changed(connection, sequencer, "claim", payloads, stamps=stamps, blocks=changed)


def log_clusters(connection: Connection, sequencer: Sequencer, blocks: list[str], judge: ParaphraseJudge, *,
                 threshold: float) -> None:
    """Recluster ``blocks``, store the clusters and log the new, changed and vanished ones."""
    by_pair: dict[tuple[str, str], list[ClaimVoice]] = defaultdict(list)
    for voice in graph.voices_of_blocks(connection, blocks):
        by_pair[pair_key(voice)].append(voice)
    clusters: list[ClaimCluster] = []
    cluster_blocks: dict[str, str] = {}
    for pair in sorted(by_pair):
        voices = by_pair[pair]
        for cluster in cluster_block(voices, similar=judge.similar_for(voices), threshold=threshold):
            clusters.append(cluster)
            cluster_blocks[cluster.id] = graph.block_key(cluster.subject_id, cluster.object_id)
    old = graph.live_clusters_of_blocks(connection, blocks)
    graph.replace_clusters(connection, blocks, clusters)
    payloads = {cluster.id: cluster.model_dump(mode="json") for cluster in clusters}
    log_changed(connection, sequencer, "cluster", payloads, blocks=cluster_blocks)
    for cluster_id in sorted(set(old) - set(payloads)):
        sequencer.log("cluster", cluster_id, "", block=old[cluster_id], deleted=True)
