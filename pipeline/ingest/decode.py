"""Decode raw input bytes into article text, refusing what is not text.

Imports only errors; every refusal is an ``InputError`` whose message says what to do next.
"""

from __future__ import annotations

from pipeline.errors import InputError

_CONTROL_BYTES = frozenset(range(0, 32)) - {9, 10, 12, 13}
_BINARY_SAMPLE = 8192


def looks_binary(data: bytes) -> bool:
    """Return True when ``data`` holds NUL bytes or is mostly control bytes (an image, an archive...)."""
    sample = data[:_BINARY_SAMPLE]
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte in _CONTROL_BYTES)
    return bool(sample) and controls / len(sample) > 0.05


def decode_text(data: bytes, *, origin: str) -> str:
    """Return ``data`` decoded as UTF-8 (a BOM is dropped); raise ``InputError`` for empty, binary or undecodable input."""
    if looks_binary(data):
        raise InputError("binary file, not text: give a .txt, .html or .jsonl article", origin=origin, stage="ingest")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(
            f"invalid UTF-8 at byte {error.start}: re-save the file as UTF-8", origin=origin, stage="ingest"
        ) from error
    return require_text(text, origin=origin)


def require_text(text: str, *, origin: str) -> str:
    """Return ``text`` with Windows line ends made plain; raise ``InputError`` when it holds no words."""
    if not text.strip():
        raise InputError("empty article: the input holds no text", origin=origin, stage="ingest")
    return text.replace("\r\n", "\n").replace("\r", "\n")
