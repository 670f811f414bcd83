"""Read the sources ``claimgraph run`` accepts: ``.txt`` and ``.html`` files, directories of them,
``.jsonl`` files of articles, article pages and RSS/Atom feeds by URL, a ``.toml`` feed list, and
``dataset:PATH?...`` specs. Yields ``Article`` or ``Failure`` records, one per input, in order.

A ``.txt`` file may have a sidecar ``<name>.meta.json`` with ``id``, ``title``, ``url``, ``source``
and ``published_at``. Imports records, errors, ids and the sibling readers; never another stage.

Every input is read inside one error boundary (``guarded``): whatever reading, fetching, decoding or
parsing one file, line, URL or feed item raises becomes that input's ``Failure`` and the next input
is read. Only ``SourceError`` (a source argument that names nothing readable) goes up to the caller.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import dateparser
from pydantic import ValidationError

from pipeline.errors import InputError, SourceError
from pipeline.ids import article_id
from pipeline.ingest.datasets import is_dataset_spec, parse_spec, read_dataset
from pipeline.ingest.decode import decode_text, require_text
from pipeline.ingest.feeds import fetch_feed, looks_like_feed, parse_feed, read_feed_list
from pipeline.ingest.files import capped_lines, open_regular, read_regular
from pipeline.ingest.html import read_html
from pipeline.ingest.http import Fetcher, fetch_with_retries
from pipeline.ingest.pages import fetch_article, read_page
from pipeline.records import Article, Failure, Feed, FeedItem

log = logging.getLogger(__name__)

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl",)
META_SUFFIX = ".meta.json"
# Field names other datasets use for ours (MEANTIME: doc_id, dct).
FIELD_ALIASES = {"doc_id": "id", "dct": "published_at", "date": "published_at", "outlet": "source", "body": "text"}
ARTICLE_FIELDS = ("id", "text", "title", "url", "source", "published_at", "author")
T = TypeVar("T")
FEED_LIST_SUFFIXES = (".toml",)
PUBLISHED_YEARS = (1000, 2999)
NUMBER = re.compile(r"[-+]?\d+(\.\d*)?([eE][-+]?\d+)?")
# A sidecar is a few short fields.
MAX_META_BYTES = 64 * 1024
# A JSON Lines file may hold many articles: at most this many times the cap of one line (one article).
JSONL_FILE_LINES = 1000
# Whether a feed item's page is to be fetched (False: its URL is already known, and the caller recorded the sighting).
ItemFilter = Callable[[FeedItem], bool]
# How long the pages of one feed may take to fetch, all together; the rest are failures, fetched next run.
FEED_BUDGET_S = 600.0
# Article fields that must be a string (or a number, for an id): an object there is refused, never stored as its repr.
SCALAR_FIELDS = ("id", "title", "url", "source", "author")


def read_sources(
    sources: Iterable[str | Path],
    *,
    fetcher: Fetcher | None = None,
    max_file_bytes: int | None = None,
    wanted: ItemFilter | None = None,
) -> Iterator[Article | Failure]:
    """Yield an ``Article`` or a ``Failure`` for every input the sources hold; raise ``SourceError`` for a bad source.

    URLs and feed lists need ``fetcher``. A ``.txt`` or ``.html`` file over ``max_file_bytes`` is a
    ``Failure`` without being read (memory stays bounded whatever lies in a directory). A feed item whose
    page ``wanted`` refuses (its URL is already known: the caller records the sighting) is neither fetched
    nor yielded.
    """
    for source in sources:
        yield from read_source(str(source), fetcher=fetcher, max_file_bytes=max_file_bytes, wanted=wanted)


def guarded(items: Iterator[Article | Failure], *, origin: str, stage: str = "ingest") -> Iterator[Article | Failure]:
    """Yield ``items``; whatever error producing them raises ends them with one ``Failure`` for ``origin`` (the
    input, even where the error names another URL, such as the site whose robots.txt failed). ``SourceError`` is
    the caller's and goes up."""
    try:
        yield from items
    except SourceError:
        raise
    except InputError as error:
        yield Failure(origin=origin, stage=error.stage or stage, message=error.message)
    except Exception as error:  # the boundary of one input: nothing one input holds may stop the others
        log.debug("unexpected error reading %s", origin, exc_info=True)
        yield Failure(origin=origin, stage=stage, message=unexpected(error))


