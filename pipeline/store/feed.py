"""The graph feed: what changed after a cursor, as nodes, edges and tombstones in the contract's shape.

Owns the node and edge dicts every format and the HTTP API serialize (docs/graph-contract.md).
It lives in the store because both export (files) and serve (``/api/graph``) read it, and a stage
never imports another. Imports the store's own modules only.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from pipeline.store import Store, graph

CONTRACT = "claimgraph-graph"
CONTRACT_VERSION = "1.0"
PAGE_SIZE = 1000


@dataclass(frozen=True)
class GraphFeed:
    """One page (or all) of the feed: live nodes and edges, tombstones, the cursor to ask from next, whether more is
    waiting."""

    since: int
    cursor: int
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    deleted: list[dict[str, Any]]
    more: bool = False

    def meta(self) -> dict[str, Any]:
        """Return the feed's header: contract, version, the cursor asked from and the one to ask from next."""
        return {"contract": CONTRACT, "version": CONTRACT_VERSION, "since": self.since, "cursor": self.cursor,
                "more": self.more}


def node_of(entity: dict[str, Any]) -> dict[str, Any]:
    """Return an entity as a node: its id, label and properties (name, type, country, sector, wikidata, aliases)."""
    return {"id": entity["id"], "label": "Entity", "properties": {k: v for k, v in entity.items() if k != "id"}}


def claim_edge(claim_id: str, payload: dict[str, Any]) -> dict[str, Any]:
    """Return a single claim as an edge from its subject to its object (None when it has none)."""
    record = payload["record"]
    target = record["object"]["id"] if record.get("object") else None
    properties = {**record, "sources": payload["sources"]}
    return {"id": claim_id, "kind": "claim", "source": record["subject"]["id"], "target": target,
            "label": record["predicate"]["plover"], "properties": properties}


def cluster_edge(cluster_id: str, record: dict[str, Any]) -> dict[str, Any]:
    """Return a cluster as an edge from its subject to its object, its sources every outlet that speaks to it."""
    sources = sorted({*record["asserted_by"], *record["contradicted_by"]})
    return {"id": cluster_id, "kind": "cluster", "source": record["subject_id"], "target": record["object_id"],
            "label": record["plover"], "properties": {**record, "sources": sources}}


def read_page(connection: Connection, since: int, *, limit: int | None, live_only: bool = False) -> GraphFeed:
    """Return the feed of items changed after ``since`` (at most ``limit``), by sequence number."""
    extra = 1 if limit is not None else 0
    changes = graph.items_since(connection, since, limit=limit + extra if limit is not None else None,
                                live_only=live_only)
    more = limit is not None and len(changes) > limit
    changes = changes[:limit] if limit is not None else changes
    live = {kind: [c.id for c in changes if c.kind == kind and not c.deleted] for kind in graph.EXPORTED_KINDS}
    entities = graph.entity_payloads(connection, live["entity"])
    claims = graph.claim_payloads(connection, live["claim"])
    clusters = graph.cluster_payloads(connection, live["cluster"])
    nodes = [node_of(entities[c.id]) for c in changes if c.kind == "entity" and not c.deleted and c.id in entities]
    edges = [cluster_edge(c.id, clusters[c.id]) if c.kind == "cluster" else claim_edge(c.id, claims[c.id])
             for c in changes
             if c.kind != "entity" and not c.deleted and c.id in (clusters if c.kind == "cluster" else claims)]
    deleted = [{"kind": c.kind, "id": c.id, "seq": c.seq} for c in changes if c.deleted]
    cursor = changes[-1].seq if changes else since
    return GraphFeed(since=since, cursor=cursor, nodes=nodes, edges=edges, deleted=deleted, more=more)


def iter_pages(store: Store, since: int = 0, *, page_size: int = PAGE_SIZE) -> Iterator[GraphFeed]:
    """Yield the feed after ``since`` page by page; a full export (since 0) holds live items only."""
    cursor = since
    while True:
        with store.transaction("read the graph feed") as connection:
            page = read_page(connection, cursor, limit=page_size, live_only=since == 0)
        yield page
        if not page.more:
            return
        cursor = page.cursor


def read_feed(store: Store, since: int = 0) -> GraphFeed:
    """Return the whole feed after ``since`` in one piece (nodes, edges, tombstones)."""
    pages = list(iter_pages(store, since))
    return GraphFeed(
        since=since, cursor=pages[-1].cursor, nodes=[n for p in pages for n in p.nodes],
        edges=[e for p in pages for e in p.edges], deleted=[d for p in pages for d in p.deleted],
    )
