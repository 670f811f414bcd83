"""Read articles from a local Hugging Face ``datasets`` dataset (JSON, JSON Lines, CSV or Parquet
files), mapping its columns onto the article fields.

A dataset source is written ``dataset:PATH?text=body&title=headline&url=link&source=outlet&published_at=date&id=doc_id``
(every mapping optional; the default column name is the field name) and ``&split=train``.
Yields raw field dicts; ``sources`` turns them into articles. Imports errors only; never another stage.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from pipeline.errors import SourceError

PREFIX = "dataset:"
FIELDS = ("id", "text", "title", "url", "source", "published_at", "author")
BUILDERS = {".parquet": "parquet", ".json": "json", ".jsonl": "json", ".csv": "csv"}


@dataclass(frozen=True)
class DatasetSpec:
    """Where a dataset lies, which split to read and which column holds each article field."""

    path: Path
    split: str = "train"
    columns: dict[str, str] = field(default_factory=dict)

    def column(self, name: str) -> str:
        """Return the column that holds the article field ``name``."""
        return self.columns.get(name, name)


def is_dataset_spec(source: str) -> bool:
    """Return True when ``source`` names a dataset (``dataset:PATH...``)."""
    return source.startswith(PREFIX)


def parse_spec(source: str) -> DatasetSpec:
    """Return the spec ``dataset:PATH?field=column&split=...`` describes; raise ``SourceError`` for unknown fields."""
    path, _, query = source.removeprefix(PREFIX).partition("?")
    options = dict(parse_qsl(query))
    split = options.pop("split", "train")
    unknown = sorted(set(options) - set(FIELDS))
    if unknown:
        raise SourceError(f"unknown dataset field(s) {', '.join(unknown)}: map {', '.join(FIELDS)}", origin=source)
    return DatasetSpec(path=Path(path), split=split, columns=options)


def data_files(path: Path) -> tuple[str, list[str]]:
    """Return the ``datasets`` builder and the data files of a file or directory; raise ``SourceError`` otherwise."""
    files = sorted(p for p in path.rglob("*") if p.suffix in BUILDERS) if path.is_dir() else [path]
    if not path.exists() or not files:
        raise SourceError(f"no dataset files at {path}: give .parquet, .json, .jsonl or .csv files", origin=str(path))
    builders = {BUILDERS.get(p.suffix) for p in files}
    builder = builders.pop() if len(builders) == 1 else None
    if builder is None:
        raise SourceError("a dataset must be files of one kind: .parquet, .json/.jsonl or .csv", origin=str(path))
    return builder, [str(p) for p in files]


def read_dataset(spec: DatasetSpec) -> Iterator[tuple[dict[str, Any], str]]:
    """Yield each row's article fields (by the spec's column mapping) with an origin ``path#row``."""
    import datasets  # slow to import: only when a dataset is read

    builder, files = data_files(spec.path)
    try:
        dataset = datasets.load_dataset(builder, data_files=files, split=spec.split)
    except (ValueError, KeyError, FileNotFoundError) as error:
        raise SourceError(f"cannot load the dataset: {error}", origin=str(spec.path)) from error
    missing = [spec.column(name) for name in ("text",) if spec.column(name) not in dataset.column_names]
    if missing:
        raise SourceError(f"no column {missing[0]!r}: map the text with ?text=COLUMN", origin=str(spec.path))
    for number, row in enumerate(dataset):
        fields = {name: row.get(spec.column(name)) for name in FIELDS if spec.column(name) in row}
        yield fields, f"{spec.path}#{number}"