def unexpected(error: Exception) -> str:
    """Return the failure reason of an error no reader anticipated (its type and message, on one line)."""
    text = " ".join(str(error).split())[:300]
    return f"unexpected {error.__class__.__name__}{': ' + text if text else ''} (please report it with the input)"


def read_source(
    source: str, *, fetcher: Fetcher | None, max_file_bytes: int | None = None, wanted: ItemFilter | None = None,
) -> Iterator[Article | Failure]:
    """Yield the articles (or failures) of one source: a URL, a feed list, a dataset spec or a path."""
    if "://" in source or Path(source).suffix.lower() in FEED_LIST_SUFFIXES:
        if fetcher is None:
            raise SourceError(
                "URLs and feed lists need a fetcher: use pipeline.run.run_sources, which makes one", origin=source
            )
        if "://" in source:
            yield from guarded(read_url(fetcher, source, wanted=wanted), origin=source, stage="fetch")
        else:
            yield from read_feeds(fetcher, read_feed_list(Path(source)), wanted=wanted)
        return
    if is_dataset_spec(source):
        yield from read_dataset_articles(source)
        return
    path = Path(source)
    if not path.exists():
        raise SourceError(f"no such file or directory: {path}", origin=str(path), stage="ingest")
    for file in list_inputs(path) if path.is_dir() else [path]:
        yield from guarded(read_file(file, max_bytes=max_file_bytes), origin=str(file))


def retrying(fetcher: Fetcher, fetch: Callable[[], T]) -> T:
    """Return ``fetch()`` with the fetcher's retry settings applied to transient errors."""
    settings = fetcher.settings
    return fetch_with_retries(fetch, attempts=settings.fetch_retries, backoff_s=settings.retry_backoff_s)


def read_url(fetcher: Fetcher, url: str, *, wanted: ItemFilter | None = None) -> Iterator[Article | Failure]:
    """Yield the article a page URL holds, or every article a feed URL links to (``read_items``)."""
    response = retrying(fetcher, lambda: fetcher.get(url))
    if looks_like_feed(response):
        feed = Feed(name=url, url=url, outlet=urlsplit(response.url).hostname or url)
        yield from read_items(fetcher, parse_feed(response, feed=feed), wanted=wanted)
        return
    yield read_page(response, origin=url)


def read_feeds(fetcher: Fetcher, feeds: list[Feed], *, wanted: ItemFilter | None = None) -> Iterator[Article | Failure]:
    """Yield the articles of every feed of a feed list; a feed that cannot be read is one ``Failure``."""
    for feed in feeds:
        yield from guarded(read_feed(fetcher, feed, wanted=wanted), origin=feed.url, stage="fetch")


def read_feed(fetcher: Fetcher, feed: Feed, *, wanted: ItemFilter | None = None) -> Iterator[Article | Failure]:
    """Yield the articles one feed of a feed list links to."""
    items, _ = retrying(fetcher, lambda: fetch_feed(fetcher, feed))
    yield from read_items(fetcher, items, wanted=wanted)


def read_items(
    fetcher: Fetcher, items: list[FeedItem], *, budget_s: float = FEED_BUDGET_S, wanted: ItemFilter | None = None,
) -> Iterator[Article | Failure]:
    """Yield the article each feed item links to, or the ``Failure`` recorded against its URL.

    A URL the feed lists again is skipped: fetched once, it would only repeat the same sighting (one feed, one
    outlet); only the URLs are remembered, never the articles. So is an item ``wanted`` refuses (a URL another
    feed or the store already holds). Items still unfetched when ``budget_s`` is spent are failures.
    """
    seen: set[str] = set()
    deadline = time.monotonic() + budget_s
    for item in items:
        if item.url in seen:
            continue
        seen.add(item.url)
        if wanted is not None and not wanted(item):
            continue
        if time.monotonic() > deadline:
            yield Failure(origin=item.url, stage="fetch",
                          message=f"not fetched: the feed's time budget of {budget_s:g} s is spent; the next run "
                                  "fetches it")
            continue
        yield from guarded(fetch_one(fetcher, item), origin=item.url, stage="fetch")


def fetch_one(fetcher: Fetcher, item: FeedItem) -> Iterator[Article]:
    """Yield the article ``item`` links to (retrying transient errors)."""
    yield retrying(fetcher, lambda: fetch_article(fetcher, item))


