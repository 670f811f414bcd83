"""The workbench's guards: a CSRF token per session, the optional shared review token, who the
reviewer is, how often a client may try a wrong token (``LoginThrottle``), where it may be served
without a token (``check_exposure``), and the request limits (``RequestLimits``: sizes, NUL bytes,
overlong filters, and the ``Secure`` flag on cookies sent over HTTPS).

The session lives in a cookie signed with itsdangerous (Starlette's ``SessionMiddleware``); it
holds the CSRF token, whether the browser logged in, and the reviewer's name. Every POST must echo
the token in the ``csrf_token`` form field or the ``X-CSRF-Token`` header. When the settings carry a
review token, every page needs a logged-in session or the token in ``Authorization: Bearer`` (or
``X-Review-Token``). Imports FastAPI/Starlette and ``pipeline.settings`` only.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
import threading
import time
from collections import defaultdict, deque
from typing import Any
from urllib.parse import parse_qsl

from fastapi import HTTPException, Request
from starlette.datastructures import FormData

from pipeline.errors import ConfigError
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


# Wrong review tokens one client may send in ``LOGIN_WINDOW_S`` before every login of it is refused (429, even
# with the right token) until the window has passed; all clients together get ``LOGIN_GLOBAL_FAILURES``.
LOGIN_FAILURES = 5
LOGIN_GLOBAL_FAILURES = 50
LOGIN_WINDOW_S = 60.0


class LoginThrottle:
    """Wrong-token attempts in the last ``window_s`` seconds, by client and in all; thread-safe."""

    def __init__(self, *, per_client: int = LOGIN_FAILURES, in_all: int = LOGIN_GLOBAL_FAILURES,
                 window_s: float = LOGIN_WINDOW_S) -> None:
        self.per_client, self.in_all, self.window_s = per_client, in_all, window_s
        self.failures: dict[str, deque[float]] = defaultdict(deque)
        self.every: deque[float] = deque()
        self.lock = threading.Lock()

    def wait_s(self, client: str) -> float:
        """Return how long ``client`` must wait before trying again (0: it may try now)."""
        now = time.monotonic()
        with self.lock:
            for times in (self.failures[client], self.every):
                while times and times[0] <= now - self.window_s:
                    times.popleft()
            full = [t for t, cap in ((self.failures[client], self.per_client), (self.every, self.in_all))
                    if len(t) >= cap]
        return max((times[0] + self.window_s - now for times in full), default=0.0)

    def failed(self, client: str) -> None:
        """Count a wrong token from ``client``."""
        with self.lock:
            now = time.monotonic()
            self.failures[client].append(now)
            self.every.append(now)


THROTTLE_LOCK = threading.Lock()


def login_throttle(request: Request) -> LoginThrottle:
    """Return the app's login throttle, made on first use."""
    with THROTTLE_LOCK:
        if not isinstance(getattr(request.app.state, "login_throttle", None), LoginThrottle):
            request.app.state.login_throttle = LoginThrottle()
        return request.app.state.login_throttle


def client_of(request: Request) -> str:
    """Return the address a request comes from (what the login throttle counts by)."""
    return request.client.host if request.client else "unknown"


LOOPBACK_NAMES = ("localhost",)


def is_loopback(host: str) -> bool:
    """Return True when ``host`` (a name or an address to listen on) reaches this machine only."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_exposure(host: str, settings: Settings, *, allow_open: bool) -> None:
    """Raise ``ConfigError`` when the workbench would listen beyond this machine (``host`` not loopback) with no
    review token: anyone who reaches it could write review decisions. ``allow_open`` says the operator means it."""
    if is_loopback(host) or settings.review_token or allow_open:
        return
    raise ConfigError(
        f"refusing to serve the review workbench on {host} without a review token: anyone who reaches it could "
        "write review decisions; set CLAIMGRAPH_REVIEW_TOKEN, listen on 127.0.0.1, or pass --allow-open to serve "
        "it open on purpose",
        stage="serve",
    )


# A review form is a few short fields; a query string a few filters, each at most MAX_PARAM_CHARS long
# (the API's own cap on a text parameter).
MAX_BODY_BYTES = 64 * 1024
MAX_QUERY_BYTES = 4096
MAX_PARAM_CHARS = 200


class RequestLimits:
    """ASGI middleware: answer 414 to a query string over ``max_query_bytes``, 400 to a NUL byte in the path or
    query, 422 to a query parameter over ``MAX_PARAM_CHARS`` characters, and 413 to a request body over
    ``max_body_bytes`` (declared, or counted as a chunked body streams in). Over HTTPS (``scope["scheme"]``, which
    uvicorn sets from ``X-Forwarded-Proto`` behind a trusted proxy) every cookie it sends is marked ``Secure``."""

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
        overlong = overlong_parameter(scope.get("query_string", b""))
        if overlong:
            await refuse(send, 422, f"query parameter {overlong} over {MAX_PARAM_CHARS} characters")
            return
        declared = dict(scope.get("headers", [])).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.max_body:
            await refuse(send, 413, f"request body over {self.max_body} bytes")
            return
        body = await read_capped(receive, self.max_body)
        if body is None:
            await refuse(send, 413, f"request body over {self.max_body} bytes")
            return
        await self.app(scope, replay(body, receive), secure_cookies(send) if scope.get("scheme") == "https" else send)


def overlong_parameter(query: bytes) -> str | None:
    """Return the name of the first query parameter whose value is over ``MAX_PARAM_CHARS`` characters, or None."""
    for name, value in parse_qsl(query.decode("latin-1"), keep_blank_values=True):
        if len(value) > MAX_PARAM_CHARS:
            return name[:40]
    return None


def secure_cookies(send: Any) -> Any:
    """Return an ASGI ``send`` that adds ``Secure`` to every ``Set-Cookie`` header lacking it."""

    async def sending(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            message = {**message, "headers": [
                (key, value + b"; secure") if key.lower() == b"set-cookie" and b"secure" not in value.lower()
                else (key, value)
                for key, value in message.get("headers", [])
            ]}
        await send(message)

    return sending


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
