"""A negated, reported claim reads as negated everywhere a user sees it (the workbench list and claim page,
GraphML, Neo4j CSV, RDF, PLOVER JSONL, /api/claims and /api/graph), and a reviewer's correction in the
workbench is what the API serves, with the extracted value kept beside it.

The article is our own sentence, run through the real pipeline.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef

from pipeline.compare.refresh import refresh_graph
from pipeline.export.rdf import CG, EDGE
from pipeline.export.writers import WRITERS
from pipeline.run import Pipeline, run_sources
from pipeline.settings import Settings
from pipeline.store import Store, open_store
from pipeline.store.feed import read_feed
from pipeline.web.app import create_app
from pipeline.workbench import create_workbench_app

ARTICLE = {
    "id": "ankara-no-meeting", "source": "Ankara Daily", "published_at": "2026-03-04", "title": "No meeting",
    "text": "Erdogan did not meet Putin in Sochi on Monday, a spokesman said.",
}


@pytest.fixture(scope="module")
def negated_db(tmp_path_factory: pytest.TempPathFactory, pipeline: Pipeline) -> Path:
    """Return a SQLite store holding the one article, its claims and a refreshed graph."""
    folder = tmp_path_factory.mktemp("stance")
    (folder / "article.jsonl").write_text(json.dumps(ARTICLE) + "\n", encoding="utf-8")
    path = folder / "claims.db"
    settings = Settings().with_db(f"sqlite:///{path}")
    with open_store(settings.db_url) as store:
        run_sources([str(folder / "article.jsonl")], settings, store=store, pipeline=pipeline)
        refresh_graph(store, encoder=None)
    return path


@pytest.fixture
def store(negated_db: Path, tmp_path: Path) -> Iterator[Store]:
    copy = tmp_path / "copy.db"
    shutil.copy(negated_db, copy)
    with open_store(f"sqlite:///{copy}") as opened:
        yield opened


@pytest.fixture
def claim_id(store: Store) -> str:
    (claim,) = store.claims()
    assert (claim.subject.id, claim.object.id, claim.predicate.plover, claim.polarity, claim.modality,
            claim.attributed_to.name) == ("recep_tayyip_erdogan", "vladimir_putin", "CONSULT", "negated", "reported",
                                          "spokesman")
    return claim.id


def workbench(store: Store) -> TestClient:
    return TestClient(create_workbench_app(store, Settings()))


def test_negated_claim_shows_negated_in_every_view_export_and_the_api(store: Store, claim_id: str,
                                                                     tmp_path: Path) -> None:
    client = workbench(store)
    row = re.search(rf'<tr class="claim-row[^"]*" data-id="{claim_id}".*?</tr>', client.get("/claims").text, re.S)
    heading = re.search(r"<h1>.*?</h1>", client.get(f"/claims/{claim_id}").text, re.S).group(0)
    feed = read_feed(store, 0)
    cluster_id = next(edge["id"] for edge in feed.edges if edge["kind"] == "cluster")
    for name, target in (("graphml", "g.graphml"), ("neo4j", "neo"), ("rdf", "g.ttl"), ("plover", "p.jsonl")):
        WRITERS[name](feed, tmp_path / target)
    graphml = {data["id"]: data for _, _, data in nx.read_graphml(tmp_path / "g.graphml",
                                                                  force_multigraph=True).edges(data=True)}
    with (tmp_path / "neo" / "edges.csv").open(encoding="utf-8") as handle:
        neo4j = {row["id"]: row for row in csv.DictReader(handle)}
    rdf = Graph().parse(tmp_path / "g.ttl", format="turtle")
    (plover,) = [json.loads(line) for line in (tmp_path / "p.jsonl").read_text(encoding="utf-8").splitlines()]
    api = TestClient(create_app(store))
    (served,) = api.get("/api/claims").json()["items"]
    graph_edge = next(e for e in api.get("/api/graph").json()["edges"] if e["id"] == claim_id)

    assert row is not None and 'class="stance negated"' in row.group(0) and "reported" in row.group(0)
    assert "according to spokesman" in row.group(0)
    assert 'class="stance negated"' in heading and "according to spokesman" in heading and "&#8603;" in heading
    assert {k: graphml[claim_id][k] for k in ("polarity", "modality", "speaker", "status")} == {
        "polarity": "negated", "modality": "reported", "speaker": "spokesman", "status": "unreviewed"}
    assert (graphml[cluster_id]["polarity"], "confidence" in graphml[cluster_id]) == ("negated", False)
    assert {k: neo4j[claim_id][k] for k in ("polarity", "modality", "speaker")} == {
        "polarity": "negated", "modality": "reported", "speaker": "spokesman"}
    assert (neo4j[cluster_id]["polarity"], neo4j[cluster_id]["confidence:float"]) == ("negated", "")
    statement = URIRef(EDGE + "claim:" + claim_id)
    assert (set(rdf.objects(statement, CG.polarity)), set(rdf.objects(statement, CG.speakerName))) == (
        {Literal("negated")}, {Literal("spokesman")})
    assert (plover["event"], plover["context"], plover["event_text"]) == (["CONSULT"], ["diplomatic", "negation"],
                                                                         "meet")
    assert (served["polarity"], served["modality"], served["attributed_to"]["name"], served["review"]) == (
        "negated", "reported", "spokesman", None)
    assert (graph_edge["properties"]["polarity"], graph_edge["properties"]["review"]) == ("negated", None)


def test_correction_in_the_workbench_shows_in_the_api(store: Store, claim_id: str) -> None:
    client = workbench(store)
    csrf = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/claims").text).group(1)
    response = client.post(f"/claims/{claim_id}/review", follow_redirects=False, data={
        "action": "correct", "polarity": "affirmed", "modality": "reported", "plover": "CONSULT", "kind": "event",
        "reviewer": "ann", "csrf_token": csrf})
    api = TestClient(create_app(store))
    (served,) = api.get("/api/claims").json()["items"]
    graph_edge = next(e for e in api.get("/api/graph").json()["edges"] if e["id"] == claim_id)

    assert response.status_code == 303
    assert (served["polarity"], served["review"]["action"], served["review"]["reviewer"],
            served["review"]["extracted"]) == ("affirmed", "correct", "ann", {"polarity": "negated"})
    assert graph_edge["properties"]["polarity"] == "affirmed"
    assert graph_edge["properties"]["review"]["extracted"] == {"polarity": "negated"}
    assert 'class="stance negated"' not in re.search(r"<h1>.*?</h1>", client.get(f"/claims/{claim_id}").text,
                                                     re.S).group(0)


def test_review_gives_the_claim_a_new_place_in_the_graph_feed(store: Store, claim_id: str) -> None:
    client = workbench(store)
    csrf = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/claims").text).group(1)
    cursor = read_feed(store, 0).cursor
    client.post(f"/claims/{claim_id}/review", data={"action": "reject", "reviewer": "ann", "csrf_token": csrf})
    stats = refresh_graph(store, encoder=None)
    changed = read_feed(store, cursor)

    assert stats.claims == 1
    assert [(e["kind"], e["id"], e["properties"]["review"]["action"]) for e in changed.edges
            if e["kind"] == "claim"] == [("claim", claim_id, "reject")]
    assert [d["kind"] for d in changed.deleted] == ["cluster"]


def test_corrected_type_actor_time_and_place_are_served_whole(store: Store, claim_id: str) -> None:
    client = workbench(store)
    csrf = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/claims").text).group(1)
    client.post(f"/claims/{claim_id}/review", data={
        "action": "correct", "plover": "ACCUSE", "polarity": "negated", "modality": "reported", "kind": "event",
        "object": "x:spokesman", "time": "2026-02", "place": "Ankara", "reviewer": "ann", "csrf_token": csrf})

    (served,) = TestClient(create_app(store)).get("/api/claims").json()["items"]

    assert (served["predicate"]["plover"], served["predicate"]["quad"], served["object"]["id"],
            served["object"]["name"]) == ("ACCUSE", 3, "x:spokesman", "spokesman")
    assert served["time"] == {"text": "2026-02", "start": "2026-02-01", "end": "2026-02-28", "granularity": "month",
                              "relative": False}
    assert served["location"] == {"name": "Ankara"}
    assert served["review"]["extracted"] == {"plover": "CONSULT", "object": "vladimir_putin", "time": "2026-03-02",
                                             "place": "Sochi"}
