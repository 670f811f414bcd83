"""Swagger UI at /docs: every script, style and icon from this server (never a CDN), only the page's own inline
script allowed by its CSP, public like the API and its OpenAPI document while the workbench beside it asks for
the review token; and, in Chromium, the page draws every route of the OpenAPI 3.1 document and runs a request
with no script error, no CSP violation and no request to another origin."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from live import chromium, serve

from pipeline.cli.graph import service_app
from pipeline.settings import Settings
from pipeline.store import open_store
from pipeline.web.app import create_app

ASSETS = {
    "/docs/assets/swagger-ui.css": ("text/css; charset=utf-8", b".swagger-ui"),
    "/docs/assets/favicon-32x32.png": ("image/png", b"\x89PNG"),
    "/docs/assets/swagger-ui-bundle.js": ("text/javascript; charset=utf-8", b"SwaggerUIBundle"),
}
URL_ATTRIBUTE = re.compile(r"""(?:src|href)=["']([^"']*)["']""")
INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


@pytest.fixture
def guarded_app(tmp_path: Path) -> Iterator[FastAPI]:
    """What ``claimgraph serve`` serves over an empty store, the workbench asking for a review token."""
    settings = Settings().with_db(f"sqlite:///{tmp_path / 'empty.db'}").with_options(review_token="s3cret")
    with open_store(settings.db_url) as store:
        yield service_app(store, settings)


@pytest.fixture
def client(guarded_app: FastAPI) -> TestClient:
    return TestClient(guarded_app, follow_redirects=False)


def policy_of(response: object) -> dict[str, list[str]]:
    """Return the response's Content-Security-Policy as {directive: sources}."""
    directives = [part.split() for part in response.headers["content-security-policy"].split(";")]
    return {name: sources for name, *sources in directives}


def sha256_source(script: str) -> str:
    return f"'sha256-{base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()}'"


def test_docs_page_loads_everything_from_this_server(client: TestClient) -> None:
    page = client.get("/docs")
    assert (page.status_code, page.headers["content-type"]) == (200, "text/html; charset=utf-8")
    assert set(URL_ATTRIBUTE.findall(page.text)) == set(ASSETS)
    assert "url: '/openapi.json'" in page.text
    assert ("http" in page.text, "cdn" in page.text.lower(), "//" in "".join(URL_ATTRIBUTE.findall(page.text))) == (
        False,
        False,
        False,
    )


@pytest.mark.parametrize("url", ASSETS)
def test_docs_assets_are_served_with_their_type(client: TestClient, url: str) -> None:
    content_type, start = ASSETS[url]
    response = client.get(url)
    assert (response.status_code, response.headers["content-type"]) == (200, content_type)
    assert response.headers["x-content-type-options"] == "nosniff"
    assert start in response.content[:4000]


@pytest.mark.parametrize(
    "name",
    ["index.html", "swagger-initializer.js", "oauth2-redirect.html", "swagger-ui-bundle.js.map", "..%2F__init__.py"],
)
def test_docs_serves_no_other_file_of_the_bundle(client: TestClient, name: str) -> None:
    # The bundle's demo index.html and its initializer load the Petstore example from another host.
    assert client.get(f"/docs/assets/{name}").status_code == 404


@pytest.mark.parametrize("path", ["/docs", "/docs/oauth2-redirect"])
def test_docs_policy_allows_only_this_origin_and_the_page_own_script(client: TestClient, path: str) -> None:
    response = client.get(path)
    scripts = INLINE_SCRIPT.findall(response.text)
    assert response.status_code == 200 and len(scripts) == 1
    assert policy_of(response) == {
        "default-src": ["'self'"],
        "script-src": ["'self'", sha256_source(scripts[0])],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }


