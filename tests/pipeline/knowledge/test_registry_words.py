"""The registry's word classes (``models/registry/words.json``), read by ``pipeline.knowledge.registry_words``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.errors import ModelError
from pipeline.knowledge import data_path
from pipeline.knowledge.registry_words import RegistryWords, load_registry_words


def test_registry_words_sectors_are_registry_sectors() -> None:
    words = load_registry_words()
    sectors = set(json.loads(data_path("registry", "lexicon.json").read_text(encoding="utf-8"))["sector_names"])
    classes = words.state_sectors | words.armed_group_sectors | words.abroad_sectors | words.local_sectors

    assert classes - sectors == set()


def test_registry_words_shipped_lists() -> None:
    words = load_registry_words()

    assert (words.state_sectors, words.armed_group_sectors, words.abroad_sectors) == (
        frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY"}), frozenset({"REB", "UAF"}), frozenset({"MIL", "UAF"}))
    assert words.place_nouns[:3] == ("province", "governorate", "region") and len(words.place_nouns) == 10


def test_registry_words_missing_list_raises() -> None:
    with pytest.raises(ModelError, match="lacks the list 'place_nouns'"):
        RegistryWords.from_json({name: [] for name in (
            "name_particles", "descriptor_acronyms", "place_suffixes", "state_sectors", "armed_group_sectors",
            "abroad_sectors", "local_sectors")}, origin="probe.json")


def test_registry_words_unreadable_file_raises(tmp_path: Path) -> None:
    path = tmp_path / "words.json"
    path.write_text("{not json", encoding="utf-8")

    with pytest.raises(ModelError, match="cannot read"):
        load_registry_words(path)
