"""The one fold (``pipeline.knowledge.text``): what counts as the same letter, for matching and for ids."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.ids import slugify
from pipeline.knowledge.text import english_function_words, fold, plain_characters


@pytest.mark.parametrize(("text", "expected"), [
    ("Erdoğan", "erdogan"),
    ("Yıldırım", "yildirim"),
    ("Łódź", "łodz"),  # upper-case Ł is not in fold.json; NFKD keeps it, lower() makes it ł
    ("Straße", "strasse"),
    ("Kremlin’s", "kremlin's"),
    ("Abu Dhabi–Dubai", "abu dhabi-dubai"),
    ("“Hamas”", '"hamas"'),
    ("ØRSTED", "ørsted"),
])
def test_text_fold_transliterates_by_default(text: str, expected: str) -> None:
    assert fold(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Yıldırım", "yıldırım"),
    ("Straße", "straße"),
    ("Kremlin’s", "kremlin’s"),
    ("Erdoğan", "erdogan"),
])
def test_text_fold_without_transliteration_keeps_the_table_letters(text: str, expected: str) -> None:
    assert fold(text, transliterate=False) == expected


@pytest.mark.parametrize(("name", "expected"), [
    ("Recep Tayyip Erdoğan", "recep_tayyip_erdogan"),
    ("Binali Yıldırım", "binali_yldrm"),  # ids are content hashes: "ı" stays dropped, as it always was
    ("Gerhard Schröder", "gerhard_schroder"),
    ("Straße", "strae"),
])
def test_text_slugs_keep_their_values(name: str, expected: str) -> None:
    assert slugify(name) == expected


def test_text_plain_characters_keeps_case_and_diacritics() -> None:
    assert plain_characters("Yıldırım’s “Ankara” – Göç") == "Yildirim's \"Ankara\" - Göç"


def test_text_english_function_words_skip_comments_and_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "words.txt"
    path.write_text("# a comment\nthe\n\nof  # inline\n", encoding="utf-8")

    assert english_function_words(path) == frozenset({"the", "of"})


def test_text_shipped_english_function_words() -> None:
    words = english_function_words()

    assert len(words) == 32 and {"the", "of", "said", "who"} <= words