def read_dataset_articles(source: str) -> Iterator[Article | Failure]:
    """Yield one article per row of a dataset; a bad row is a ``Failure`` naming ``path#row``."""
    for fields, origin in read_dataset(parse_spec(source)):
        if not isinstance(fields.get("text"), str):
            yield Failure(origin=origin, stage="ingest", message="missing text: the text column must hold strings")
            continue
        yield from guarded(iter_built(fields, origin=origin), origin=origin)


def iter_built(fields: dict[str, Any], *, origin: str) -> Iterator[Article]:
    """Yield the article ``fields`` describe (a generator, so that ``guarded`` can stand around it)."""
    yield build_article(fields, origin=origin)


def list_inputs(directory: Path) -> list[Path]:
    """Return the inputs under ``directory`` by suffix, recursively, in a stable order: a FIFO or a device among
    them is listed too (reading it is refused, as that input's failure)."""
    suffixes = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES
    found = (p for p in directory.rglob("*") if p.suffix.lower() in suffixes and not p.is_dir())
    return sorted(found)


def read_file(path: Path, *, max_bytes: int | None = None) -> Iterator[Article | Failure]:
    """Yield the articles of one file, or a ``Failure`` naming the file and the reason (``max_bytes``
    caps a .txt or .html file)."""
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from read_jsonl(path, max_line_bytes=max_bytes)
        return
    if suffix not in TEXT_SUFFIXES + HTML_SUFFIXES:
        raise SourceError(
            f"unsupported input {path.name}: give .txt, .html or .jsonl files or a directory", origin=str(path)
        )
    data = read_regular(path, max_bytes=max_bytes)
    yield read_html(path, data) if suffix in HTML_SUFFIXES else read_text_file(path, data)


def read_text_file(path: Path, data: bytes) -> Article:
    """Return the article in a plain-text file (``data``, its bytes): its first line is the title when a blank line
    follows it."""
    text = decode_text(data, origin=str(path))
    fields = {"title": guess_title(text), **read_meta(path)}
    return build_article({**fields, "text": text}, origin=str(path))


def guess_title(text: str) -> str | None:
    """Return the first line when it reads as a headline (short, followed by a blank line), else None."""
    head, _, rest = text.lstrip("\n").partition("\n")
    if rest.startswith("\n") and 0 < len(head.strip()) <= 200:
        return head.strip()
    return None


def read_meta(path: Path) -> dict[str, Any]:
    """Return the sidecar metadata of ``path`` (``name.meta.json``), or an empty dict when there is none."""
    meta_path = path.with_name(path.stem + META_SUFFIX)
    if not meta_path.exists():
        return {}
    try:
        meta = json.loads(read_regular(meta_path, max_bytes=MAX_META_BYTES).decode("utf-8"))
    except InputError as error:
        raise InputError(f"sidecar {error.message}", origin=str(path), stage="ingest") from error
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as error:
        raise InputError(f"{meta_path.name} is not valid JSON: {error}", origin=str(path), stage="ingest") from error
    if not isinstance(meta, dict):
        raise InputError(
            f"{meta_path.name} holds a JSON {type(meta).__name__}, not an object: give {{\"title\": ..., ...}}",
            origin=str(path), stage="ingest",
        )
    return {key: value for key, value in meta.items() if key in ARTICLE_FIELDS}


def read_jsonl(path: Path, *, max_line_bytes: int | None = None) -> Iterator[Article | Failure]:
    """Yield one article per line of a JSON Lines file; a bad line is a ``Failure`` naming ``file:line``.

    Read as a stream: a line over ``max_line_bytes`` is a failure, skipped without being held whole; the
    file stops with a failure past ``JSONL_FILE_LINES`` times that cap (None: no caps).
    """
    line_cap = max_line_bytes or 1 << 62
    file_cap = line_cap * JSONL_FILE_LINES
    with open_regular(path) as handle:
        for number, raw in enumerate(capped_lines(handle, max_line_bytes=line_cap), start=1):
            origin = f"{path}:{number}"
            if handle.tell() > file_cap:
                yield Failure(origin=origin, stage="ingest",
                              message=f"file is over the cap of {file_cap:,} bytes: stopped reading; split it")
                return
            if raw is None:
                yield Failure(origin=origin, stage="ingest",
                              message=f"line over the cap of {line_cap:,} bytes: skipped; split the article")
            elif raw.strip():
                yield from guarded(iter_line(raw, origin=origin), origin=origin)


