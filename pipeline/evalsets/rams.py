"""Reader of RAMS 1.0 (``training/rams`` under the data root: ``dev.jsonlines``, ``test.jsonlines``).

One JSON object per line: a five-sentence window of a news article (``sentences``, tokens), one event
trigger with its AIDA type (``evt_triggers``) and its arguments (``gold_evt_links``: trigger tokens,
argument tokens, role ``evtNNNargMMrole``), token indices running over the whole window. Types and
roles are mapped by ``models/ontology/aida_to_plover.json``. The document id is ``doc_key``; windows of
one article share its ``source_url``, which the split keeps together. Imports only leaves.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from pipeline.errors import InputError
from pipeline.evalsets.mapping import EventMapping, direction_of
from pipeline.evalsets.records import CharSpan, Document, GoldEvent, Role
from pipeline.evalsets.tokens import join_tokens, token_range

DATASET = "rams"
FOLDER = Path("training") / "rams"
PARTS = ("dev", "test")
_ROLE = re.compile(r"evt\d+arg(\d+)(\w+)")


def read_rows(path: Path) -> list[dict[str, Any]]:
    """Return the JSON objects of a ``.jsonlines`` file; raise ``InputError`` for a line that is not JSON."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as e:
                raise InputError(f"not JSON ({e.msg})", origin=f"{path}:{number}", stage="evalsets") from e
    return rows


def window_text(sentences: list[list[str]]) -> tuple[str, list[CharSpan], list[CharSpan]]:
    """Return the window's text (sentences joined by one space), each token's span and each sentence's span."""
    text, tokens, bounds = "", [], []
    for sentence in sentences:
        joined, spans = join_tokens(sentence)
        offset = len(text) + (1 if text else 0)
        text = f"{text} {joined}" if text else joined
        tokens += [span.shifted(offset) for span in spans]
        bounds.append(CharSpan(offset, offset + len(joined)))
    return text, tokens, bounds


def role_parts(role: str) -> tuple[str, int | None]:
    """Return the role name and argument number of a RAMS role ("evt089arg01victim" -> ("victim", 1))."""
    match = _ROLE.fullmatch(role)
    return (match.group(2), int(match.group(1))) if match else (role, None)


def event_of(row: dict[str, Any], mapping: EventMapping, *, window: bool = True) -> GoldEvent:
    """Return the gold event of one RAMS row; with ``window=False`` only the trigger's sentence is kept
    (its text, the arguments inside it, spans re-based)."""
    text, tokens, bounds = window_text(row["sentences"])
    first, last, ((event_type, _), *_) = row["evt_triggers"][0]
    trigger = token_range(tokens, first, last)
    keep = next(b for b in bounds if b.start <= trigger.start < b.end) if not window else CharSpan(0, len(text))
    sides: dict[Role, list[CharSpan]] = {"source": [], "target": [], "location": []}
    for _, (a, b), role in row["gold_evt_links"]:
        side = mapping.role_of(event_type, *role_parts(role))
        span = token_range(tokens, a, b)
        if side is not None and keep.start <= span.start and span.end <= keep.end:
            sides[side].append(span.shifted(-keep.start))
    rule = mapping.rule_for(event_type)
    return GoldEvent(
        dataset=DATASET,
        document=row["doc_key"],
        text=text[keep.start : keep.end],
        label=event_type,
        source=tuple(sides["source"]),
        target=tuple(sides["target"]),
        location=tuple(sides["location"]),
        trigger=trigger.shifted(-keep.start),
        plover=rule.plover if rule else None,
        mode=rule.mode if rule else None,
        direction=direction_of(rule),
    )


def read_part(data_root: Path, part: str, mapping: EventMapping, *, window: bool = True) -> list[GoldEvent]:
    """Return the events of one upstream part (``dev`` or ``test``), in file order."""
    return [event_of(row, mapping, window=window) for row in read_rows(Path(data_root) / FOLDER / f"{part}.jsonlines")]


def documents(data_root: Path) -> list[Document]:
    """Return every window as a document, grouped by its source article's URL."""
    return [
        Document(row["doc_key"], part, group=row.get("source_url") or row["doc_key"])
        for part in PARTS
        for row in read_rows(Path(data_root) / FOLDER / f"{part}.jsonlines")
    ]
