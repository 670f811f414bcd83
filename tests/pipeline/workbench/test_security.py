"""Hostile requests to the review workbench: injection in filters and paths, oversized bodies and query strings."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from pipeline.workbench.security import MAX_BODY_BYTES, MAX_QUERY_BYTES

HOSTILE = [
    "' OR '1'='1",
    "'; DROP TABLE reviews; --",
    "%",
    "\\",
    "../../etc/passwd",
    "\u0000",
    "a\u0000b",
    "😀" * 30,
    "x" * 3000,
]


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize(
    "path,name",
    [
        ("/claims", "after"),
        ("/claims", "before"),
        ("/claims", "actor"),
        ("/claims", "plover"),
        ("/claims", "min_confidence"),
        ("/groups", "subject"),
        ("/graph", "actor"),
        ("/plot", "left"),
    ],
)
def test_security_hostile_filter_is_never_a_server_error(client: TestClient, path: str, name: str, value: str) -> None:
    params = {
        name: value,
        **({"subject": "TUR", "plover": "SUPPORT"} if path == "/groups" and name != "subject" else {}),
    }
    if path == "/groups" and name == "subject":
        params["plover"] = "SUPPORT"
    response = client.get(path, params=params)
    assert response.status_code in (200, 400, 404, 422), response.text[:300]


@pytest.mark.parametrize(
    "path",
    [
        "/claims/..%2F..%2Fetc%2Fpasswd",
        "/entities/' OR 1=1 --",
        "/claims/%00",
        "/static/../app.py",
        "/static/..%2F..%2Fsettings.py",
        "/entities/" + "x" * 3000,
    ],
)
def test_security_hostile_paths_are_not_found(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code in (400, 404, 422), response.text[:300]
    assert "import" not in response.text


def test_security_oversized_form_body_is_413_and_stores_nothing(
    client: TestClient, csrf: str, hostile_claim_id: str, workbench_store
) -> None:
    before = workbench_store.counts()
    body = {"action": "accept", "reviewer": "mallory", "csrf_token": csrf, "note": "x" * (MAX_BODY_BYTES + 1)}
    assert client.post(f"/claims/{hostile_claim_id}/review", data=body).status_code == 413
    assert workbench_store.counts() == before


def test_security_oversized_chunked_body_is_413(client: TestClient, csrf: str, hostile_claim_id: str) -> None:
    chunks = (b"note=" + b"x" * 8192 for _ in range(MAX_BODY_BYTES // 8192 + 2))
    response = client.post(
        f"/claims/{hostile_claim_id}/review",
        content=chunks,
        headers={"content-type": "application/x-www-form-urlencoded", "x-csrf-token": csrf},
    )
    assert response.status_code == 413


def test_security_huge_query_string_is_414(client: TestClient) -> None:
    assert client.get("/claims", params={"actor": "y" * (MAX_QUERY_BYTES + 1)}).status_code == 414
