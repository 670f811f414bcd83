"""The API's Swagger UI at ``DOCS_PATH``, served whole by this server: the page's JavaScript, CSS and icon are
files of the installed ``swagger_ui_bundle`` package (npm's swagger-ui-dist, Swagger UI 5, which reads the
OpenAPI 3.1 document FastAPI writes), served under ``ASSETS_PATH``; nothing loads from a CDN. The page runs under
a Content-Security-Policy that lets only this origin's scripts and the page's own inline init script (by its
hash) run, and Swagger UI's online validator is off. No ReDoc page: no local bundle of it is installed.

Imports FastAPI/Starlette and ``swagger_ui_bundle``; never the store or a stage.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi.openapi.docs import get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import FileResponse, HTMLResponse
from swagger_ui_bundle import swagger_ui_path

DOCS_PATH = "/docs"
ASSETS_PATH = f"{DOCS_PATH}/assets"
SWAGGER_UI_DIR = Path(str(swagger_ui_path))
# Only the files the page loads, by name: the package's folder also holds a demo index.html whose initializer
# fetches the Petstore example from another host.
ASSETS = {"swagger-ui-bundle.js": "text/javascript", "swagger-ui.css": "text/css", "favicon-32x32.png": "image/png"}
# Swagger UI draws its icons as data: images and fetches the document (and "Try it out" requests) from this origin.
POLICY = (
    "default-src 'self'; script-src 'self' {scripts}; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin"}
INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def add_docs_routes(app: FastAPI) -> None:
    """Add ``DOCS_PATH`` (Swagger UI over ``app.openapi_url``), its OAuth2 redirect page and its assets to ``app``,
    which must be built with ``docs_url=None`` (FastAPI's own page loads Swagger UI from a CDN)."""
    redirect_path = app.swagger_ui_oauth2_redirect_url or f"{DOCS_PATH}/oauth2-redirect"

    @app.get(DOCS_PATH, include_in_schema=False)
    def swagger_ui(request: Request) -> HTMLResponse:
        """Swagger UI over this app's OpenAPI document, every URL on this origin (under the mount's root path)."""
        root = request.scope.get("root_path", "").rstrip("/")
        page = get_swagger_ui_html(
            openapi_url=f"{root}{app.openapi_url}",
            title=f"{app.title} - Swagger UI",
            oauth2_redirect_url=f"{root}{redirect_path}",
            swagger_js_url=f"{root}{ASSETS_PATH}/swagger-ui-bundle.js",
            swagger_css_url=f"{root}{ASSETS_PATH}/swagger-ui.css",
            swagger_favicon_url=f"{root}{ASSETS_PATH}/favicon-32x32.png",
            swagger_ui_parameters={"validatorUrl": None},
        )
        return with_policy(page)

    @app.get(redirect_path, include_in_schema=False)
    def swagger_ui_redirect() -> HTMLResponse:
        """The page an OAuth2 provider sends Swagger UI back to (the API has no OAuth2 scheme yet)."""
        return with_policy(get_swagger_ui_oauth2_redirect_html())

    @app.get(f"{ASSETS_PATH}/{{name}}", include_in_schema=False)
    def swagger_ui_asset(name: str) -> FileResponse:
        """One of ``ASSETS`` from the installed Swagger UI; 404 for any other name."""
        if name not in ASSETS:
            raise HTTPException(status_code=404, detail=f"no Swagger UI asset {name!r}")
        return FileResponse(SWAGGER_UI_DIR / name, media_type=ASSETS[name], headers=HEADERS)


def with_policy(page: HTMLResponse) -> HTMLResponse:
    """Return ``page`` with ``HEADERS`` and a Content-Security-Policy allowing its own inline scripts by hash."""
    page.headers.update({**HEADERS, "Content-Security-Policy": POLICY.format(scripts=script_hashes(page.body))})
    return page


def script_hashes(html: bytes | memoryview) -> str:
    """Return the CSP sources (``'sha256-...'``) of the inline scripts of ``html``, space-separated."""
    scripts = INLINE_SCRIPT.findall(bytes(html).decode("utf-8"))
    digests = (base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") for script in scripts)
    return " ".join(f"'sha256-{digest}'" for digest in digests)
