"""``claimgraph claims``, ``export`` and ``schema`` over a store the real pipeline filled: exported
lines validate against the schema, evidence offsets point into the article, filters select."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from click.testing import Result
from typer.testing import CliRunner

from pipeline.cli import app

SAMPLES = Path(__file__).resolve().parents[3] / "corpora" / "samples"
runner = CliRunner()


def invoke(*args: str) -> Result:
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_store_export_lines_validate_against_schema(stored_db: str, tmp_path: Path) -> None:
    schema = json.loads(invoke("schema").stdout)
    out = tmp_path / "claims.jsonl"
    assert invoke("export", "--format", "jsonl", "--out", str(out), "--db", stored_db).exit_code == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) > 10
    for line in lines:
        jsonschema.validate(json.loads(line), schema)
    first = json.loads(lines[0])
    assert set(first) >= {
        "id",
        "article",
        "subject",
        "object",
        "attributed_to",
        "predicate",
        "polarity",
        "modality",
        "kind",
        "time",
        "location",
        "evidence",
        "confidence",
        "extractor",
    }


def test_store_export_evidence_offsets_point_into_the_article(stored_db: str, tmp_path: Path) -> None:
    text = (SAMPLES / "putin-erdogan.txt").read_text(encoding="utf-8")
    out = tmp_path / "claims.jsonl"
    invoke("export", "--out", str(out), "--db", stored_db)
    for line in out.read_text(encoding="utf-8").splitlines():
        evidence = json.loads(line)["evidence"]
        assert text[evidence["start"] : evidence["end"]] == evidence["sentence"]


def test_store_export_unknown_format_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "claims.graphml"
    result = invoke("export", "--format", "graphml", "--out", str(out), "--db", f"sqlite:///{tmp_path / 'x.db'}")
    assert (result.exit_code, result.output, out.exists()) == (
        2,
        "error: unknown format 'graphml': use jsonl or gold (graph formats: export-graph)\n",
        False,
    )


def test_store_claims_filters_by_actor_and_type(stored_db: str) -> None:
    result = invoke("claims", "--db", stored_db, "--actor", "Haftar", "--type", "support", "--format", "jsonl")
    claims = [json.loads(line) for line in result.stdout.splitlines()]
    assert claims and all(c["predicate"]["plover"] == "SUPPORT" and "Haftar" in c["object"]["name"] for c in claims)
    assert {c["subject"]["country"] for c in claims} == {"RUS"}


def test_store_claims_table_names_the_seed_claims(stored_db: str) -> None:
    result = invoke("claims", "--db", stored_db)
    assert result.exit_code == 0
    assert "Khalifa Haftar" in result.stdout and "ASSAULT" in result.stdout
