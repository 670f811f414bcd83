"""Reader of the PLOVER gold-standard records (``plover_gsr/dev.jsonl`` under the data root).

A TEST set only: the file is named "dev" upstream, but no rule, feature or test of the project may be
written from its sentences, so every record lies in our test split. One JSON object per line: ``id``,
``text``, ``event`` (an older PLOVER type in places, mapped by ``pipeline.ontology.to_v08``),
``source`` and ``target`` (an actor, a list of actors, or ""), each actor with ``actorText`` and a
country ``code``. Actor spans are where ``actorText`` first occurs in the text (a record whose actor
text is not found keeps no span for it). Scoring of this set is ``pipeline.assess.evaluate_plover_gsr``;
this reader gives the documents and events for counts and splits. Imports only leaves.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pipeline.errors import InputError
from pipeline.evalsets.records import CharSpan, Document, GoldEvent
from pipeline.ontology import PLOVER_TYPES, to_v08

DATASET = "plover_gsr"
RECORDS = Path("plover_gsr") / "dev.jsonl"


def read_records(data_root: Path) -> list[dict[str, Any]]:
    """Return the records of the file, in order; raise ``InputError`` for a line that is not a JSON object."""
    path = Path(data_root) / RECORDS
    records = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as e:
                raise InputError(f"not JSON ({e.msg})", origin=f"{path}:{number}", stage="evalsets") from e
    return records


def actor_spans(text: str, actors: Any) -> tuple[CharSpan, ...]:
    """Return the span of each actor's ``actorText`` where it first occurs in ``text``.

    Actors whose text is not found are skipped.
    """
    listed = [actors] if isinstance(actors, dict) else actors if isinstance(actors, list) else []
    spans = []
    for actor in listed:
        words = actor.get("actorText", "") if isinstance(actor, dict) else ""
        start = text.find(words) if words else -1
        if start >= 0:
            spans.append(CharSpan(start, start + len(words)))
    return tuple(spans)


def event_of(record: dict[str, Any]) -> GoldEvent:
    """Return the gold event of one record (``plover`` None when its type has no v0.8 counterpart)."""
    plover = to_v08(record["event"])
    text = record["text"]
    return GoldEvent(
        dataset=DATASET,
        document=record["id"],
        text=text,
        label=record["event"],
        source=actor_spans(text, record.get("source")),
        target=actor_spans(text, record.get("target")),
        plover=plover if plover in PLOVER_TYPES else None,
        direction="forward",
    )


def read_all(data_root: Path) -> list[GoldEvent]:
    """Return every record as a gold event, in file order."""
    return [event_of(record) for record in read_records(data_root)]


def documents(data_root: Path) -> list[Document]:
    """Return every record as a document (upstream part "dev", which the split rule makes our test)."""
    return [Document(record["id"], "dev") for record in read_records(data_root)]
