"""Spool files: articles written as JSON Lines between ingestion and processing, whole (their
origin included), so a failure found later is still recorded against the URL it came from.

Imports records only; never another stage.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from pipeline.records import Article


def write_spool(path: Path, articles: Iterable[Article]) -> int:
    """Write ``articles`` to ``path``, one JSON record a line; return how many were written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        for article in articles:
            handle.write(article.model_dump_json() + "\n")
            count += 1
    return count


def read_spool(path: Path) -> Iterator[Article]:
    """Yield the articles a spool file holds, in the order they were written."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield Article.model_validate_json(line)
