"""Fetch URLs politely and safely: a User-Agent, robots.txt, a cap on body size (the body is streamed
and reading stops at the cap), http/https only, no internal addresses (checked on every redirect),
and conditional requests for feeds.

Owns the HTTP client and the translation of HTTP outcomes into ``FetchError``: transient for
network errors, timeouts, 429 and 5xx (worth a retry), permanent for the rest. Retries themselves
are the caller's (the Prefect task, or ``fetch_with_retries`` in plain Python). Imports errors and
``safety``; never another stage.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import TypeVar
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from pipeline.errors import FetchError
from pipeline.ingest.safety import check_url
from pipeline.settings import Settings

log = logging.getLogger(__name__)

MAX_REDIRECTS = 5
REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
T = TypeVar("T")


@dataclass(frozen=True)
class Response:
    """A fetched body and what the server said about it; ``url`` is the last URL after redirects."""

    url: str
    status: int
    body: bytes
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None


class Fetcher:
    """An HTTP client bound to the fetch settings; thread-safe, reuse one per process and close it."""

    def __init__(self, settings: Settings, *, transport: httpx.BaseTransport | None = None) -> None:
        self.settings = settings
        self.client = httpx.Client(
            headers={"User-Agent": settings.user_agent},
            timeout=httpx.Timeout(settings.fetch_timeout_s),
            follow_redirects=False,
            transport=transport,
        )
        self.robots: dict[str, RobotFileParser] = {}
        # One robots.txt request per site, even when many threads start on the same site at once.
        self.robots_lock = threading.Lock()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pool."""
        self.client.close()

    def get(
        self, url: str, *, headers: dict[str, str] | None = None, obey_robots: bool = True,
        budget_s: float | None = None,
    ) -> Response:
        """Return the response at ``url``, following redirects; raise ``FetchError`` for anything but 2xx/304.

        ``budget_s`` bounds the whole fetch (a body trickling in slowly); each network step is
        bounded by ``fetch_timeout_s``.
        """
        current = url
        deadline = time.monotonic() + (budget_s or 3 * self.settings.fetch_timeout_s)
        for _ in range(MAX_REDIRECTS + 1):
            check_url(current, allow_private=self.settings.allow_private_hosts)
            if obey_robots and self.settings.respect_robots:
                self.check_robots(current, origin=url)
            response = self.request(current, headers=headers or {}, origin=url, deadline=deadline)
            if isinstance(response, Response):
                return response
            current = response
        raise FetchError(f"more than {MAX_REDIRECTS} redirects: the page moves in circles", origin=url)

    def request(self, url: str, *, headers: dict[str, str], origin: str, deadline: float) -> Response | str:
        """Return the response at ``url``, or the URL a redirect points to."""
        try:
            with self.client.stream("GET", url, headers=headers) as reply:
                if reply.status_code in REDIRECT_CODES and "location" in reply.headers:
                    return urljoin(url, reply.headers["location"])
                check_status(reply, origin=origin)
                body = b"" if reply.status_code == 304 else self.read_capped(reply, origin=origin, deadline=deadline)
                return Response(
                    url=url, status=reply.status_code, body=body, content_type=reply.headers.get("content-type", ""),
                    etag=reply.headers.get("etag"), last_modified=reply.headers.get("last-modified"),
                )
        except httpx.TimeoutException as error:
            raise FetchError(f"timed out after {self.settings.fetch_timeout_s:g} s", origin=origin,
                             transient=True) from error
        except httpx.TransportError as error:
            raise FetchError(f"network error: {error.__class__.__name__}: {error}", origin=origin,
                             transient=True) from error
        except httpx.HTTPError as error:
            raise FetchError(f"cannot fetch: {error}", origin=origin) from error

    def read_capped(self, reply: httpx.Response, *, origin: str, deadline: float) -> bytes:
        """Return the body, reading at most ``max_body_bytes`` and stopping at ``deadline`` (monotonic seconds)."""
        cap = self.settings.max_body_bytes
        declared = reply.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            raise FetchError(f"body of {int(declared):,} bytes is over the cap of {cap:,}", origin=origin)
        chunks, size = [], 0
        for chunk in reply.iter_bytes():
            size += len(chunk)
            if size > cap:
                raise FetchError(f"body is over the cap of {cap:,} bytes: stopped reading", origin=origin)
            if time.monotonic() > deadline:
                raise FetchError("body arrives too slowly: gave up", origin=origin, transient=True)
            chunks.append(chunk)
        return b"".join(chunks)

    def check_robots(self, url: str, *, origin: str) -> None:
        """Raise ``FetchError`` when the site's robots.txt forbids our User-Agent to fetch ``url``."""
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        with self.robots_lock:
            if site not in self.robots:
                self.robots[site] = self.load_robots(site)
        if not self.robots[site].can_fetch(self.settings.user_agent, url):
            raise FetchError(f"robots.txt of {site} disallows this URL (pass --ignore-robots to override)",
                             origin=origin)

    def load_robots(self, site: str) -> RobotFileParser:
        """Return the parsed robots.txt of ``site``: allow-all when it has none (4xx); transient error when
        unreachable."""
        parser = RobotFileParser(f"{site}/robots.txt")
        try:
            body = self.get(f"{site}/robots.txt", obey_robots=False).body
        except FetchError as error:
            if error.transient:
                raise FetchError(f"robots.txt unreachable ({error.message}): try later", origin=site,
                                 transient=True) from error
            body = b""
        parser.parse(body.decode("utf-8", errors="replace").splitlines())
        return parser


def check_status(reply: httpx.Response, *, origin: str) -> None:
    """Raise ``FetchError`` for an HTTP error status: transient for 429 and 5xx."""
    status = reply.status_code
    if status < 400:
        return
    transient = status == 429 or status >= 500
    raise FetchError(f"HTTP {status} {reply.reason_phrase}".strip(), origin=origin, transient=transient)


def fetch_with_retries(fetch: Callable[[], T], *, attempts: int, backoff_s: float) -> T:
    """Return ``fetch()``, retrying transient ``FetchError``s with exponential back-off; re-raise the last one."""
    for attempt in range(1, attempts + 1):
        try:
            return fetch()
        except FetchError as error:
            if not error.transient or attempt >= attempts:
                raise
            log.info("retrying %s after %s", error.origin, error.message)
            time.sleep(backoff_s * 2 ** (attempt - 1))
    raise FetchError("no attempt made: attempts must be at least 1")
