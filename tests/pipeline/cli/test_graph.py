"""What ``claimgraph serve`` serves: the API with the review workbench beside it, ``/`` leading a
browser to the workbench's claim list."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from pipeline.cli.graph import service_app
from pipeline.settings import Settings
from pipeline.store import open_store


def test_graph_service_root_leads_to_the_workbench_claim_list(tmp_path: Path) -> None:
    settings = Settings().with_db(f"sqlite:///{tmp_path / 'empty.db'}")
    with open_store(settings.db_url) as store:
        client = TestClient(service_app(store, settings))
        response = client.get("/")
        api = client.get("/api/claims")
    assert [(r.status_code, r.headers["location"]) for r in response.history] == [
        (307, "/review"),
        (307, "http://testserver/review/"),
        (303, "/review/claims"),
    ]
    assert (response.status_code, response.url.path, "text/html" in response.headers["content-type"]) == (
        200,
        "/review/claims",
        True,
    )
    assert api.json() == {"items": [], "limit": 100, "offset": 0}
