"""The words the actor registry and claim normalization read names by, beside the registry's lexicon.

Owns ``RegistryWords`` (name particles, descriptor acronyms, region suffixes, sector classes, place
nouns) and ``load_registry_words``, which reads them from ``models/registry/words.json``. The
registry's own lexicon (``lexicon.json``: sector words, offices, titles) is read by the registry.
A leaf: imports the standard library, ``pipeline.errors`` and ``pipeline.knowledge``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pipeline.errors import ModelError
from pipeline.knowledge import data_path

REGISTRY_WORDS_FILE = data_path("registry", "words.json")


@dataclass(frozen=True)
class RegistryWords:
    """Word classes of actor names and sector codes, as ``words.json`` lists them.

    ``name_particles``: lower-case words inside names ("Bashar al-Assad", "Secretary of State");
    ``descriptor_acronyms``: corporate titles written in capitals ("CEO Steve Jobs");
    ``place_suffixes``: capitalised words ending a region's name ("Kaduna State");
    ``state_sectors``: sectors through which a state acts as a state; ``armed_group_sectors``:
    sectors of armed groups; ``abroad_sectors``: forces that act outside their state;
    ``local_sectors``: people placed where they live and work; ``place_nouns``: words naming the
    kind of place ("Idlib province"), lower-case.
    """

    name_particles: frozenset[str]
    descriptor_acronyms: frozenset[str]
    place_suffixes: frozenset[str]
    state_sectors: frozenset[str]
    armed_group_sectors: frozenset[str]
    abroad_sectors: frozenset[str]
    local_sectors: frozenset[str]
    place_nouns: tuple[str, ...]

    @classmethod
    def from_json(cls, doc: Mapping[str, Any], *, origin: str) -> RegistryWords:
        """Return the words of a parsed ``words.json``; raise ``ModelError`` when a list is missing."""
        try:
            sets = {name: frozenset(doc[name]) for name in (
                "name_particles", "descriptor_acronyms", "place_suffixes", "state_sectors", "armed_group_sectors",
                "abroad_sectors", "local_sectors")}
            return cls(**sets, place_nouns=tuple(doc["place_nouns"]))
        except KeyError as e:
            raise ModelError(f"{origin} lacks the list {e}: restore it from git",
                             origin=origin, stage="normalize") from e


@cache
def load_registry_words(path: Path = REGISTRY_WORDS_FILE) -> RegistryWords:
    """Return the actor words of ``path`` (the shipped file by default), read once per path.

    Raises ``ModelError`` when the file cannot be read or parsed or lacks a list.
    """
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise ModelError(f"cannot read {path}: {e}; restore it from git or fix the JSON",
                         origin=str(path), stage="normalize") from e
    return RegistryWords.from_json(doc, origin=str(path))
