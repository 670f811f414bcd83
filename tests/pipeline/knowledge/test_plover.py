"""The PLOVER tables of ``models/ontology/plover.json`` are keyed by the one type list of
``pipeline.records`` and refuse a file that drifts from it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.errors import ModelError
from pipeline.knowledge import plover
from pipeline.knowledge.plover import plover_tables
from pipeline.records import PLOVER_TYPES


def test_plover_tables_follow_the_type_list() -> None:
    tables = plover_tables()

    assert (tuple(tables.quad), tuple(tables.modes), tuple(tables.colors)) == (PLOVER_TYPES,) * 3
    assert tables.cooperative | tables.material_conflict | tables.reciprocal <= set(PLOVER_TYPES)


def test_plover_tables_map_yield_to_concede() -> None:
    assert dict(plover_tables().old_types) == {
        "DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT", "YIELD": "CONCEDE",
    }


def test_plover_tables_refuse_a_missing_type(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = json.loads(plover.PLOVER_FILE.read_text(encoding="utf-8"))
    del doc["quad"]["ASSAULT"]
    (tmp_path / "plover.json").write_text(json.dumps(doc), encoding="utf-8")
    monkeypatch.setattr(plover, "PLOVER_FILE", tmp_path / "plover.json")

    with pytest.raises(ModelError, match="quad must list exactly the PLOVER types"):
        plover_tables.__wrapped__()
