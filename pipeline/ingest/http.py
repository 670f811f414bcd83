"""Fetch URLs politely and safely: a User-Agent, robots.txt (its ``Crawl-delay`` too, bounded), at most
``HOST_CONNECTIONS`` requests at once to one host, a cap on body size (the body is streamed and
reading stops at the cap), well-formed http/https URLs only, no internal addresses (checked on every
redirect), ``Retry-After`` honoured up to ``MAX_RETRY_AFTER_S``, and conditional requests for feeds.

Owns the HTTP client and the translation of HTTP outcomes into ``FetchError``: transient for
network errors, timeouts, 429 and 5xx (worth a retry), permanent for the rest. Retries themselves
are the caller's (the Prefect task, or ``fetch_with_retries`` in plain Python). Imports errors and
``safety``; never another stage.
"""

from __future__ import annotations

import email.utils
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
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
# A server asking us to wait longer than this (Retry-After) or to crawl slower (Crawl-delay) gets the bound:
# a retry after a longer wait is given up (the input fails, the next run tries again).
MAX_RETRY_AFTER_S = 60.0
MAX_CRAWL_DELAY_S = 10.0
# Requests in flight to one host at once, whatever the number of fetching threads.
HOST_CONNECTIONS = 2
T = TypeVar("T")


@dataclass
class HostGate:
    """Politeness towards one host: how many requests may be in flight, and when the next may start."""

    slots: threading.Semaphore = field(default_factory=lambda: threading.BoundedSemaphore(HOST_CONNECTIONS))
    lock: threading.Lock = field(default_factory=threading.Lock)
    next_start: float = 0.0


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
        self.gates: dict[str, HostGate] = {}
        self.gates_lock = threading.Lock()

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
            delay = self.check_robots(current, origin=url) if obey_robots and self.settings.respect_robots else 0.0
            with self.polite(current, delay_s=delay):
                response = self.request(current, headers=headers or {}, origin=url, deadline=deadline)
            if isinstance(response, Response):
                return response
            current = response
        raise FetchError(f"more than {MAX_REDIRECTS} redirects: the page moves in circles", origin=url)

    @contextmanager
    def polite(self, url: str, *, delay_s: float) -> Iterator[None]:
        """Hold one of the host's ``HOST_CONNECTIONS`` slots while the body is in, starting no sooner than
        ``delay_s`` (the site's Crawl-delay) after the last request to it began."""
        host = urlsplit(url).netloc.lower()
        with self.gates_lock:
            gate = self.gates.setdefault(host, HostGate())
        with gate.slots:
            with gate.lock:
                wait = gate.next_start - time.monotonic()
                gate.next_start = max(gate.next_start, time.monotonic()) + delay_s
            if wait > 0:
                time.sleep(wait)
            yield

    def request(self, url: str, *, headers: dict[str, str], origin: str, deadline: float) -> Response | str:
        """Return the response at ``url``, or the URL a redirect points to."""
        try:
            with self.client.stream("GET", url, headers=headers) as reply:
                if reply.status_code in REDIRECT_CODES and "location" in reply.headers:
                    return redirect_target(url, reply.headers["location"], origin=origin)
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
        except ValueError as error:  # httpx lets a malformed host through (IDNAError) where parse_url missed one
            raise FetchError(f"malformed URL ({error.__class__.__name__}: {error})", origin=origin) from error

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

    def check_robots(self, url: str, *, origin: str) -> float:
        """Return the site's Crawl-delay for us (at most ``MAX_CRAWL_DELAY_S``, 0 when it sets none); raise
        ``FetchError`` when its robots.txt forbids our User-Agent to fetch ``url``."""
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        with self.robots_lock:
            if site not in self.robots:
                self.robots[site] = self.load_robots(site)
        if not self.robots[site].can_fetch(self.settings.user_agent, url):
            raise FetchError(f"robots.txt of {site} disallows this URL (pass --ignore-robots to override)",
                             origin=origin)
        delay = self.robots[site].crawl_delay(self.settings.user_agent)
        return min(float(delay), MAX_CRAWL_DELAY_S) if delay else 0.0

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


def redirect_target(url: str, location: str, *, origin: str) -> str:
    """Return the absolute URL a redirect from ``url`` points to; raise ``FetchError`` for a malformed one."""
    try:
        return urljoin(url, location)
    except ValueError as error:
        raise FetchError(f"bad redirect to {location!r} ({error})", origin=origin) from error


def check_status(reply: httpx.Response, *, origin: str) -> None:
    """Raise ``FetchError`` for an HTTP error status: transient for 429 and 5xx, with the wait ``Retry-After`` asks."""
    status = reply.status_code
    if status < 400:
        return
    transient = status == 429 or status >= 500
    raise FetchError(f"HTTP {status} {reply.reason_phrase}".strip(), origin=origin, transient=transient,
                     retry_after_s=retry_after(reply.headers.get("retry-after")))


def retry_after(value: str | None) -> float | None:
    """Return the seconds a ``Retry-After`` header asks for (delay seconds or an HTTP date), or None."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(when.timestamp() - time.time(), 0.0)


def fetch_with_retries(fetch: Callable[[], T], *, attempts: int, backoff_s: float) -> T:
    """Return ``fetch()``, retrying transient ``FetchError``s with exponential back-off, or after the wait the server
    asked for (``Retry-After``) when longer; re-raise the last error, or at once when the server asks for more
    than ``MAX_RETRY_AFTER_S``."""
    for attempt in range(1, attempts + 1):
        try:
            return fetch()
        except FetchError as error:
            if not error.transient or attempt >= attempts:
                raise
            time.sleep(retry_delay(error, backoff_s * 2 ** (attempt - 1)))
    raise FetchError("no attempt made: attempts must be at least 1")


def retry_delay(error: FetchError, backoff_s: float) -> float:
    """Return how long to wait before retrying after ``error``; raise a permanent ``FetchError`` when the server
    asks for longer than ``MAX_RETRY_AFTER_S``."""
    asked = error.retry_after_s or 0.0
    if asked > MAX_RETRY_AFTER_S:
        raise FetchError(
            f"{error.message}: the server asks to retry after {asked:.0f} s, more than the {MAX_RETRY_AFTER_S:.0f} s "
            "we wait; the next run tries again", origin=error.origin, stage=error.stage,
        ) from error
    log.info("retrying %s after %s", error.origin, error.message)
    return max(backoff_s, asked)
