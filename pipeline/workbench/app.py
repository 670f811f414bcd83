"""Build the review workbench: a FastAPI application of server-rendered pages over a ``Store``.

``create_workbench_app(store, settings)`` returns an app that serves alone (``claimgraph review
serve``) or mounted under another (``app.mount("/review", create_workbench_app(store, settings))``):
links are built from the mount's root path. Owns the signed session cookie, the security headers
and how errors become pages; the templates and page rendering are ``pipeline.workbench.rendering``,
which ``pages`` and ``actions`` share. Imports FastAPI, the store and the workbench's own modules;
never a stage.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.middleware.sessions import SessionMiddleware
from starlette.staticfiles import StaticFiles

from pipeline.errors import ReviewError
from pipeline.settings import Settings
from pipeline.store import Store
from pipeline.store.review_store import ReviewStore
from pipeline.workbench.actions import login_router
from pipeline.workbench.actions import router as actions_router
from pipeline.workbench.pages import router as pages_router
from pipeline.workbench.rendering import base_path, build_templates, render, wants_json
from pipeline.workbench.security import LoginRequired, RequestLimits, require_login

STATIC_DIR = Path(__file__).resolve().parent / "static"
SESSION_COOKIE = "claimgraph_review"
SESSION_MAX_AGE_S = 12 * 3600
# Defence in depth behind autoescaping: only the workbench's own script runs, nothing loads from elsewhere.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "frame-ancestors 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


async def add_security_headers(request: Request, call_next: Any) -> Response:
    """Middleware: put ``SECURITY_HEADERS`` on every response."""
    response = await call_next(request)
    response.headers.update(SECURITY_HEADERS)
    return response


async def on_review_error(request: Request, error: Exception) -> Response:
    """Answer a decision that cannot be stored with 400 and the reason."""
    if wants_json(request):
        return JSONResponse({"error": str(error)}, status_code=400)
    return render(request, "error.html", status_code=400, message=str(error))


async def on_login_required(request: Request, error: Exception) -> Response:
    """Send a browser to the login page; answer other clients 401."""
    if request.method == "GET" and not wants_json(request):
        return RedirectResponse(f"{base_path(request)}/login", status_code=303)
    return JSONResponse(
        {"error": "this workbench needs the review token: log in or send Authorization: Bearer"}, status_code=401
    )


def create_workbench_app(store: Store, settings: Settings) -> FastAPI:
    """Return the workbench app over ``store``; ``settings.review_token`` (when set) guards every page.

    The session cookie is signed with ``settings.review_secret``, or a random key for this process.
    """
    app = FastAPI(title="claimgraph review workbench", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.settings = settings
    app.state.reviews = ReviewStore(store)
    app.state.templates = build_templates()
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.review_secret.get_secret_value() if settings.review_secret else secrets.token_urlsafe(32),
        session_cookie=SESSION_COOKIE,
        max_age=SESSION_MAX_AGE_S,
        same_site="strict",
    )
    app.middleware("http")(add_security_headers)
    app.add_middleware(RequestLimits)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(login_router)
    app.include_router(pages_router, dependencies=[Depends(require_login)])
    app.include_router(actions_router, dependencies=[Depends(require_login)])
    app.add_exception_handler(LoginRequired, on_login_required)
    app.add_exception_handler(ReviewError, on_review_error)
    return app
