"""The workbench's guards: a CSRF token per session, the optional shared review token, and who the
reviewer is.

The session lives in a cookie signed with itsdangerous (Starlette's ``SessionMiddleware``); it
holds the CSRF token, whether the browser logged in, and the reviewer's name. Every POST must echo
the token in the ``csrf_token`` form field or the ``X-CSRF-Token`` header. When the settings carry a
review token, every page needs a logged-in session or the token in ``Authorization: Bearer`` (or
``X-Review-Token``). Imports FastAPI/Starlette and ``pipeline.settings`` only.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Any

from fastapi import HTTPException, Request
from starlette.datastructures import FormData

from pipeline.settings import Settings

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
TOKEN_HEADER = "x-review-token"
REVIEWER_HEADER = "x-reviewer"
MAX_NAME = 80


class LoginRequired(Exception):
    """Raised by ``require_login`` when a page needs the review token and the request has none."""


def csrf_token(request: Request) -> str:
    """Return the session's CSRF token, creating it on the session's first request."""
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def same_secret(given: str | None, expected: str | None) -> bool:
    """Return True when ``given`` equals ``expected`` (both set), compared in constant time."""
    if not given or not expected:
        return False
    return hmac.compare_digest(given.encode(), expected.encode())


def check_csrf(request: Request, form: FormData) -> None:
    """Raise 403 unless the request echoes the session's CSRF token in the form or the header."""
    given = form.get(CSRF_FIELD) or request.headers.get(CSRF_HEADER)
    if not same_secret(str(given) if given else None, request.session.get("csrf")):
        raise HTTPException(status_code=403, detail="missing or wrong CSRF token: reload the page and try again")


def presented_token(request: Request) -> str | None:
    """Return the review token the request carries in a header, or None."""
    bearer = request.headers.get("authorization", "")
    if bearer.lower().startswith("bearer "):
        return bearer[7:].strip()
    return request.headers.get(TOKEN_HEADER)


def is_allowed(request: Request, settings: Settings) -> bool:
    """Return True when the workbench is open, the session logged in, or the request carries the token."""
    if not settings.review_token:
        return True
    return bool(request.session.get("login")) or same_secret(
        presented_token(request), settings.review_token.get_secret_value()
    )


def require_login(request: Request) -> None:
    """FastAPI dependency: raise ``LoginRequired`` when the settings ask for a token the request lacks."""
    settings: Settings = request.app.state.settings
    if not is_allowed(request, settings):
        raise LoginRequired()


def clean_name(value: Any) -> str:
    """Return ``value`` as a reviewer name: stripped, single-line, at most ``MAX_NAME`` characters."""
    return " ".join(str(value or "").split())[:MAX_NAME]


def reviewer_of(request: Request, form: FormData) -> str:
    """Return who decides: the logged-in name, else the ``reviewer`` field, the ``X-Reviewer`` header,
    or the session's name."""
    if request.session.get("login"):
        return clean_name(request.session.get("reviewer"))
    for value in (form.get("reviewer"), request.headers.get(REVIEWER_HEADER), request.session.get("reviewer")):
        if clean_name(value):
            return clean_name(value)
    return ""


# A review form is a few short fields; a query string a few filters.
MAX_BODY_BYTES = 64 * 1024
MAX_QUERY_BYTES = 4096


class RequestLimits:
    """ASGI middleware: answer 414 to a query string over ``max_query_bytes``, 400 to a NUL byte in the path or
    query, and 413 to a request body over ``max_body_bytes`` (declared, or counted as a chunked body streams in)."""

    def __init__(
        self, app: Any, *, max_body_bytes: int = MAX_BODY_BYTES, max_query_bytes: int = MAX_QUERY_BYTES
    ) -> None:
        self.app, self.max_body, self.max_query = app, max_body_bytes, max_query_bytes

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if len(scope.get("query_string", b"")) > self.max_query:
            await refuse(send, 414, f"query string over {self.max_query} bytes")
            return
        if b"%00" in scope.get("query_string", b"") or "\x00" in scope.get("path", ""):
            # SQLite cuts a string at NUL and PostgreSQL refuses one: no filter or id can hold it.
            await refuse(send, 400, "NUL byte in the request")
            return
        declared = dict(scope.get("headers", [])).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.max_body:
            await refuse(send, 413, f"request body over {self.max_body} bytes")
            return
        body = await read_capped(receive, self.max_body)
        if body is None:
            await refuse(send, 413, f"request body over {self.max_body} bytes")
            return
        await self.app(scope, replay(body, receive), send)


async def read_capped(receive: Any, cap: int) -> bytes | None:
    """Return the whole request body, or None as soon as it grows past ``cap`` bytes (a chunked body
    declares no size)."""
    chunks, size, more = [], 0, True
    while more:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunks.append(message.get("body", b""))
        size += len(chunks[-1])
        if size > cap:
            return None
        more = message.get("more_body", False)
    return b"".join(chunks)


def replay(body: bytes, receive: Any) -> Any:
    """Return an ASGI ``receive`` that hands the application ``body`` (already read), then waits on ``receive``."""
    sent = False

    async def replayed() -> dict[str, Any]:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replayed


async def refuse(send: Any, status: int, reason: str) -> None:
    """Send a plain-text error response straight from the middleware."""
    body = reason.encode()
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
