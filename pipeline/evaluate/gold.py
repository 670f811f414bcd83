"""The project's gold claims: the record (``GoldClaim``), its reader (``load_gold``,
``parse_gold_line``, ``gold_problem``; the file format is in ``corpora/gold/README.md``) and the
held-apart split (``split_of``).

Imports only the standard library, ``pipeline.records`` and ``pipeline.errors``. It reads no article
text; gold claims carry their own offsets.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

from pipeline.errors import InputError
from pipeline.records import PLOVER_TYPES, ClaimKind, Modality, Polarity

GOLD_FIELDS = ("article", "start", "end", "subject", "object", "plover", "polarity", "modality", "kind")
# A gold line quotes its sentence only for the project's own samples; for corpora the project does not
# own (MEANTIME) it carries the sentence's sha256, so the offsets stay checkable without copying text.
SENTENCE_FIELDS = ("sentence", "sentence_sha256")
TEST_SHARE = 30  # percent of articles held apart as "test", chosen by hash of the article id


@dataclass(frozen=True)
class GoldClaim:
    """One hand-annotated claim: the sentence that states it (offsets into the article text) and its typing."""

    article: str
    start: int
    end: int
    subject: str
    object: str | None
    plover: str
    polarity: str
    modality: str
    kind: str
    time: str | None = None
    note: str = ""
    sentence: str | None = None
    sentence_sha256: str | None = None

    def states(self, text: str) -> bool:
        """Return True when ``text[start:end]`` is the sentence this gold line was written against."""
        found = text[self.start : self.end]
        if self.sentence is not None:
            return found == self.sentence
        return hashlib.sha256(found.encode("utf-8")).hexdigest() == self.sentence_sha256


def load_gold(path: Path) -> list[GoldClaim]:
    """Return the gold claims of a JSON Lines file, in file order.

    Raises ``InputError`` (naming the file and line) for a line that is not JSON or not a valid claim.
    """
    claims = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            claims.append(parse_gold_line(line, origin=f"{path}:{number}"))
    return claims


def parse_gold_line(line: str, *, origin: str = "") -> GoldClaim:
    """Return the gold claim one line of the gold file holds; raises ``InputError`` when it is invalid."""
    try:
        row = json.loads(line)
    except json.JSONDecodeError as e:
        raise InputError(f"not JSON ({e.msg}); fix the line", origin=origin, stage="evaluate") from e
    if not isinstance(row, dict):
        raise InputError("a gold line must be a JSON object", origin=origin, stage="evaluate")
    problem = gold_problem(row)
    if problem:
        raise InputError(f"invalid gold claim: {problem}", origin=origin, stage="evaluate")
    fields: dict[str, Any] = {name: row.get(name) for name in (*GOLD_FIELDS, *SENTENCE_FIELDS, "time")}
    return GoldClaim(**fields, note=row.get("note") or "")


def gold_problem(row: dict[str, Any]) -> str | None:
    """Return what is wrong with a gold row (a missing field, a value outside its set), or None."""
    missing = [name for name in GOLD_FIELDS if name not in row]
    if missing:
        return f"missing field(s) {missing}"
    if not any(row.get(name) for name in SENTENCE_FIELDS):
        return "needs the sentence (own samples) or its sentence_sha256 (corpora the project does not own)"
    allowed = {
        "plover": PLOVER_TYPES,
        "polarity": get_args(Polarity),
        "modality": get_args(Modality),
        "kind": get_args(ClaimKind),
    }
    for name, values in allowed.items():
        if row[name] not in values:
            return f"{name} {row[name]!r} is not one of {list(values)}"
    if not (isinstance(row["start"], int) and isinstance(row["end"], int) and 0 <= row["start"] < row["end"]):
        return f"start/end {row['start']!r}/{row['end']!r} must be integers with 0 <= start < end"
    if not row["subject"] or not isinstance(row["subject"], str):
        return "subject must be a non-empty actor key"
    return None


def split_of(article_id: str) -> str:
    """Return "dev" or "test": the part of the gold an article belongs to.

    Corpus articles ("meantime:<doc_id>") are held apart as "test" by hash (about ``TEST_SHARE``
    percent, by sha256 of the id). The bundled samples (ids without a corpus prefix) are always
    "dev": they are the project's worked examples and cannot be blind.
    """
    if ":" not in article_id:
        return "dev"
    digest = hashlib.sha256(article_id.encode("utf-8")).hexdigest()
    return "test" if int(digest[:8], 16) % 100 < TEST_SHARE else "dev"
