"""Tests for pipeline.evaluate.gsr: claims against the PLOVER gold-standard records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from builders import claim, entity

from pipeline.evaluate.gsr import GsrCounts, GsrScores, plover_gsr_score

GSR_DEV = Path(__file__).resolve().parents[4] / "shared" / "data" / "plover_gsr" / "dev.jsonl"


USA = entity("United States", type="state", country="USA", id="USA")
JAPAN = entity("Japan", type="state", country="JPN", id="JPN")
GERMANY = entity("Germany", type="state", country="DEU", id="DEU")
HUNGARIAN_MINISTER = entity("Hungarian officials", type="other", country="HUN", id="hun_officials")


GSR_RECORDS = [
    {"id": "r1", "event": "DEMAND", "source": [{"actorText": "Washington", "code": "USA"}],
     "target": [{"actorText": "Japan", "code": "JAP", "sector": "GOV"}], "text": "..."},
    {"id": "r2", "event": "AGREE", "source": [{"actorText": "Hungarian", "code": "HUN"}, {"actorText": "Romanian", "code": "ROU"}],
     "target": "", "text": "..."},
    {"id": "r3", "event": "CRIME", "source": [{"actorText": "gang", "code": "USA"}], "target": [], "text": "..."},
]


def test_gsr_plover_gsr_score_on_hand_made_records() -> None:
    predictions = {
        "r1": [claim("r1", (0, 9), USA, JAPAN, "REQUEST")],
        "r2": [claim("r2", (0, 9), GERMANY, None, "AGREE"), claim("r2", (0, 9), HUNGARIAN_MINISTER, None, "REJECT")],
    }
    assert plover_gsr_score(GSR_RECORDS, predictions) == GsrScores(
        sentences=2, event=2, with_source=2, source=2, with_target=1, target=1, triple=1,
        per_type={"AGREE": GsrCounts(1, 1, 1, 1, 0, 0, 0), "REQUEST": GsrCounts(1, 1, 1, 1, 1, 1, 1)},
        excluded={"CRIME": 1}, misses=("r2",),
    )


def test_gsr_plover_gsr_score_reads_the_dev_records() -> None:
    if not GSR_DEV.exists():
        pytest.skip(f"PLOVER gold records not found at {GSR_DEV} (shared data absent)")
    records = [json.loads(line) for line in GSR_DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    result = plover_gsr_score(records, {})
    assert (result.sentences, result.event, result.triple, result.excluded) == (len(records), 0, 0, {})
    assert result.with_target < result.sentences and result.with_source == result.sentences - 1
