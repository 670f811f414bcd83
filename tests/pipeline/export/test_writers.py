"""The graph formats reload with the store's node and edge counts; Neo4j output is idempotent by construction."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import networkx as nx
import pytest
from rdflib import RDF, Graph

from pipeline.export.rdf import CG
from pipeline.export.writers import WRITERS, merge_statements
from pipeline.store import open_store
from pipeline.store.feed import read_feed


@pytest.fixture(scope="module")
def feed(outlets_graph):
    with open_store(outlets_graph.db_url) as store:
        return read_feed(store, 0)


@pytest.fixture(scope="module")
def store_counts(outlets_graph) -> dict[str, int]:
    with open_store(outlets_graph.db_url) as store:
        counts = store.counts()
        claims = store.claims()
    return {"entities": counts["entities"], "claims": counts["claims"], "clusters": counts["clusters"],
            "claims_with_object": sum(1 for c in claims if c.object is not None)}


def test_writers_feed_matches_store(feed, store_counts) -> None:
    kinds = [e["kind"] for e in feed.edges]
    assert (len(feed.nodes), kinds.count("claim"), kinds.count("cluster"), feed.deleted) == (
        store_counts["entities"], store_counts["claims"], store_counts["clusters"], [],
    )


def test_writers_graphml_reloads_in_networkx(feed, store_counts, tmp_path: Path) -> None:
    WRITERS["graphml"](feed, tmp_path / "g.graphml")
    loaded = nx.read_graphml(tmp_path / "g.graphml", force_multigraph=True)
    with_object = sum(1 for e in feed.edges if e["target"] is not None)
    clusters_with_object = sum(1 for e in feed.edges if e["kind"] == "cluster" and e["target"] is not None)
    assert (loaded.number_of_nodes(), loaded.number_of_edges()) == (store_counts["entities"], with_object)
    assert with_object == store_counts["claims_with_object"] + clusters_with_object
    edge = next(data for _, _, data in loaded.edges(data=True) if data["kind"] == "cluster" and data["label"] == "SUPPORT" and "tripoli-post" in data["sources"])
    assert json.loads(edge["record"])["contradicted_by"] in (["moscow-herald"], ["tripoli-post"])


def test_writers_rdf_reloads_in_rdflib(feed, store_counts, tmp_path: Path) -> None:
    WRITERS["rdf"](feed, tmp_path / "g.ttl")
    loaded = Graph().parse(tmp_path / "g.ttl", format="turtle")
    counts = (len(set(loaded.subjects(RDF.type, CG.Entity))), len(set(loaded.subjects(RDF.type, CG.Claim))),
              len(set(loaded.subjects(RDF.type, CG.Cluster))), len(set(loaded.subjects(RDF.type, RDF.Statement))))
    assert counts == (store_counts["entities"], store_counts["claims"], store_counts["clusters"], store_counts["claims"] + store_counts["clusters"])


def test_writers_neo4j_ids_unique_and_every_statement_merges_on_id(feed, tmp_path: Path) -> None:
    WRITERS["neo4j"](feed, tmp_path / "neo")
    with (tmp_path / "neo" / "entities.csv").open(encoding="utf-8") as handle:
        node_ids = [row["id:ID(Entity)"] for row in csv.DictReader(handle)]
    with (tmp_path / "neo" / "edges.csv").open(encoding="utf-8") as handle:
        edge_ids = [row["id"] for row in csv.DictReader(handle)]
    assert len(node_ids) == len(set(node_ids)) == len(feed.nodes)
    assert len(edge_ids) == len(set(edge_ids)) == sum(1 for e in feed.edges if e["target"] is not None)
    script = (tmp_path / "neo" / "merge.cypher").read_text(encoding="utf-8").splitlines()
    writes = [line for line in script if not line.startswith(("CREATE CONSTRAINT", "//"))]
    # Run twice, a script of MERGEs on unique ids (with SET) creates nothing new: no CREATE, every pattern keyed by id.
    assert all(line.startswith("MERGE ") and " CREATE " not in line for line in writes)
    assert all("{id: " in clause for line in writes for clause in line.split("MERGE ")[1:])
    merged_ids = [m for line in writes for m in re.findall(r"\[r:\w+ \{id: \"([^\"]+)\"\}\]", line)]
    assert sorted(merged_ids) == sorted(edge_ids)


@pytest.mark.parametrize(("kind", "item_id", "statement"), [
    ("claim", "c_1", 'MATCH ()-[r:CLAIM {id: "c_1"}]->() DELETE r;'),
    ("cluster", "k_1", 'MATCH ()-[r:CLUSTER {id: "k_1"}]->() DELETE r;'),
    ("entity", "TUR", 'MATCH (n:Entity {id: "TUR"}) DETACH DELETE n;'),
])
def test_writers_cypher_deletes_tombstones_by_id(feed, kind: str, item_id: str, statement: str) -> None:
    gone = type(feed)(since=1, cursor=2, nodes=[], edges=[], deleted=[{"kind": kind, "id": item_id, "seq": 2}])
    assert merge_statements(gone)[-1] == statement


def test_writers_plover_one_event_per_claim(feed, store_counts, tmp_path: Path) -> None:
    written = WRITERS["plover"](feed, tmp_path / "p.jsonl")
    events = [json.loads(line) for line in (tmp_path / "p.jsonl").read_text(encoding="utf-8").splitlines()]
    denial = next(e for e in events if e["text"].startswith("Russia denies"))
    assert len(events) == written.counts["events"] == store_counts["claims"] - sum(
        count for kind, count in written.counts.items() if kind != "events")
    assert {k: denial[k] for k in ("date", "event", "quad_code", "context", "event_text")} == {
        "date": "2020-06-12", "event": ["SUPPORT"], "quad_code": 1, "context": ["diplomatic", "negation"],
        "event_text": "supporting",
    }
    assert "modality denied" in denial["comment"] and "outlets moscow-herald" in denial["comment"]
    assert ([a["identifier_text"] for a in denial["actor"]], [r["identifier_text"] for r in denial["recipient"]]) == (
        ["Russia"], ["Khalifa Haftar"])


def neo4j_admin_rows(path: Path) -> list[dict[str, object]]:
    """Read an import CSV as neo4j-admin does with its defaults: the header's ``name:type`` says the type,
    ``string[]`` fields split on ";" (the default --array-delimiter), an empty field sets no property.

    No Neo4j engine embeds in Python (the PyPI packages that run Cypher in-process, Kuzu and FalkorDB
    Lite, speak their own dialects and import formats), so the files are read by the rules instead.
    """
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = []
        for values in reader:
            row: dict[str, object] = {}
            for column, value in zip(header, values, strict=True):
                name, _, kind = column.partition(":")
                if value == "" or not name:
                    continue
                row[name] = value.split(";") if kind == "string[]" else float(value) if kind == "float" else value
            rows.append(row)
    return rows


def test_writers_neo4j_lists_are_lists_in_csv_and_cypher(feed, tmp_path: Path) -> None:
    WRITERS["neo4j"](feed, tmp_path / "neo")
    edges = {row["id"]: row for row in neo4j_admin_rows(tmp_path / "neo" / "edges.csv")}
    nodes = {row["id"]: row for row in neo4j_admin_rows(tmp_path / "neo" / "entities.csv")}
    script = (tmp_path / "neo" / "merge.cypher").read_text(encoding="utf-8").splitlines()
    by_id = {edge["id"]: edge for edge in feed.edges}
    cluster = next(e for e in edges.values() if e["kind"] == "cluster" and "asserted_by" in e and "contradicted_by" in e)

    assert script[0].startswith("// claimgraph graph export") and "Neo4j 5.7 or later" in script[0]
    assert cluster["asserted_by"] == by_id[cluster["id"]]["properties"]["asserted_by"]
    assert (cluster["polarity"], "confidence" in cluster) == ("contested", False)
    assert all(isinstance(e["confidence"], float) for e in edges.values() if e["kind"] == "claim")
    assert all(row["sources"] == by_id[key]["properties"]["sources"] for key, row in edges.items())
    with_aliases = next(node for node in feed.nodes if len(node["properties"]["aliases"]) > 1)
    assert nodes[with_aliases["id"]]["aliases"] == with_aliases["properties"]["aliases"]
    line = next(line for line in script if f'{{id: {json.dumps(cluster["id"])}}}' in line)
    assert f'`asserted_by`: {json.dumps(cluster["asserted_by"])}' in line and "`confidence`: null" in line
