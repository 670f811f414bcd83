"""The HTTP API: the graph feed after a second ingestion holds exactly what changed; parameters are bounded."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from pipeline.store import open_store
from pipeline.store.feed import GraphFeed
from pipeline.web.app import create_app


@pytest.fixture(scope="module")
def client(outlets_graph):
    with open_store(outlets_graph.db_url) as store:
        yield TestClient(create_app(store))


def items(feed: GraphFeed | dict) -> dict[tuple[str, str], dict]:
    nodes, edges = (feed.nodes, feed.edges) if isinstance(feed, GraphFeed) else (feed["nodes"], feed["edges"])
    return {**{("entity", n["id"]): n for n in nodes}, **{(e["kind"], e["id"]): e for e in edges}}


def test_app_graph_since_returns_exactly_new_and_changed(client: TestClient, outlets_graph) -> None:
    before = items(outlets_graph.first)
    after = items(client.get("/api/graph", params={"since": 0}).json())
    since = client.get("/api/graph", params={"since": outlets_graph.first.cursor}).json()
    expected = {key for key, value in after.items() if before.get(key) != value}
    assert set(items(since)) == expected
    assert (since["deleted"], since["since"], since["more"]) == ([], outlets_graph.first.cursor, False)
    day2_claims = {e["id"] for e in since["edges"] if e["kind"] == "claim"}
    articles = {e["properties"]["article"]["id"] for e in since["edges"] if e["kind"] == "claim"}
    # six claims: the one-actor "Western officials alleged" of out-moscow-2 is no claim on its own; cairo-daily's near
    # copy of out-levant-1 is an article of its own (issue 20), so out-levant-1's claims do not change
    assert (len(day2_claims), articles) == (6, {"out-tripoli-1", "out-levant-2", "out-moscow-2", "out-cairo-1"})


def test_app_graph_pages_follow_the_cursor(client: TestClient) -> None:
    seen, cursor, more = [], 0, True
    while more:
        page = client.get("/api/graph", params={"since": cursor, "limit": 7}).json()
        seen += [n["id"] for n in page["nodes"]] + [e["id"] for e in page["edges"]]
        cursor, more = page["cursor"], page["more"]
    whole = client.get("/api/graph").json()
    assert sorted(seen) == sorted([n["id"] for n in whole["nodes"]] + [e["id"] for e in whole["edges"]])
    assert len(seen) == len(set(seen))
    assert client.get("/api/graph", params={"since": cursor}).json()["nodes"] == []


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/graph", {"limit": 1001}),
        ("/api/graph", {"since": -1}),
        ("/api/claims", {"limit": 501}),
        ("/api/claims", {"type": "BOMB"}),
        ("/api/entities", {"offset": -1}),
        ("/api/entities", {"q": "x" * 201}),
        ("/api/clusters", {"actor": ["a", "b", "c"]}),
        ("/api/graph", {"since": "abc"}),
    ],
)
def test_app_rejects_unbounded_parameters(client: TestClient, path: str, params: dict) -> None:
    assert client.get(path, params=params).status_code == 422


def test_app_clusters_by_actor_pair_either_way(client: TestClient) -> None:
    forward = client.get("/api/clusters", params={"actor": ["Russia", "Haftar"]}).json()["items"]
    backward = client.get("/api/clusters", params={"actor": ["khalifa_haftar", "RUS"]}).json()["items"]
    assert forward == backward
    assert [(c["plover"], c["contradicted_by"]) for c in forward] == [("SUPPORT", ["moscow-herald"])]


def test_app_claims_and_entities_filter_and_page(client: TestClient) -> None:
    claims = client.get("/api/claims", params={"source": "tripoli-post"}).json()["items"]
    assert sorted(c["predicate"]["plover"] + ":" + c["polarity"] for c in claims) == [
        "SUPPORT:affirmed",
        "SUPPORT:negated",
    ]
    entities = client.get("/api/entities", params={"q": "haftar"}).json()["items"]
    assert [(e["id"], e["aliases"]) for e in entities] == [("khalifa_haftar", ["Haftar", "Khalifa Haftar"])]
    assert client.get("/openapi.json").json()["paths"].keys() >= {
        "/api/entities",
        "/api/claims",
        "/api/clusters",
        "/api/graph",
    }


def test_app_root_redirects_to_the_workbench(client: TestClient) -> None:
    response = client.get("/", follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (307, "/review")
    assert "/" not in client.get("/openapi.json").json()["paths"]


def test_app_clusters_state_with_its_sectors_and_outlet_in_any_case(client: TestClient) -> None:
    by_state = client.get("/api/clusters", params={"actor": "Russia"}).json()["items"]
    by_outlet = client.get("/api/clusters", params={"outlet": "LEVANT-MONITOR"}).json()["items"]

    assert {c["subject_id"] for c in by_state} >= {"RUS", "RUS:MIL"}
    assert by_outlet and all("levant-monitor" in c["asserted_by"] + c["contradicted_by"] for c in by_outlet)
    assert client.get("/api/clusters", params={"outlet": "nowhere"}).json()["items"] == []
