"""The writers of the graph feed: JSON Lines property graph, GraphML, Neo4j admin-import CSV with an
idempotent Cypher MERGE script, RDF Turtle (reified statements with provenance) and PLOVER JSONL.

Each takes a ``GraphFeed`` and a path and returns the paths written. Imports networkx, rdflib and
this package; never a stage.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx

from pipeline.export.plover import plover_event
from pipeline.export.rdf import feed_graph
from pipeline.store.feed import GraphFeed

Writer = Callable[[GraphFeed, Path], list[Path]]
ENTITY_FIELDS = ("name", "type", "country", "sector", "wikidata")
EDGE_FIELDS = ("kind", "label", "polarity", "modality", "confidence", "time_start", "time_end")


def write_jsonl_graph(feed: GraphFeed, path: Path) -> list[Path]:
    """Write a meta line, then one line per node, edge and tombstone ({"type": "node"|"edge"|"delete", ...})."""
    with path.open("w", encoding="utf-8") as handle:
        handle.write(json.dumps({"type": "meta", **feed.meta()}) + "\n")
        for kind, items in (("node", feed.nodes), ("edge", feed.edges), ("delete", feed.deleted)):
            for item in items:
                handle.write(json.dumps({"type": kind, **item}, ensure_ascii=False, sort_keys=True) + "\n")
    return [path]


def edge_scalars(edge: dict[str, Any]) -> dict[str, Any]:
    """Return an edge's flat attributes (GraphML and CSV hold scalars): key fields, sources and the full record as
    JSON."""
    props = edge["properties"]
    values = {
        "kind": edge["kind"], "label": edge["label"], "polarity": props.get("polarity", ""),
        "modality": props.get("modality", ""),
        "confidence": props.get("confidence", -1.0),
        "time_start": (props.get("time") or {}).get("start") or props.get("time_start") or "",
        "time_end": (props.get("time") or {}).get("end") or props.get("time_end") or "",
    }
    return {**values, "sources": ";".join(props["sources"]),
            "record": json.dumps(props, ensure_ascii=False, sort_keys=True)}


def node_scalars(node: dict[str, Any]) -> dict[str, Any]:
    """Return a node's flat attributes: the entity fields (empty when unknown) and its aliases joined by ";"."""
    props = node["properties"]
    return {**{field: props.get(field) or "" for field in ENTITY_FIELDS}, "aliases": ";".join(props.get("aliases", []))}


def write_graphml(feed: GraphFeed, path: Path) -> list[Path]:
    """Write a directed multigraph: entity nodes, and cluster and claim edges keyed by their ids (edges with an object
    only)."""
    network = nx.MultiDiGraph(contract=feed.meta()["contract"], version=feed.meta()["version"], cursor=feed.cursor)
    for node in feed.nodes:
        network.add_node(node["id"], **node_scalars(node))
    for edge in feed.edges:
        if edge["target"] is not None:
            network.add_edge(edge["source"], edge["target"], key=edge["id"], id=edge["id"], **edge_scalars(edge))
    nx.write_graphml(network, path, edge_id_from_attribute="id")
    return [path]


def cypher_value(value: Any) -> str:
    """Return ``value`` as a Cypher literal (JSON strings and numbers are valid Cypher)."""
    return json.dumps(value, ensure_ascii=False) if value is not None else "null"


def cypher_map(values: dict[str, Any]) -> str:
    """Return a Cypher map literal of ``values`` (keys are plain identifiers)."""
    return "{" + ", ".join(f"`{key}`: {cypher_value(value)}" for key, value in values.items()) + "}"


def merge_statements(feed: GraphFeed) -> list[str]:
    """Return the idempotent Cypher script: constraints, then one MERGE on the unique ``id`` per node and edge, then
    deletions."""
    statements = [
        "CREATE CONSTRAINT claimgraph_entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;",
        "CREATE CONSTRAINT claimgraph_claim_id IF NOT EXISTS FOR ()-[r:CLAIM]-() REQUIRE r.id IS UNIQUE;",
        "CREATE CONSTRAINT claimgraph_cluster_id IF NOT EXISTS FOR ()-[r:CLUSTER]-() REQUIRE r.id IS UNIQUE;",
    ]
    for node in feed.nodes:
        properties = cypher_map(node_scalars(node))
        statements.append(f"MERGE (n:Entity {{id: {cypher_value(node['id'])}}}) SET n += {properties};")
    for edge in feed.edges:
        if edge["target"] is None:
            continue
        kind = edge["kind"].upper()
        statements.append(
            f"MERGE (s:Entity {{id: {cypher_value(edge['source'])}}}) "
            f"MERGE (t:Entity {{id: {cypher_value(edge['target'])}}}) "
            f"MERGE (s)-[r:{kind} {{id: {cypher_value(edge['id'])}}}]->(t) SET r += {cypher_map(edge_scalars(edge))};"
        )
    for gone in feed.deleted:
        value = cypher_value(gone["id"])
        if gone["kind"] == "entity":
            statements.append(f"MATCH (n:Entity {{id: {value}}}) DETACH DELETE n;")
        else:
            statements.append(f"MATCH ()-[r:{gone['kind'].upper()} {{id: {value}}}]->() DELETE r;")
    return statements


def write_neo4j(feed: GraphFeed, directory: Path) -> list[Path]:
    """Write ``entities.csv``, ``edges.csv`` (neo4j-admin import headers) and ``merge.cypher`` into ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    nodes, edges, script = directory / "entities.csv", directory / "edges.csv", directory / "merge.cypher"
    with nodes.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id:ID(Entity)", *ENTITY_FIELDS, "aliases:string[]", ":LABEL"])
        for node in feed.nodes:
            flat = node_scalars(node)
            writer.writerow([node["id"], *(flat[f] for f in ENTITY_FIELDS), flat["aliases"], "Entity"])
    with edges.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([":START_ID(Entity)", ":END_ID(Entity)", "id", *EDGE_FIELDS[:4], "confidence:float",
                         *EDGE_FIELDS[5:], "sources:string[]", "record", ":TYPE"])
        for edge in feed.edges:
            if edge["target"] is not None:
                flat = edge_scalars(edge)
                writer.writerow([edge["source"], edge["target"], edge["id"], *(flat[f] for f in EDGE_FIELDS),
                                 flat["sources"], flat["record"], edge["kind"].upper()])
    script.write_text("\n".join(merge_statements(feed)) + "\n", encoding="utf-8")
    return [nodes, edges, script]


def write_rdf(feed: GraphFeed, path: Path) -> list[Path]:
    """Write the feed as RDF Turtle: entities, and claims and clusters as reified statements with provenance."""
    feed_graph(feed).serialize(destination=str(path), format="turtle")
    return [path]


def write_plover(feed: GraphFeed, path: Path) -> list[Path]:
    """Write one PLOVER event record per single claim (clusters are not events) as JSONL."""
    with path.open("w", encoding="utf-8") as handle:
        for edge in feed.edges:
            if edge["kind"] == "claim":
                handle.write(json.dumps(plover_event(edge), ensure_ascii=False, sort_keys=True) + "\n")
    return [path]


WRITERS: dict[str, Writer] = {
    "jsonl-graph": write_jsonl_graph, "graphml": write_graphml, "neo4j": write_neo4j, "rdf": write_rdf,
    "plover": write_plover,
}
