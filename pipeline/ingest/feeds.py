"""RSS and Atom feeds: the feed list file (TOML), fetching a feed with a conditional request
(``ETag``/``Last-Modified``) and reading its entries into ``FeedItem`` records (feedparser).

A feed list file holds one ``[[feed]]`` table per feed::

    [[feed]]
    name = "reuters-world"
    url = "https://example.org/world/rss.xml"
    outlet = "Reuters"
    schedule = "15m"        # an interval (30s, 15m, 6h, 1d) or a cron expression

Imports records, errors and the sibling fetch module; never another stage.
"""

from __future__ import annotations

import calendar
import io
import re
import tomllib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import feedparser

from pipeline.errors import ConfigError, FetchError
from pipeline.ingest.http import Fetcher, Response
from pipeline.records import Feed, FeedItem, FeedState

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml")
INTERVAL = re.compile(r"^(\d+)\s*([smhd])$")
UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def read_feed_list(path: Path) -> list[Feed]:
    """Return the feeds a TOML feed list names; raise ``ConfigError`` naming the bad entry."""
    try:
        tables = tomllib.loads(path.read_text(encoding="utf-8")).get("feed", [])
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"cannot read the feed list: {error}", origin=str(path)) from error
    if not isinstance(tables, list) or not tables:
        raise ConfigError("no feeds: add [[feed]] tables with name, url and outlet", origin=str(path))
    return [feed_of(table, origin=f"{path}: feed {number}") for number, table in enumerate(tables, start=1)]


def feed_of(table: Any, *, origin: str) -> Feed:
    """Return the ``Feed`` one ``[[feed]]`` table describes."""
    if not isinstance(table, dict):
        raise ConfigError("a feed must be a table with name, url and outlet", origin=origin)
    missing = [key for key in ("name", "url", "outlet") if not isinstance(table.get(key), str) or not table[key]]
    if missing:
        raise ConfigError(f"missing {', '.join(missing)}: every feed needs name, url and outlet", origin=origin)
    schedule = str(table.get("schedule", "1h"))
    interval_seconds(schedule) if INTERVAL.match(schedule) else check_cron(schedule, origin=origin)
    return Feed(name=table["name"], url=table["url"], outlet=table["outlet"], schedule=schedule)


def interval_seconds(schedule: str) -> int | None:
    """Return the seconds an interval schedule ("15m") stands for, or None for a cron expression."""
    found = INTERVAL.match(schedule.strip())
    return int(found.group(1)) * UNIT_SECONDS[found.group(2)] if found else None


def check_cron(schedule: str, *, origin: str) -> None:
    """Raise ``ConfigError`` unless ``schedule`` has the five fields of a cron expression."""
    if len(schedule.split()) != 5:
        raise ConfigError(f"schedule {schedule!r} is neither an interval (15m, 6h) nor a cron expression",
                          origin=origin)


def fetch_feed(fetcher: Fetcher, feed: Feed, state: FeedState | None = None) -> tuple[list[FeedItem], FeedState]:
    """Return the feed's items and its new state; no items when the server says it has not changed (304)."""
    response = fetcher.get(feed.url, headers=conditional_headers(state), budget_s=fetcher.settings.feed_timeout_s)
    new_state = FeedState(url=feed.url, etag=response.etag, last_modified=response.last_modified)
    if response.status == 304:
        return [], state or new_state
    return parse_feed(response, feed=feed), new_state


def conditional_headers(state: FeedState | None) -> dict[str, str]:
    """Return the ``If-None-Match``/``If-Modified-Since`` headers ``state`` allows."""
    headers = {}
    if state is not None and state.etag:
        headers["If-None-Match"] = state.etag
    if state is not None and state.last_modified:
        headers["If-Modified-Since"] = state.last_modified
    return headers


def parse_feed(response: Response, *, feed: Feed) -> list[FeedItem]:
    """Return the items of a fetched RSS or Atom feed; raise ``FetchError`` when the body is not a feed."""
    # A stream, never a string: feedparser fetches strings that look like URLs itself.
    parsed = feedparser.parse(io.BytesIO(response.body), response_headers={"content-location": response.url})
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception") or "no RSS or Atom root element"
        raise FetchError(f"not an RSS or Atom feed: {problem}", origin=feed.url, stage="ingest")
    items = (item_of(entry, feed=feed, base=response.url) for entry in parsed.entries)
    return [item for item in items if item is not None]


def item_of(entry: Any, *, feed: Feed, base: str) -> FeedItem | None:
    """Return the item of one feed entry, or None when it links nowhere."""
    link = entry.get("link") or entry.get("id")
    if not link:
        return None
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    published = datetime.fromtimestamp(calendar.timegm(stamp), tz=UTC) if stamp else None
    return FeedItem(url=joined(base, link), outlet=feed.outlet, feed=feed.name, title=entry.get("title") or None,
                    published_at=published)


def joined(base: str, link: str) -> str:
    """Return ``link`` made absolute against ``base``; a link too malformed to join is kept as written (fetching it
    then fails for that item alone)."""
    try:
        return urljoin(base, link)
    except ValueError:
        return link


def looks_like_feed(response: Response) -> bool:
    """Return True when a fetched body is an RSS or Atom feed rather than a page."""
    media_type = response.content_type.split(";")[0].strip().lower()
    if media_type in FEED_TYPES[:3]:
        return True
    head = response.body[:1024].lstrip().lower()
    return media_type in FEED_TYPES or head.startswith(b"<?xml") or b"<rss" in head or b"<feed" in head
