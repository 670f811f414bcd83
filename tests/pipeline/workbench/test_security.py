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


# --- issue 20: login attempts limited, cookies Secure over HTTPS, overlong filters 422, no open serving ------

def guarded_client(store, settings, *, base_url: str = "http://testserver") -> TestClient:  # noqa: ANN001
    from pipeline.workbench import create_workbench_app

    return TestClient(create_workbench_app(store, settings.with_options(review_token="s3cret")), base_url=base_url)


def login(client: TestClient, token: str) -> int:
    import re

    csrf_token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
    answer = client.post("/login", data={"reviewer": "ann", "token": token, "csrf_token": csrf_token},
                         follow_redirects=False)
    return answer.status_code


def test_security_login_is_refused_after_too_many_wrong_tokens(store, settings) -> None:  # noqa: ANN001
    from pipeline.workbench.security import LOGIN_FAILURES

    client = guarded_client(store, settings)
    wrong = [login(client, f"guess-{n}") for n in range(LOGIN_FAILURES + 3)]
    assert wrong == [401] * LOGIN_FAILURES + [429] * 3
    # The right token too: guessing must not be able to tell it found the token.
    assert login(client, "s3cret") == 429
    assert client.get("/claims", follow_redirects=False).status_code == 303


def test_security_login_throttle_forgets_after_its_window(monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.workbench import security

    now = [1000.0]
    monkeypatch.setattr(security.time, "monotonic", lambda: now[0])
    throttle = security.LoginThrottle(per_client=2, in_all=3, window_s=60)
    for client in ("a", "a", "b"):
        throttle.failed(client)
    assert (throttle.wait_s("a"), throttle.wait_s("b"), throttle.wait_s("c")) == (60, 60, 60)  # "c": all clients' cap
    now[0] += 61
    assert (throttle.wait_s("a"), throttle.wait_s("c")) == (0, 0)


@pytest.mark.parametrize(("base_url", "secure"), [("https://review.example", True), ("http://testserver", False)])
def test_security_session_cookie_is_secure_over_https(store, settings, base_url: str, secure: bool) -> None:  # noqa: ANN001
    client = guarded_client(store, settings, base_url=base_url)
    cookie = client.get("/login").headers["set-cookie"].lower()
    assert ("; secure" in cookie) is secure


def test_security_overlong_filter_is_422(store, settings) -> None:  # noqa: ANN001
    from pipeline.workbench import create_workbench_app
    from pipeline.workbench.security import MAX_PARAM_CHARS

    client = TestClient(create_workbench_app(store, settings))
    assert client.get("/claims", params={"actor": "x" * 3000}).status_code == 422
    assert client.get("/claims", params={"actor": "x" * MAX_PARAM_CHARS}).status_code == 200


@pytest.mark.parametrize(
    ("host", "token", "allow_open", "refused"),
    [
        ("127.0.0.1", None, False, False), ("localhost", None, False, False), ("::1", None, False, False),
        ("0.0.0.0", None, False, True), ("192.168.1.5", None, False, True), ("example.org", None, False, True),
        ("0.0.0.0", "s3cret", False, False), ("0.0.0.0", None, True, False),
    ],
)
def test_security_serving_beyond_this_machine_needs_a_token(
    settings, host: str, token: str | None, allow_open: bool, refused: bool,  # noqa: ANN001
) -> None:
    from pipeline.errors import ConfigError
    from pipeline.workbench.security import check_exposure

    given = settings.with_options(review_token=token)
    if refused:
        with pytest.raises(ConfigError, match=f"refusing to serve the review workbench on {host} without"):
            check_exposure(host, given, allow_open=allow_open)
    else:
        check_exposure(host, given, allow_open=allow_open)


@pytest.mark.parametrize("command", [["serve"], ["review", "serve"]])
def test_security_serve_commands_refuse_an_open_workbench(
    command: list[str], tmp_path, monkeypatch: pytest.MonkeyPatch,  # noqa: ANN001
) -> None:
    import uvicorn
    from typer.testing import CliRunner

    from pipeline.cli import app

    served: list[str] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, host, port: served.append(host))
    monkeypatch.delenv("CLAIMGRAPH_REVIEW_TOKEN", raising=False)
    db = ["--db", f"sqlite:///{tmp_path / 'none.db'}"]
    refused = CliRunner().invoke(app, [*command, *db, "--host", "0.0.0.0"])
    assert (refused.exit_code, served) == (2, [])
    assert "refusing to serve the review workbench on 0.0.0.0 without a review token" in refused.output