def iter_line(raw: bytes, *, origin: str) -> Iterator[Article]:
    """Yield the article of one JSON Lines line (a generator, so that ``guarded`` can stand around it)."""
    yield parse_jsonl_line(raw, origin=origin)


def parse_jsonl_line(raw: bytes, *, origin: str) -> Article:
    """Return the article one JSON Lines line describes; raise ``InputError`` for bad JSON or a missing text."""
    try:
        record = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise InputError(f"invalid UTF-8 at byte {error.start} of the line", origin=origin) from error
    except json.JSONDecodeError as error:
        raise InputError(f"not JSON ({error.msg} at column {error.colno})", origin=origin) from error
    except RecursionError as error:
        raise InputError("not JSON (nesting too deep): an article is a flat JSON object", origin=origin) from error
    if not isinstance(record, dict):
        raise InputError('a line must be a JSON object with at least a "text" field', origin=origin)
    fields: dict[str, Any] = {FIELD_ALIASES.get(str(key)) or str(key): value for key, value in record.items()}
    if not isinstance(fields.get("text"), str):
        raise InputError('missing "text": every article needs its text as a string', origin=origin)
    return build_article(fields, origin=origin)


def parse_published(value: Any, *, origin: str) -> datetime | None:
    """Return the publication date-time an input gives (ISO 8601, or any form dateparser reads); raise
    ``InputError`` otherwise."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return check_published_year(value, origin=origin)
    if not isinstance(value, str) or NUMBER.fullmatch(value.strip()):
        # A bare number (-1, 0, 1600000000) is no date; read as one it became today's year or 1970.
        raise InputError(f"published_at {value!r} is not a date: use ISO 8601 (2020-11-20)", origin=origin)
    text = str(value).strip()
    try:
        return check_published_year(datetime.fromisoformat(text), origin=origin)
    except ValueError:
        parsed = dateparser.parse(
            text,
            languages=["en"],
            settings={"PREFER_DAY_OF_MONTH": "first", "PARSERS": ["custom-formats", "absolute-time"]},
        )
    if parsed is None:
        raise InputError(f"published_at {text!r} is not a date: use ISO 8601 (2020-11-20)", origin=origin)
    return check_published_year(parsed, origin=origin)


def check_published_year(published: datetime, *, origin: str) -> datetime:
    """Return ``published``; raise ``InputError`` when its year lies outside 1000-2999 (time expressions
    are resolved against it)."""
    if not PUBLISHED_YEARS[0] <= published.year <= PUBLISHED_YEARS[1]:
        raise InputError(
            f"published_at {published.date()} is outside the years 1000-2999: give the real publication date",
            origin=origin,
        )
    return published


def check_scalars(fields: dict[str, Any], *, origin: str) -> None:
    """Raise ``InputError`` when an id, title, URL, source or author is an object, a list or a boolean (only a string,
    or a number for an id, is one)."""
    for key in SCALAR_FIELDS:
        value = fields.get(key)
        allowed = (str, int) if key == "id" else (str,)
        if value is not None and (isinstance(value, bool) or not isinstance(value, allowed)):
            kind = "a string or a whole number" if key == "id" else "a string"
            raise InputError(f"{key} is a JSON {json_type(value)}: give {kind}", origin=origin)


def json_type(value: Any) -> str:
    """Return the JSON name of a decoded value's type."""
    names = {dict: "object", list: "array", bool: "boolean", float: "number", int: "number", str: "string"}
    return names.get(type(value), type(value).__name__)


def build_article(fields: dict[str, Any], *, origin: str) -> Article:
    """Return an ``Article`` from raw fields: the input's own id when it has one, else one derived from the text."""
    if not isinstance(fields.get("text"), str):
        raise InputError('missing "text": every article needs its text as a string', origin=origin)
    text = require_text(fields["text"], origin=origin)
    check_scalars(fields, origin=origin)
    kept = {key: fields.get(key) for key in ARTICLE_FIELDS if key != "text"}
    kept["id"] = str(kept["id"]) if kept.get("id") not in (None, "") else article_id(text)
    for key in ("title", "url", "source", "author"):
        kept[key] = str(kept[key]) if kept.get(key) not in (None, "") else None
    kept["published_at"] = parse_published(kept.get("published_at"), origin=origin)
    try:
        return Article(text=text, origin=origin, **kept)
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
        raise InputError(f"bad article fields ({problems})", origin=origin) from error
