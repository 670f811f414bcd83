"""Readers of the geoparsing sets (``geoparsing/lgl.jsonl`` and ``geoparsing/trnews.jsonl`` under the data root).

Each line is one article: ``id``, ``text``, ``title``, ``url``, ``published_at`` and ``locations``, each
a toponym with its character offsets (end-exclusive), GeoNames id, feature code and point. Neither set
has upstream parts: ``pipeline.evalsets.splits`` cuts them by a hash of the article id. The scoring
lives in ``pipeline.evaluate.places``; ``benchmarks/geoparsing.py`` runs it. Imports only leaves.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pipeline.errors import InputError
from pipeline.evalsets.records import Document

FOLDER = Path("geoparsing")
FILES = {"lgl": "lgl.jsonl", "trnews": "trnews.jsonl"}


def read_rows(data_root: Path, dataset: str) -> list[dict[str, Any]]:
    """Return the article rows of ``dataset`` ("lgl" or "trnews"); raise ``InputError`` for a line that is not
    an article object."""
    path = Path(data_root) / FOLDER / FILES[dataset]
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            raise InputError(f"line {number} is not JSON ({e.msg})", origin=str(path), stage="evalsets") from e
        if not isinstance(row, dict) or not {"id", "text", "locations"} <= row.keys():
            raise InputError(f"line {number} is not an article with id, text and locations", origin=str(path),
                             stage="evalsets")
        rows.append(row)
    return rows


def lgl_documents(data_root: Path) -> list[Document]:
    """Return every LGL article as a document without an upstream part."""
    return [Document(str(row["id"]), "") for row in read_rows(data_root, "lgl")]


def trnews_documents(data_root: Path) -> list[Document]:
    """Return every TR-News article as a document without an upstream part."""
    return [Document(str(row["id"]), "") for row in read_rows(data_root, "trnews")]
