from __future__ import annotations

import csv
from pathlib import Path

from pipeline.evalsets import ngec
from pipeline.evalsets.records import Document, GoldEvent


def write_stories(root: Path, rows: list[dict[str, str]]) -> None:
    folder = root / ngec.FOLDER
    folder.mkdir(parents=True)
    with (folder / ngec.STORIES).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["disclaimer", "text", "title", "source", "prompt", "label", "mode"])
        writer.writeheader()
        writer.writerows({"disclaimer": "synthetic", "source": "AP", "prompt": "", **row} for row in rows)


def test_ngec_reads_document_labels(tmp_path: Path) -> None:
    write_stories(
        tmp_path,
        [
            {
                "text": "Arnor's teachers walked out.",
                "title": "{country_1} Teachers Strike",
                "label": "PROTEST",
                "mode": "STRIKE",
            },
            {
                "text": "Arnor hit Gondor with clubs.",
                "title": "{country_1} Clubs",
                "label": "ASSAULT",
                "mode": "PRIMATIVE",
            },
            {"text": "Arnor demanded talks.", "title": "{country_1} Demands", "label": "DEMAND", "mode": ""},
        ],
    )

    assert ngec.read_all(tmp_path) == [
        GoldEvent(
            dataset="ngec_synthetic",
            document="ngec:0001",
            text="Arnor's teachers walked out.",
            label="PROTEST",
            plover="PROTEST",
            mode="strike",
        ),
        GoldEvent(
            dataset="ngec_synthetic",
            document="ngec:0002",
            text="Arnor hit Gondor with clubs.",
            label="ASSAULT",
            plover="ASSAULT",
        ),
        GoldEvent(
            dataset="ngec_synthetic",
            document="ngec:0003",
            text="Arnor demanded talks.",
            label="DEMAND",
            plover="REQUEST",
        ),
    ]
    assert ngec.documents(tmp_path) == [
        Document("ngec:0001", "", group="{country_1} Teachers Strike"),
        Document("ngec:0002", "", group="{country_1} Clubs"),
        Document("ngec:0003", "", group="{country_1} Demands"),
    ]
