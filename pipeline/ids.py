"""Content-derived ids: a short hash of the canonical JSON of the identifying fields.

Leaf module: imports only ``pipeline.knowledge.text`` (the one fold). Provenance (run id, model
version) never goes in.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from pipeline.knowledge.text import fold

_WHITESPACE = re.compile(r"\s+")


def canonical_json(value: Any) -> str:
    """Return ``value`` as JSON with sorted keys and no whitespace, the form ids are hashed from."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def content_id(prefix: str, value: Any, *, length: int = 16) -> str:
    """Return ``prefix`` + the first ``length`` hex digits of the sha256 of ``value``'s canonical JSON."""
    digest = hashlib.sha256(canonical_json(value).encode("utf-8")).hexdigest()
    return f"{prefix}{digest[:length]}"


def slugify(name: str) -> str:
    """Return an ASCII, lower-case, underscore-joined form of ``name`` ("Recep Erdoğan" -> "recep_erdogan")."""
    # Without transliteration: an id is a hash of content and must keep its value ("ı" is dropped).
    ascii_name = fold(name, transliterate=False).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "_", ascii_name).strip("_")


def article_id(text: str) -> str:
    """Return the id of an article that brings none of its own, derived from its text."""
    # One copy of the text, not a list of its words: the same value as " ".join(text.split()) (str.split
    # and re's \s agree on what is whitespace) in a fraction of the memory for a huge article.
    return content_id("a_", _WHITESPACE.sub(" ", text).strip())


def text_hash(text: str) -> str:
    """Return the sha256 hex digest of ``text`` exactly as given: the store's content hash."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