def test_docs_follow_the_root_path(guarded_app: FastAPI) -> None:
    # Behind a proxy serving the app under /claimgraph, every URL of the page carries the prefix.
    page = TestClient(guarded_app, root_path="/claimgraph").get("/docs").text
    assert set(URL_ATTRIBUTE.findall(page)) == {f"/claimgraph{url}" for url in ASSETS}
    assert "url: '/claimgraph/openapi.json'" in page and "'/claimgraph/docs/oauth2-redirect'" in page


def test_docs_are_public_like_the_api_while_the_workbench_asks_for_the_token(client: TestClient) -> None:
    # The API and its OpenAPI document are read-only and public (README, threat model); its docs page is too.
    # The workbench, which writes review decisions, stays behind the review token.
    answers = {path: client.get(path).status_code for path in ["/docs", "/openapi.json", "/api/claims", "/redoc"]}
    workbench = client.get("/review/claims")
    assert answers == {"/docs": 200, "/openapi.json": 200, "/api/claims": 200, "/redoc": 404}
    assert (workbench.status_code, workbench.headers["location"]) == (303, "/review/login")


def test_docs_on_the_api_app_alone(tmp_path: Path) -> None:
    with open_store(f"sqlite:///{tmp_path / 'empty.db'}") as store:
        client = TestClient(create_app(store))
        assert [client.get(path).status_code for path in ["/docs", *ASSETS]] == [200, 200, 200, 200]


@pytest.fixture
def live_server(guarded_app: FastAPI) -> Iterator[str]:
    """Serve ``guarded_app`` with uvicorn in a thread on a free port; yield its base URL."""
    yield from serve(guarded_app)


@pytest.fixture
def chromium_path() -> str:
    return chromium()


@pytest.mark.browser
def test_docs_browser_draws_every_route_and_runs_a_request(chromium_path: str, live_server: str) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, headless=True, chromium_sandbox=False)
        page = browser.new_page(base_url=live_server)
        messages: list[str] = []
        page.on("console", lambda message: messages.append(f"{message.type}: {message.text}"))
        page.on("pageerror", lambda error: messages.append(f"error: {error}"))
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        page.goto("/docs")
        paths = page.locator(".opblock-summary-path")
        sync_api.expect(paths).to_have_count(4)
        drawn = sorted(paths.all_inner_texts())
        operation = page.locator("#operations-default-entities_api_entities_get")
        operation.locator(".opblock-summary").click()
        operation.locator(".try-out__btn").click()
        operation.locator(".execute").click()
        sync_api.expect(operation.locator(".live-responses-table tr.response .response-col_status")).to_have_text("200")
        browser.close()
    assert drawn == ["/api/claims", "/api/clusters", "/api/entities", "/api/graph"]
    assert messages == []  # a CSP violation is a console error
    assert [url for url in requested if not url.startswith(f"{live_server}/")] == []
    assert f"{live_server}/api/entities?limit=100&offset=0" in requested


# sha256 of the files of the official npm package swagger-ui-dist 5.31.0 (`npm pack swagger-ui-dist@5.31.0`): the
# pinned swagger-ui-bundle-v2 is a fork, so what it installs is checked against the upstream release, byte for byte.
UPSTREAM_SHA256 = {
    "swagger-ui-bundle.js": "93b7b0862a80e2786f85b560be7693c2344354ffa7e7e224f850a54349724c31",
    "swagger-ui.css": "9e576f8322132c76949da47f9bb53c891373c303ea3a761ff548ffc9de50a98c",
    "favicon-32x32.png": "3ed612f41e050ca5e7000cad6f1cbe7e7da39f65fca99c02e99e6591056e5837",
}


@pytest.mark.parametrize("name", sorted(UPSTREAM_SHA256))
def test_docs_assets_are_the_upstream_swagger_ui_release_byte_for_byte(name: str) -> None:
    from swagger_ui_bundle import swagger_ui_path

    assert hashlib.sha256((Path(swagger_ui_path) / name).read_bytes()).hexdigest() == UPSTREAM_SHA256[name]
