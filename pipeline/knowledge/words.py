"""The word sets the rules read: ``models/lexicons/word_sets.json`` (named sets of words, each with
what it holds and which module reads it) and ``models/lexicons/sector_heads.txt`` (head nouns that
make a sector of the country modifying them).

Each file is read once, by one loader here; ``pipeline.extract`` and ``pipeline.evaluate`` bind the
sets they need to module constants. A leaf: imports the standard library, ``pipeline.knowledge`` and
``pipeline.errors`` only. The files are described in ``models/lexicons/README.md``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from types import MappingProxyType

from pipeline.errors import ModelError
from pipeline.knowledge import data_path

WORDS_FILE = data_path("lexicons", "word_sets.json")
SECTOR_HEADS_FILE = data_path("lexicons", "sector_heads.txt")


@cache
def word_sets() -> Mapping[str, frozenset[str]]:
    """Return every set of ``word_sets.json`` by name (read once).

    Raises ``ModelError`` when the file is missing or is not the documented JSON.
    """
    try:
        doc = json.loads(WORDS_FILE.read_text(encoding="utf-8"))
        sets = {name: frozenset(entry["words"]) for name, entry in doc["sets"].items()}
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise _data_error(WORDS_FILE, "cannot be read as the word-set JSON") from error
    return MappingProxyType(sets)


def word_set(name: str) -> frozenset[str]:
    """Return the word set ``name`` of ``word_sets.json``; raise ``ModelError`` when it has none."""
    sets = word_sets()
    if name not in sets:
        raise _data_error(WORDS_FILE, f"has no set {name!r}")
    return sets[name]


@cache
def sector_heads() -> Mapping[str, str]:
    """Return {head noun: CAMEO sector code} of ``sector_heads.txt`` (read once), in file order.

    Raises ``ModelError`` when the file is missing or a line is not ``<word> <SECTOR>``.
    """
    heads: dict[str, str] = {}
    for number, line in _data_lines(SECTOR_HEADS_FILE):
        parts = line.split()
        if len(parts) != 2:
            raise _data_error(SECTOR_HEADS_FILE, f"line {number}: expected '<word> <SECTOR>'")
        heads[parts[0].lower()] = parts[1].upper()
    return MappingProxyType(heads)


def _data_lines(path: Path) -> list[tuple[int, str]]:
    """Return the non-blank lines of ``path`` without comments, with their numbers."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise _data_error(path, "cannot be read") from error
    lines = [(number, line.split("#", 1)[0].strip()) for number, line in enumerate(text.splitlines(), 1)]
    return [(number, line) for number, line in lines if line]


def _data_error(path: Path, problem: str) -> ModelError:
    return ModelError(f"{path} {problem}: restore it from the repository (format in models/lexicons/README.md)",
                      origin=str(path), stage="knowledge")
