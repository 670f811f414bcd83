"""Read the sources ``claimgraph run`` accepts: ``.txt`` and ``.html`` files, directories of them,
``.jsonl`` files of articles, article pages and RSS/Atom feeds by URL, a ``.toml`` feed list, and
``dataset:PATH?...`` specs. Yields ``Article`` or ``Failure`` records, one per input, in order.

A ``.txt`` file may have a sidecar ``<name>.meta.json`` with ``id``, ``title``, ``url``, ``source``
and ``published_at``. Imports records, errors, ids and the sibling readers; never another stage.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import dateparser
from pydantic import ValidationError

from pipeline.errors import FetchError, InputError, SourceError
from pipeline.ids import article_id
from pipeline.ingest.datasets import is_dataset_spec, parse_spec, read_dataset
from pipeline.ingest.decode import decode_text, require_text
from pipeline.ingest.feeds import fetch_feed, looks_like_feed, parse_feed, read_feed_list
from pipeline.ingest.html import read_html
from pipeline.ingest.http import Fetcher, fetch_with_retries
from pipeline.ingest.pages import fetch_article, read_page
from pipeline.records import Article, Failure, Feed, FeedItem

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


def read_sources(
    sources: Iterable[str | Path],
    *,
    fetcher: Fetcher | None = None,
    max_file_bytes: int | None = None,
) -> Iterator[Article | Failure]:
    """Yield an ``Article`` or a ``Failure`` for every input the sources hold; raise ``SourceError`` for a bad source.

    URLs and feed lists need ``fetcher``. A ``.txt`` or ``.html`` file over ``max_file_bytes`` is a
    ``Failure`` without being read (memory stays bounded whatever lies in a directory).
    """
    for source in sources:
        yield from read_source(str(source), fetcher=fetcher, max_file_bytes=max_file_bytes)


def read_source(
    source: str, *, fetcher: Fetcher | None, max_file_bytes: int | None = None
) -> Iterator[Article | Failure]:
    """Yield the articles (or failures) of one source: a URL, a feed list, a dataset spec or a path."""
    if "://" in source or Path(source).suffix.lower() in FEED_LIST_SUFFIXES:
        if fetcher is None:
            raise SourceError(
                "URLs and feed lists need a fetcher: use pipeline.run.run_sources, which makes one", origin=source
            )
        yield from read_url(fetcher, source) if "://" in source else read_feeds(fetcher, read_feed_list(Path(source)))
        return
    if is_dataset_spec(source):
        yield from read_dataset_articles(source)
        return
    path = Path(source)
    if not path.exists():
        raise SourceError(f"no such file or directory: {path}", origin=str(path), stage="ingest")
    for file in list_inputs(path) if path.is_dir() else [path]:
        yield from read_file(file, max_bytes=max_file_bytes)


def retrying(fetcher: Fetcher, fetch: Callable[[], T]) -> T:
    """Return ``fetch()`` with the fetcher's retry settings applied to transient errors."""
    settings = fetcher.settings
    return fetch_with_retries(fetch, attempts=settings.fetch_retries, backoff_s=settings.retry_backoff_s)


def read_url(fetcher: Fetcher, url: str) -> Iterator[Article | Failure]:
    """Yield the article a page URL holds, or every article a feed URL links to."""
    try:
        response = retrying(fetcher, lambda: fetcher.get(url))
        if looks_like_feed(response):
            feed = Feed(name=url, url=url, outlet=urlsplit(response.url).hostname or url)
            yield from read_items(fetcher, parse_feed(response, feed=feed))
            return
        yield read_page(response, origin=url)
    except FetchError as error:
        yield Failure(origin=url, stage=error.stage or "fetch", message=error.message)


