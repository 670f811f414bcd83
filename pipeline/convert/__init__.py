"""Converters: the external lexical resources of ``../shared/data/lexicons`` turned into the project's
own lexicon and registry files under ``models/``, with provenance per entry and the conflicts with the
hand-written files listed, never silently overwritten.

Run by ``claimgraph convert --data ../shared/data``. A composition module: it reads the external
files and writes data files; the stages only ever read what it wrote, through ``pipeline.ontology``
and ``pipeline.normalize``'s loaders.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from pipeline.ontology import MANIFEST_FILE, write_manifest

# Each converter: (what it converts, its main(data_dir, models_dir) -> summary), run in this order.
Converter = tuple[str, Callable[[Path, Path], str]]


def converters() -> list[Converter]:
    """Return the converters, imported on demand (the PETRARCH one loads spaCy)."""
    from pipeline.convert import companies, petrarch_files, phoenix_actors, place_points, propbank

    # The listed companies come before the Phoenix actors, which defer to them as to the hand-written registry.
    return [("PETRARCH2 verb patterns", petrarch_files.main), ("Listed companies (pytickersymbols)", companies.main),
            ("Phoenix actors and CountryInfo", phoenix_actors.main), ("PropBank argument roles", propbank.main),
            ("Place points (GeoNames, Natural Earth)", place_points.main)]


def convert_all(data_dir: Path, models_dir: Path, *, report: Callable[[str, str], None] | None = None) -> list[str]:
    """Run every converter from ``data_dir`` (the shared data root) into ``models_dir`` and rewrite the lexicon's
    manifest (same version: a rerun over unchanged sources changes no byte). Returns each converter's summary;
    ``report(name, summary)`` is called as each finishes. Raises what the converters raise (``SourceError`` for
    a missing or unreadable source, ``ModelError`` for an unreadable hand-written file)."""
    summaries = []
    for name, convert in converters():
        summary = convert(Path(data_dir), Path(models_dir))
        summaries.append(summary)
        if report is not None:
            report(name, summary)
    lexicons = Path(models_dir) / "lexicons"
    version = json.loads((lexicons / MANIFEST_FILE).read_text(encoding="utf-8")).get("version", "0")
    write_manifest(lexicons, version=str(version))
    return summaries
