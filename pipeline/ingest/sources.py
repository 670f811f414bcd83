"""Read the sources ``claimgraph run`` accepts: ``.txt`` and ``.html`` files, directories of them,
and ``.jsonl`` files of articles. Yields ``Article`` or ``Failure`` records, one per input, in order.

A ``.txt`` file may have a sidecar ``<name>.meta.json`` with ``id``, ``title``, ``url``, ``source``
and ``published_at``. Imports records, errors, ids and the sibling readers; never another stage.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import dateparser
from pydantic import ValidationError

from pipeline.errors import InputError, SourceError
from pipeline.ids import article_id
from pipeline.ingest.decode import decode_text, require_text
from pipeline.ingest.html import read_html
from pipeline.records import Article, Failure

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl",)
META_SUFFIX = ".meta.json"
# Field names other datasets use for ours (MEANTIME: doc_id, dct).
FIELD_ALIASES = {"doc_id": "id", "dct": "published_at", "date": "published_at", "outlet": "source", "body": "text"}
ARTICLE_FIELDS = ("id", "text", "title", "url", "source", "published_at")


def read_sources(sources: Iterable[str | Path]) -> Iterator[Article | Failure]:
    """Yield an ``Article`` or a ``Failure`` for every input the sources hold; raise ``SourceError`` for a bad source."""
    for source in sources:
        path = Path(source)
        if not path.exists():
            raise SourceError(f"no such file or directory: {path}", origin=str(path), stage="ingest")
        files = list_inputs(path) if path.is_dir() else [path]
        for file in files:
            yield from read_file(file)


def list_inputs(directory: Path) -> list[Path]:
    """Return the readable inputs under ``directory``, recursively, in a stable order."""
    suffixes = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES
    found = (p for p in directory.rglob("*") if p.is_file() and p.suffix.lower() in suffixes)
    return sorted(found)


def read_file(path: Path) -> Iterator[Article | Failure]:
    """Yield the articles of one file, or a ``Failure`` naming the file and the reason."""
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from read_jsonl(path)
        return
    if suffix not in TEXT_SUFFIXES + HTML_SUFFIXES:
        raise SourceError(
            f"unsupported input {path.name}: give .txt, .html or .jsonl files or a directory", origin=str(path)
        )
    try:
        yield read_html(path) if suffix in HTML_SUFFIXES else read_text_file(path)
    except InputError as error:
        yield Failure(origin=str(path), stage="ingest", message=error.message)


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
    if not isinstance(record, dict):
        raise InputError("a line must be a JSON object with at least a \"text\" field", origin=origin)
    fields = {FIELD_ALIASES.get(key, key): value for key, value in record.items()}
    if not isinstance(fields.get("text"), str):
        raise InputError("missing \"text\": every article needs its text as a string", origin=origin)
    return build_article(fields, origin=origin)


def parse_published(value: Any, *, origin: str) -> datetime | None:
    """Return the publication date-time an input gives (ISO 8601, or any form dateparser reads); raise ``InputError`` otherwise."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value
    text = str(value).strip()
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        parsed = dateparser.parse(text, languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first", "PARSERS": ["custom-formats", "absolute-time"]})
    if parsed is None:
        raise InputError(f"published_at {text!r} is not a date: use ISO 8601 (2020-11-20)", origin=origin)
    return parsed


def build_article(fields: dict[str, Any], *, origin: str) -> Article:
    """Return an ``Article`` from raw fields: the input's own id when it has one, else one derived from the text."""
    text = require_text(fields["text"], origin=origin)
    kept = {key: fields.get(key) for key in ARTICLE_FIELDS if key != "text"}
    kept["id"] = str(kept["id"]) if kept.get("id") not in (None, "") else article_id(text)
    for key in ("title", "url", "source"):
        kept[key] = str(kept[key]) if kept.get(key) not in (None, "") else None
    kept["published_at"] = parse_published(kept.get("published_at"), origin=origin)
    try:
        return Article(text=text, origin=origin, **kept)
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
        raise InputError(f"bad article fields ({problems})", origin=origin) from error
