from __future__ import annotations

import json
from pathlib import Path

from pipeline.evalsets import own_gold
from pipeline.evalsets.records import Document
from pipeline.evaluate import split_of


def gold_line(article: str) -> str:
    return json.dumps(
        {
            "article": article,
            "start": 0,
            "end": 12,
            "sentence": "Arnor left.",
            "subject": "Arnor",
            "object": None,
            "plover": "RETREAT",
            "polarity": "affirmed",
            "modality": "asserted",
            "kind": "event",
        }
    )


def test_own_gold_documents_reuse_split_of(tmp_path: Path) -> None:
    path = tmp_path / "claims.jsonl"
    path.write_text(
        "\n".join(gold_line(a) for a in ("seed-a", "meantime:1", "seed-a", "meantime:2")) + "\n", encoding="utf-8"
    )

    assert own_gold.documents(path) == [
        Document("seed-a", "dev"),
        Document("meantime:1", split_of("meantime:1")),
        Document("meantime:2", split_of("meantime:2")),
    ]
