"""The word sets of ``models/lexicons``: read by name, and agreeing with the actor registry where both
name a sector."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.errors import ModelError
from pipeline.knowledge import data_path, words
from pipeline.knowledge.words import sector_heads, word_set, word_sets


def registry_sectors() -> dict[str, set[str]]:
    """Return {word: the sectors the actor registry's lexicon.json gives it}."""
    lexicon = json.loads(data_path("registry", "lexicon.json").read_text(encoding="utf-8"))
    found: dict[str, set[str]] = {}
    for sector, phrases in lexicon["sector_words"].items():
        for phrase in phrases:
            found.setdefault(phrase, set()).add(sector)
    return found


def test_words_sector_heads_agree_with_the_registry() -> None:
    registry = registry_sectors()
    disagree = {word: (sector, registry[word]) for word, sector in sector_heads().items()
                if word in registry and registry[word] != {sector}}

    assert disagree == {}


@pytest.mark.parametrize(
    ("word", "sector"), [("army", "MIL"), ("mercenaries", "UAF"), ("police", "COP"), ("court", "JUD")],
)
def test_words_sector_heads_read_the_file(word: str, sector: str) -> None:
    assert sector_heads()[word] == sector


def test_words_sets_hold_lower_case_words_only() -> None:
    upper = {name: sorted(w for w in words if w != w.lower()) for name, words in word_sets().items()}

    assert {name: found for name, found in upper.items() if found} == {}


def test_words_unknown_set_raises() -> None:
    with pytest.raises(ModelError, match="has no set 'no_such_set'"):
        word_set("no_such_set")


def test_words_unreadable_file_raises(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "word_sets.json").write_text('{"sets": {"x": {"about": "no words"}}}', encoding="utf-8")
    monkeypatch.setattr(words, "WORDS_FILE", tmp_path / "word_sets.json")

    with pytest.raises(ModelError, match="cannot be read"):
        word_sets.__wrapped__()
