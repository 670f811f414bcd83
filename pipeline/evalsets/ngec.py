"""Reader of the NGEC synthetic stories (``training/ngec_synthetic`` under the data root).

``gpt_synthetic_events_2023-10-19_19.csv``: 4,500 LLM-written stories, each labelled with one PLOVER
type (``label``) and mode (``mode``) for the whole document; no spans. A document's id is
``ngec:<row number>``; the twelve stories written from one headline template (``title``, with
``{country_1}`` placeholders) form a group that the split keeps together, so near-copies never straddle
two splits. ``synthetic_headlines.csv`` holds the headline templates alone and is not read.
Imports only leaves.
"""

from __future__ import annotations

import csv
from pathlib import Path

from pipeline.errors import InputError
from pipeline.evalsets.records import Document, GoldEvent
from pipeline.ontology import MODES, PLOVER_TYPES, to_v08

DATASET = "ngec_synthetic"
FOLDER = Path("training") / "ngec_synthetic"
STORIES = "gpt_synthetic_events_2023-10-19_19.csv"
COLUMNS = ("text", "title", "label", "mode")


def read_rows(data_root: Path) -> list[dict[str, str]]:
    """Return the rows of the stories file; raise ``InputError`` when a column is missing."""
    path = Path(data_root) / FOLDER / STORIES
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    if rows and set(COLUMNS) - set(rows[0]):
        raise InputError(f"columns {sorted(set(COLUMNS) - set(rows[0]))} missing", origin=str(path), stage="evalsets")
    return rows


def document_id(row_number: int) -> str:
    """Return the id of the story on data row ``row_number`` (1-based, header not counted)."""
    return f"ngec:{row_number:04d}"


def event_of(row_number: int, row: dict[str, str]) -> GoldEvent:
    """Return the document-level event of one story: its PLOVER type and (when PLOVER knows it) its mode."""
    plover = to_v08(row["label"])
    mode = row["mode"].strip().lower() or None
    known = plover in PLOVER_TYPES
    return GoldEvent(
        dataset=DATASET,
        document=document_id(row_number),
        text=row["text"],
        label=row["label"],
        plover=plover if known else None,
        mode=mode if known and mode in MODES[plover] else None,
    )


def read_all(data_root: Path) -> list[GoldEvent]:
    """Return every story as a document-level event, in file order."""
    return [event_of(number, row) for number, row in enumerate(read_rows(data_root), start=1)]


def documents(data_root: Path) -> list[Document]:
    """Return every story as a document, grouped by its headline template."""
    return [Document(document_id(n), "", group=row["title"]) for n, row in enumerate(read_rows(data_root), start=1)]
