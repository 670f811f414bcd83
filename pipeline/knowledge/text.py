"""Folding text for matching: the one place that says which characters count as the same.

Owns ``fold`` (case and diacritics removed, the letters and typographic punctuation of
``models/text/fold.json`` made plain), ``plain_characters`` (that table alone) and
``english_function_words`` (``models/text/english_function_words.txt``, the language check of ingest). Every matcher
folds through here: the actor registry's aliases, the gazetteer's toponyms, the evaluation's actor
names and the ids' slugs. A leaf: imports the standard library and ``pipeline.knowledge`` only.
"""

from __future__ import annotations

import json
import unicodedata
from functools import cache
from pathlib import Path

from pipeline.knowledge import data_path

FOLD_FILE = data_path("text", "fold.json")
ENGLISH_WORDS_FILE = data_path("text", "english_function_words.txt")


@cache
def _fold_table() -> dict[int, str]:
    """Return the translation table of ``fold.json`` (letters, then punctuation), read once."""
    doc = json.loads(FOLD_FILE.read_text(encoding="utf-8"))
    return str.maketrans({**doc["letters"], **doc["punctuation"]})


def plain_characters(text: str) -> str:
    """Return ``text`` with the letters NFKD cannot decompose ("ı", "ł", "ß") and typographic quotes
    and dashes replaced by plain ones; case and diacritics are kept."""
    return text.translate(_fold_table())


def fold(text: str, *, transliterate: bool = True) -> str:
    """Return ``text`` lower-cased and without diacritics ("Erdoğan" -> "erdogan").

    With ``transliterate`` (the default) ``plain_characters`` is applied first ("Yıldırım" ->
    "yildirim", "’" -> "'"); without it those characters pass through as they are, which ids need:
    a slug keeps the value it has always had, since ids are hashes of content.
    """
    if text.isascii() and "`" not in text:  # nothing to decompose or transliterate: the same result, faster
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", plain_characters(text) if transliterate else text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


@cache
def english_function_words(path: Path = ENGLISH_WORDS_FILE) -> frozenset[str]:
    """Return the common English function words of ``path`` (one a line, ``#`` comments), read once per path.

    Raises ``OSError`` when the file cannot be read.
    """
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return frozenset(line for line in lines if line)
