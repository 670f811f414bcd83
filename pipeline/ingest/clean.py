"""Normalize article text (and its title, source and author) before anything reads it (fingerprints,
the parser, the store, the outlet a sighting names): Unicode NFKC (full-width letters, ligatures and
compatibility forms become plain ones), and invisible characters removed: zero-width characters,
bidirectional controls, Unicode tag characters, variation selectors and control characters other
than tab, new line, carriage return and form feed.

Invisible characters make look-alike names (``Ir\\u200ban`` is not ``Iran`` to the actor registry)
and hide a copy from duplicate detection. Imports records only; never another stage.
"""

from __future__ import annotations

import re
import unicodedata

from pipeline.records import Article

# Zero-width and invisible formatting characters (soft hyphen, ZWSP/ZWNJ/ZWJ, word joiner, invisible
# operators, BOM), bidirectional controls (ALM, LRM/RLM, embeddings, overrides, isolates), variation
# selectors, tag characters, C0 and C1 controls but tab, new line, form feed and carriage return.
INVISIBLE = re.compile(
    "[\u00ad\u180e\u200b-\u200f\u2060-\u2064\u206a-\u206f\ufeff\u061c\u202a-\u202e\u2066-\u2069"
    "\ufe00-\ufe0f\U000e0000-\U000e007f\U000e0100-\U000e01ef"
    "\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]"
)


def clean_text(text: str) -> tuple[str, int]:
    """Return ``text`` in NFKC with its invisible characters removed, and how many were removed."""
    normalized = unicodedata.normalize("NFKC", text)
    cleaned, removed = INVISIBLE.subn("", normalized)
    # NFKC may compose what the removed characters kept apart.
    return (unicodedata.normalize("NFKC", cleaned) if removed else cleaned), removed


# The fields besides the text that name things: a look-alike outlet would be another outlet.
NAMING_FIELDS = ("title", "source", "author")


def clean_article(article: Article) -> tuple[Article, int]:
    """Return ``article`` with its text, title, source and author cleaned (``clean_text``), and how many invisible
    characters were removed from them."""
    changes, removed = {}, 0
    for name in ("text", *NAMING_FIELDS):
        value = getattr(article, name)
        if value:
            cleaned, count = clean_text(value)
            removed += count
            if cleaned != value:
                changes[name] = cleaned
    return (article.model_copy(update=changes) if changes else article), removed
