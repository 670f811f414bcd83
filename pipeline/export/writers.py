"""The writers of the graph feed: JSON Lines property graph, GraphML, Neo4j admin-import CSV with an
idempotent Cypher MERGE script, RDF Turtle (reified statements with provenance) and PLOVER JSONL.

Each takes a ``GraphFeed`` and a path and returns what it wrote (``Written``: paths and counts).
Imports networkx, rdflib and this package; never a stage.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from pipeline.export.plover import PloverBatch, add_claim
from pipeline.export.rdf import cluster_polarity, feed_graph
from pipeline.store.feed import GraphFeed

NEO4J_VERSION = "5.7"
ENTITY_FIELDS = ("name", "type", "country", "sector", "wikidata")
# An edge's scalar properties: a claim's stance as served (the latest review applied), its speaker and review status;
# a cluster's stance from its sides ("affirmed", "negated" or "contested"), no confidence of its own.
EDGE_FIELDS = ("kind", "label", "polarity", "modality", "speaker", "status", "confidence", "time_start", "time_end")
EDGE_LISTS = ("sources", "asserted_by", "contradicted_by")
# neo4j-admin's default --array-delimiter: list items holding it have it replaced by ARRAY_ESCAPE.
ARRAY_DELIMITER, ARRAY_ESCAPE = ";", ","


@dataclass(frozen=True)
class Written:
    """What a writer wrote: the paths, and how many of each kind of item ("nodes", "edges", "events", ...)."""

    paths: list[Path]
    counts: dict[str, int]

    def summary(self) -> str:
        """Return the counts as a phrase ("3 nodes, 5 edges")."""
        return ", ".join(f"{count} {kind}" for kind, count in self.counts.items())


Writer = Callable[[GraphFeed, Path], Written]


def feed_counts(feed: GraphFeed, edges: list[dict[str, Any]] | None = None) -> dict[str, int]:
    """Return the node, edge (``edges`` when given, else every edge) and removal counts of a written feed."""
    return {"nodes": len(feed.nodes), "edges": len(feed.edges if edges is None else edges),
            "removals": len(feed.deleted)}


def write_jsonl_graph(feed: GraphFeed, path: Path) -> Written:
    """Write a meta line, then one line per node, edge and tombstone ({"type": "node"|"edge"|"delete", ...})."""
    with path.open("w", encoding="utf-8") as handle:
        handle.write(json.dumps({"type": "meta", **feed.meta()}) + "\n")
        for kind, items in (("node", feed.nodes), ("edge", feed.edges), ("delete", feed.deleted)):
            for item in items:
                handle.write(json.dumps({"type": kind, **item}, ensure_ascii=False, sort_keys=True) + "\n")
    return Written([path], feed_counts(feed))


def claim_fields(props: dict[str, Any]) -> dict[str, Any]:
    """Return a claim edge's stance fields as served: polarity, modality, speaker, review status, confidence."""
    speaker = (props.get("attributed_to") or {}).get("name") or ""
    status = (props.get("review") or {}).get("action") or "unreviewed"
    return {"polarity": props["polarity"], "modality": props["modality"], "speaker": speaker, "status": status,
            "confidence": props["confidence"]}


def edge_scalars(edge: dict[str, Any]) -> dict[str, Any]:
    """Return an edge's scalar fields (``EDGE_FIELDS``; a cluster's confidence is None: it has none)."""
    props = edge["properties"]
    time = props.get("time") or {}
    if edge["kind"] == "claim":
        stance = claim_fields(props)
    else:
        stance = {"polarity": cluster_polarity(props), "modality": "", "speaker": "", "status": "", "confidence": None}
    return {"kind": edge["kind"], "label": edge["label"], **stance,
            "time_start": time.get("start") or props.get("time_start") or "",
            "time_end": time.get("end") or props.get("time_end") or ""}


def edge_lists(edge: dict[str, Any]) -> dict[str, list[str]]:
    """Return an edge's list fields (``EDGE_LISTS``): its outlets, and a cluster's outlets by stance."""
    props = edge["properties"]
    return {name: list(props.get(name, [])) for name in EDGE_LISTS}


