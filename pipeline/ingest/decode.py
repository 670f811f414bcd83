"""Decode raw input bytes into article text, refusing what is not text, holds no prose (only a
table, a list, numbers or symbols) or is not English (the models read English only).

Imports errors and the function words of ``pipeline.knowledge.text``; every refusal is an
``InputError`` whose message says what to do next.
"""

from __future__ import annotations

import codecs
import re

from pipeline.errors import InputError
from pipeline.knowledge.text import english_function_words

_CONTROL_BYTES = frozenset(range(0, 32)) - {9, 10, 12, 13}
_BINARY_SAMPLE = 8192
# Three words of letters in a row on one line: the least a sentence has (a table or a list of single words has none).
_PROSE = re.compile(r"[^\W\d_]{2,}[^\S\n]+[^\W\d_]+[^\S\n]+[^\W\d_]{2,}")
_WORD = re.compile(r"[^\W\d_]+")
_LANGUAGE_SAMPLE = 20_000
# UTF-32 first: its little-endian BOM begins with UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_MIN_WORDS_FOR_LANGUAGE = 20
_MIN_ENGLISH_SHARE = 0.08


def looks_binary(data: bytes) -> bool:
    """Return True when ``data`` holds NUL bytes or is mostly control bytes (an image, an archive...)."""
    sample = data[:_BINARY_SAMPLE]
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte in _CONTROL_BYTES)
    return bool(sample) and controls / len(sample) > 0.05


def bom_encoding(data: bytes) -> str | None:
    """Return the UTF-16 or UTF-32 encoding whose byte-order mark ``data`` starts with, or None."""
    return next((encoding for bom, encoding in _BOMS if data.startswith(bom)), None)


def decode_wide(data: bytes, encoding: str, *, origin: str) -> str:
    """Return ``data`` decoded as UTF-16 or UTF-32 (its BOM says which byte order); raise ``InputError`` when it does
    not decode or decodes to control characters (binary data that happens to start like a BOM)."""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise InputError(f"invalid {encoding.upper()} at byte {error.start}: re-save the file as UTF-8",
                         origin=origin, stage="ingest") from error
    if looks_binary(text.encode("utf-8", errors="replace")):
        raise InputError("binary file, not text: give a .txt, .html or .jsonl article", origin=origin, stage="ingest")
    return text


def decode_text(data: bytes, *, origin: str) -> str:
    """Return ``data`` decoded as UTF-8, or as UTF-16/UTF-32 when it starts with their byte-order mark (a BOM is
    dropped); raise ``InputError`` for empty, binary or undecodable input.

    The prose and language checks are ``require_text``'s, on the article text (not on HTML markup).
    """
    encoding = bom_encoding(data)
    if encoding is not None:
        return require_some(decode_wide(data, encoding, origin=origin), origin=origin)
    if looks_binary(data):
        raise InputError("binary file, not text: give a .txt, .html or .jsonl article", origin=origin, stage="ingest")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(
            f"invalid UTF-8 at byte {error.start}: re-save the file as UTF-8", origin=origin, stage="ingest"
        ) from error
    return require_some(text, origin=origin)


def require_some(text: str, *, origin: str) -> str:
    """Return ``text``; raise ``InputError`` when it is empty or only white space."""
    if not text.strip():
        raise InputError("empty article: the input holds no text", origin=origin, stage="ingest")
    return text


def require_text(text: str, *, origin: str) -> str:
    """Return ``text`` with Windows line ends made plain; raise ``InputError`` when it is empty, holds no
    prose or is not English."""
    if not text.strip():
        raise InputError("empty article: the input holds no text", origin=origin, stage="ingest")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    check_prose(text, origin=origin)
    return text


def check_prose(text: str, *, origin: str) -> None:
    """Raise ``InputError`` when ``text`` holds no sentence (only a table, a list, numbers, symbols) or is not
    English."""
    if _PROSE.search(text) is None:
        raise InputError(
            "no prose: not one run of three words on a line (only a table, a list, numbers or symbols?); "
            "nothing to extract claims from",
            origin=origin, stage="ingest",
        )
    if english_share(text) < _MIN_ENGLISH_SHARE:
        raise InputError(
            "not English (almost none of its words are English function words): claimgraph's models read English only",
            origin=origin, stage="ingest",
        )


def english_share(text: str) -> float:
    """Return the share of common English function words among the first words of ``text`` (1.0 when too
    short to tell)."""
    words = _WORD.findall(text[:_LANGUAGE_SAMPLE].lower())
    if len(words) < _MIN_WORDS_FOR_LANGUAGE:
        return 1.0
    # The commonest English function words: a quarter or more of English prose, almost none of other languages'.
    common = english_function_words()
    return sum(word in common for word in words) / len(words)