def read_feeds(fetcher: Fetcher, feeds: list[Feed]) -> Iterator[Article | Failure]:
    """Yield the articles of every feed of a feed list; a feed that cannot be read is one ``Failure``."""
    for feed in feeds:
        try:
            items, _ = retrying(fetcher, lambda: fetch_feed(fetcher, feed))  # noqa: B023  (called at once)
        except FetchError as error:
            yield Failure(origin=feed.url, stage=error.stage or "fetch", message=error.message)
            continue
        yield from read_items(fetcher, items)


def read_items(fetcher: Fetcher, items: list[FeedItem]) -> Iterator[Article | Failure]:
    """Yield the article each feed item links to, or the ``Failure`` recorded against its URL."""
    for item in items:
        try:
            yield retrying(fetcher, lambda: fetch_article(fetcher, item))  # noqa: B023  (called at once)
        except FetchError as error:
            yield Failure(origin=item.url, stage=error.stage or "fetch", message=error.message)


def read_dataset_articles(source: str) -> Iterator[Article | Failure]:
    """Yield one article per row of a dataset; a bad row is a ``Failure`` naming ``path#row``."""
    for fields, origin in read_dataset(parse_spec(source)):
        if not isinstance(fields.get("text"), str):
            yield Failure(origin=origin, stage="ingest", message="missing text: the text column must hold strings")
            continue
        try:
            yield build_article(fields, origin=origin)
        except InputError as error:
            yield Failure(origin=origin, stage="ingest", message=error.message)


def list_inputs(directory: Path) -> list[Path]:
    """Return the readable inputs under ``directory``, recursively, in a stable order."""
    suffixes = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES
    found = (p for p in directory.rglob("*") if p.is_file() and p.suffix.lower() in suffixes)
    return sorted(found)


def read_file(path: Path, *, max_bytes: int | None = None) -> Iterator[Article | Failure]:
    """Yield the articles of one file, or a ``Failure`` naming the file and the reason (``max_bytes``
    caps a .txt or .html file)."""
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from read_jsonl(path)
        return
    if suffix not in TEXT_SUFFIXES + HTML_SUFFIXES:
        raise SourceError(
            f"unsupported input {path.name}: give .txt, .html or .jsonl files or a directory", origin=str(path)
        )
    try:
        check_file_size(path, max_bytes)
        yield read_html(path) if suffix in HTML_SUFFIXES else read_text_file(path)
    except InputError as error:
        yield Failure(origin=str(path), stage="ingest", message=error.message)


def check_file_size(path: Path, max_bytes: int | None) -> None:
    """Raise ``InputError`` when the file at ``path`` is over ``max_bytes`` (None: no cap)."""
    size = path.stat().st_size
    if max_bytes is not None and size > max_bytes:
        raise InputError(
            f"file of {size:,} bytes is over the cap of {max_bytes:,}: split it or raise --max-chars",
            origin=str(path),
            stage="ingest",
        )


def read_text_file(path: Path) -> Article:
    """Return the article in a plain-text file: its first line is the title when a blank line follows it."""
    text = decode_text(path.read_bytes(), origin=str(path))
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
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise InputError(f"{meta_path.name} is not valid JSON: {error}", origin=str(path), stage="ingest") from error
    return {key: value for key, value in meta.items() if key in ARTICLE_FIELDS}


def read_jsonl(path: Path) -> Iterator[Article | Failure]:
    """Yield one article per line of a JSON Lines file; a bad line is a ``Failure`` naming ``file:line``."""
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            origin = f"{path}:{number}"
            try:
                yield parse_jsonl_line(raw, origin=origin)
            except InputError as error:
                yield Failure(origin=origin, stage="ingest", message=error.message)


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
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return check_published_year(value, origin=origin)
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


def build_article(fields: dict[str, Any], *, origin: str) -> Article:
    """Return an ``Article`` from raw fields: the input's own id when it has one, else one derived from the text."""
    if not isinstance(fields.get("text"), str):
        raise InputError('missing "text": every article needs its text as a string', origin=origin)
    text = require_text(fields["text"], origin=origin)
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