def edge_record(edge: dict[str, Any]) -> str:
    """Return an edge's full properties as JSON (what no flat column holds)."""
    return json.dumps(edge["properties"], ensure_ascii=False, sort_keys=True)


def graphml_edge(edge: dict[str, Any]) -> dict[str, Any]:
    """Return an edge's GraphML attributes (GraphML has no lists: they are joined by ";"; no None values)."""
    values = {name: value for name, value in edge_scalars(edge).items() if value is not None}
    lists = {name: ";".join(items) for name, items in edge_lists(edge).items()}
    return {**values, **lists, "record": edge_record(edge)}


def node_scalars(node: dict[str, Any]) -> dict[str, Any]:
    """Return a node's entity fields, empty when unknown."""
    props = node["properties"]
    return {field: props.get(field) or "" for field in ENTITY_FIELDS}


def write_graphml(feed: GraphFeed, path: Path) -> Written:
    """Write a directed multigraph: entity nodes (aliases joined by ";"), and cluster and claim edges keyed by their
    ids (edges with an object only)."""
    network = nx.MultiDiGraph(contract=feed.meta()["contract"], version=feed.meta()["version"], cursor=feed.cursor)
    for node in feed.nodes:
        network.add_node(node["id"], **node_scalars(node), aliases=";".join(node["properties"].get("aliases", [])))
    edges = [edge for edge in feed.edges if edge["target"] is not None]
    for edge in edges:
        network.add_edge(edge["source"], edge["target"], key=edge["id"], id=edge["id"], **graphml_edge(edge))
    nx.write_graphml(network, path, edge_id_from_attribute="id")
    return Written([path], feed_counts(feed, edges))


def cypher_value(value: Any) -> str:
    """Return ``value`` as a Cypher literal (JSON strings, numbers and lists of them are valid Cypher)."""
    return json.dumps(value, ensure_ascii=False) if value is not None else "null"


def cypher_map(values: dict[str, Any]) -> str:
    """Return a Cypher map literal of ``values`` (keys are plain identifiers)."""
    return "{" + ", ".join(f"`{key}`: {cypher_value(value)}" for key, value in values.items()) + "}"


def node_properties(node: dict[str, Any]) -> dict[str, Any]:
    """Return a node's Neo4j properties: the entity fields and its aliases as a list."""
    return {**node_scalars(node), "aliases": list(node["properties"].get("aliases", []))}


def edge_properties(edge: dict[str, Any]) -> dict[str, Any]:
    """Return an edge's Neo4j properties: scalars (None: no property), lists as lists, the record as JSON."""
    return {**edge_scalars(edge), **edge_lists(edge), "record": edge_record(edge)}


def merge_statements(feed: GraphFeed) -> list[str]:
    """Return the idempotent Cypher script: a header, constraints, then one MERGE on the unique ``id`` per node and
    edge, then deletions. Relationship uniqueness constraints need Neo4j ``NEO4J_VERSION`` or later."""
    statements = [
        f"// claimgraph graph export ({feed.meta()['contract']} {feed.meta()['version']}): needs Neo4j "
        f"{NEO4J_VERSION} or later (relationship uniqueness constraints). Run with cypher-shell -f merge.cypher.",
        "CREATE CONSTRAINT claimgraph_entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;",
        "CREATE CONSTRAINT claimgraph_claim_id IF NOT EXISTS FOR ()-[r:CLAIM]-() REQUIRE r.id IS UNIQUE;",
        "CREATE CONSTRAINT claimgraph_cluster_id IF NOT EXISTS FOR ()-[r:CLUSTER]-() REQUIRE r.id IS UNIQUE;",
    ]
    for node in feed.nodes:
        properties = cypher_map(node_properties(node))
        statements.append(f"MERGE (n:Entity {{id: {cypher_value(node['id'])}}}) SET n += {properties};")
    for edge in feed.edges:
        if edge["target"] is None:
            continue
        kind, properties = edge["kind"].upper(), cypher_map(edge_properties(edge))
        statements.append(
            f"MERGE (s:Entity {{id: {cypher_value(edge['source'])}}}) "
            f"MERGE (t:Entity {{id: {cypher_value(edge['target'])}}}) "
            f"MERGE (s)-[r:{kind} {{id: {cypher_value(edge['id'])}}}]->(t) SET r += {properties};"
        )
    for gone in feed.deleted:
        value = cypher_value(gone["id"])
        if gone["kind"] == "entity":
            statements.append(f"MATCH (n:Entity {{id: {value}}}) DETACH DELETE n;")
        else:
            statements.append(f"MATCH ()-[r:{gone['kind'].upper()} {{id: {value}}}]->() DELETE r;")
    return statements


