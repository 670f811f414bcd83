"""The command line as a new user meets it: run, claims, export (validated against schema), annotate."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from pipeline.cli import app

SAMPLES = Path(__file__).resolve().parents[2] / "corpora" / "samples"
runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture
def stored_db(tmp_path: Path) -> str:
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    result = invoke("run", str(SAMPLES), "--db", db, "--no-prefect")
    assert result.exit_code == 0, result.output
    return db


def test_cli_run_summary_and_exit_code_on_failure(tmp_path: Path) -> None:
    shutil.copy(SAMPLES / "putin-erdogan.txt", tmp_path / "seed.txt")
    (tmp_path / "blank.txt").write_text("   \n")
    result = invoke("run", str(tmp_path), "--db", f"sqlite:///{tmp_path / 'x.db'}", "--no-prefect")
    assert result.exit_code == 1
    assert "articles read: 2  new: 1  duplicate: 0  failed: 1" in result.output
    assert f"failed {tmp_path / 'blank.txt'}: empty article" in result.output


def test_cli_export_lines_validate_against_schema(stored_db: str, tmp_path: Path) -> None:
    schema = json.loads(invoke("schema").stdout)
    out = tmp_path / "claims.jsonl"
    assert invoke("export", "--format", "jsonl", "--out", str(out), "--db", stored_db).exit_code == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) > 10
    for line in lines:
        jsonschema.validate(json.loads(line), schema)
    first = json.loads(lines[0])
    assert set(first) >= {"id", "article", "subject", "object", "attributed_to", "predicate", "polarity", "modality",
                          "kind", "time", "location", "evidence", "confidence", "extractor"}


def test_cli_export_evidence_offsets_point_into_the_article(stored_db: str, tmp_path: Path) -> None:
    text = (SAMPLES / "putin-erdogan.txt").read_text(encoding="utf-8")
    out = tmp_path / "claims.jsonl"
    invoke("export", "--out", str(out), "--db", stored_db)
    for line in out.read_text(encoding="utf-8").splitlines():
        evidence = json.loads(line)["evidence"]
        assert text[evidence["start"]:evidence["end"]] == evidence["sentence"]


def test_cli_claims_filters_by_actor_and_type(stored_db: str) -> None:
    result = invoke("claims", "--db", stored_db, "--actor", "Haftar", "--type", "support", "--format", "jsonl")
    claims = [json.loads(line) for line in result.stdout.splitlines()]
    assert claims and all(c["predicate"]["plover"] == "SUPPORT" and "Haftar" in c["object"]["name"] for c in claims)
    assert {c["subject"]["country"] for c in claims} == {"RUS"}


def test_cli_claims_table_names_the_seed_claims(stored_db: str) -> None:
    result = invoke("claims", "--db", stored_db)
    assert result.exit_code == 0
    assert "Khalifa Haftar" in result.stdout and "ASSAULT" in result.stdout


def test_cli_annotate_writes_mentions_with_time_values(tmp_path: Path) -> None:
    out = tmp_path / "mentions.jsonl"
    assert invoke("annotate", str(SAMPLES), "--out", str(out)).exit_code == 0
    [record] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert record["article_id"] == "seed-putin-erdogan"
    times = {t["text"]: t["value"] for t in record["times"]}
    assert times["2004"] == "2004" and times["September of 2015"] == "2015-09"
    assert any(e["text"] == "Ankara" and e["id"] == "TUR" for e in record["entities"])
    assert any(p["text"] == "Tripoli" and p["country"] == "LBY" for p in record["places"])
