from __future__ import annotations

import json
from pathlib import Path

from pipeline.evalsets import plover_gsr
from pipeline.evalsets.records import CharSpan, Document, GoldEvent

RECORDS = [
    {
        "id": "R-1",
        "text": "Arnor and Gondor officials met in Minas.",
        "event": "CONSULT",
        "source": [{"actorText": "Arnor", "code": "ARN"}, {"actorText": "Gondor", "code": "GON"}],
        "target": "",
    },
    {
        "id": "R-2",
        "text": "Rohan fought the Gondor guard.",
        "event": "FIGHT",
        "source": {"actorText": "Rohan", "code": "ROH"},
        "target": [{"actorText": "Gondor guard", "code": "GON"}, {"actorText": "Mordor", "code": "MOR"}],
    },
    {"id": "R-3", "text": "Arnor gave way.", "event": "YIELD", "source": {"actorText": "Arnor", "code": "ARN"}},
    {"id": "R-4", "text": "Arnor did something.", "event": "CRIME", "source": ""},
]


def test_plover_gsr_reads_records_as_test_documents(tmp_path: Path) -> None:
    (tmp_path / "plover_gsr").mkdir()
    (tmp_path / plover_gsr.RECORDS).write_text("\n".join(json.dumps(r) for r in RECORDS) + "\n", encoding="utf-8")

    assert plover_gsr.read_all(tmp_path) == [
        GoldEvent(
            dataset="plover_gsr",
            document="R-1",
            text=RECORDS[0]["text"],
            label="CONSULT",
            source=(CharSpan(0, 5), CharSpan(10, 16)),
            plover="CONSULT",
            direction="forward",
        ),
        GoldEvent(
            dataset="plover_gsr",
            document="R-2",
            text=RECORDS[1]["text"],
            label="FIGHT",
            source=(CharSpan(0, 5),),
            target=(CharSpan(17, 29),),
            plover="ASSAULT",
            direction="forward",
        ),
        GoldEvent(
            dataset="plover_gsr",
            document="R-3",
            text="Arnor gave way.",
            label="YIELD",
            source=(CharSpan(0, 5),),
            plover="CONCEDE",
            direction="forward",
        ),
        GoldEvent(
            dataset="plover_gsr", document="R-4", text="Arnor did something.", label="CRIME", direction="forward"
        ),
    ]
    assert plover_gsr.documents(tmp_path) == [Document(f"R-{n}", "dev") for n in (1, 2, 3, 4)]