def csv_array(items: list[str]) -> str:
    """Return a list as one neo4j-admin ``string[]`` field: items joined by ``ARRAY_DELIMITER``."""
    return ARRAY_DELIMITER.join(item.replace(ARRAY_DELIMITER, ARRAY_ESCAPE) for item in items)


def csv_cell(value: Any) -> Any:
    """Return a scalar as a CSV field: None as an empty field (neo4j-admin then sets no property)."""
    return "" if value is None else value


NODE_HEADER = ["id:ID(Entity)", *ENTITY_FIELDS, "aliases:string[]", ":LABEL"]
EDGE_HEADER = [":START_ID(Entity)", ":END_ID(Entity)", "id",
               *(f"{name}:float" if name == "confidence" else name for name in EDGE_FIELDS),
               *(f"{name}:string[]" for name in EDGE_LISTS), "record", ":TYPE"]


def write_neo4j_nodes(feed: GraphFeed, path: Path) -> None:
    """Write ``entities.csv`` with neo4j-admin import headers."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(NODE_HEADER)
        for node in feed.nodes:
            flat = node_scalars(node)
            writer.writerow([node["id"], *(flat[f] for f in ENTITY_FIELDS),
                             csv_array(node["properties"].get("aliases", [])), "Entity"])


def write_neo4j_edges(edges: list[dict[str, Any]], path: Path) -> None:
    """Write ``edges.csv`` with neo4j-admin import headers (edges with an object only)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(EDGE_HEADER)
        for edge in edges:
            flat, lists = edge_scalars(edge), edge_lists(edge)
            writer.writerow([edge["source"], edge["target"], edge["id"], *(csv_cell(flat[f]) for f in EDGE_FIELDS),
                             *(csv_array(lists[name]) for name in EDGE_LISTS), edge_record(edge),
                             edge["kind"].upper()])


def write_neo4j(feed: GraphFeed, directory: Path) -> Written:
    """Write ``entities.csv``, ``edges.csv`` (neo4j-admin import: ``string[]`` fields delimited by ";", its
    default) and ``merge.cypher`` (Neo4j ``NEO4J_VERSION`` or later) into ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    nodes, edges, script = directory / "entities.csv", directory / "edges.csv", directory / "merge.cypher"
    written = [edge for edge in feed.edges if edge["target"] is not None]
    write_neo4j_nodes(feed, nodes)
    write_neo4j_edges(written, edges)
    script.write_text("\n".join(merge_statements(feed)) + "\n", encoding="utf-8")
    return Written([nodes, edges, script], feed_counts(feed, written))


def write_rdf(feed: GraphFeed, path: Path) -> Written:
    """Write the feed as RDF Turtle: entities, and claims and clusters as reified statements with provenance."""
    feed_graph(feed).serialize(destination=str(path), format="turtle")
    return Written([path], {"entities": len(feed.nodes), "statements": len(feed.edges)})


def write_plover(feed: GraphFeed, path: Path) -> Written:
    """Write one PLOVER event record per single claim (clusters are not events) as JSONL; the counts say how many
    were written and why the others were not (rejected by a reviewer, undated, the other side of a reciprocal
    event)."""
    batch = PloverBatch()
    for edge in feed.edges:
        if edge["kind"] == "claim":
            add_claim(batch, edge)
    with path.open("w", encoding="utf-8") as handle:
        for record in batch.records:
            handle.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
    counts = {"events": len(batch.records), "rejected claims left out": batch.rejected,
              "undated claims left out": batch.undated, "reciprocal duplicates merged": batch.reciprocal}
    return Written([path], counts)


WRITERS: dict[str, Writer] = {
    "jsonl-graph": write_jsonl_graph, "graphml": write_graphml, "neo4j": write_neo4j, "rdf": write_rdf,
    "plover": write_plover,
}
