"""``claimgraph run`` and ``claimgraph annotate`` as a new user meets them: the run summary and its
exit code, and the mentions ``annotate`` writes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.cli.run import chunks

SAMPLES = Path(__file__).resolve().parents[3] / "corpora" / "samples"
runner = CliRunner()


def invoke(*args: str) -> Result:
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_run_summary_and_exit_code_on_failure(tmp_path: Path) -> None:
    shutil.copy(SAMPLES / "putin-erdogan.txt", tmp_path / "seed.txt")
    (tmp_path / "blank.txt").write_text("   \n")
    result = invoke("run", str(tmp_path), "--db", f"sqlite:///{tmp_path / 'x.db'}", "--no-prefect")
    assert result.exit_code == 1
    assert "articles read: 2  new: 1  duplicate: 0  failed: 1" in result.output
    assert f"failed {tmp_path / 'blank.txt'}: empty article" in result.output


@pytest.mark.parametrize("prefect", [[], ["--no-prefect"]])
def test_run_missing_source_exits_2_with_the_path_before_anything_starts(tmp_path: Path, prefect: list[str]) -> None:
    (tmp_path / "seed.txt").write_text("Turkey supports the GNA.", encoding="utf-8")
    sources = [str(tmp_path / "seed.txt"), str(tmp_path / "absent.txt")]
    result = invoke("run", *sources, "--db", f"sqlite:///{tmp_path / 'x.db'}", *prefect)
    assert (result.exit_code, " ".join(result.output.split())) == (
        2,
        f"error: {tmp_path / 'absent.txt'}: no such file or directory: {tmp_path / 'absent.txt'}",
    )
    assert not (tmp_path / "x.db").exists()  # refused before the store, the models or a Prefect server


def test_run_annotate_writes_mentions_with_time_values(tmp_path: Path) -> None:
    out = tmp_path / "mentions.jsonl"
    assert invoke("annotate", str(SAMPLES), "--out", str(out)).exit_code == 0
    [record] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert record["article_id"] == "seed-putin-erdogan"
    times = {t["text"]: t["value"] for t in record["times"]}
    assert times["2004"] == "2004" and times["September of 2015"] == "2015-09"
    assert any(e["text"] == "Ankara" and e["id"] == "TUR" for e in record["entities"])
    assert any(p["text"] == "Tripoli" and p["country"] == "LBY" for p in record["places"])
    # every place the gazetteer resolves carries its point, as a claim's location does
    [tripoli] = {(p["lat"], p["lon"]) for p in record["places"] if p["text"] == "Tripoli"}
    assert 32.0 < tripoli[0] < 33.5 and 12.5 < tripoli[1] < 14.0
    assert all(p["lat"] is not None and p["lon"] is not None for p in record["places"] if p["country"])


def test_run_annotate_never_loads_the_claim_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pipeline.steps

    def refuse(*args: object, **options: object) -> None:
        raise AssertionError("annotate loaded the claim model")

    monkeypatch.setattr(pipeline.steps, "load_model_scorer", refuse)
    shutil.copy(SAMPLES / "putin-erdogan.txt", tmp_path / "seed.txt")
    out = tmp_path / "mentions.jsonl"
    assert invoke("annotate", str(tmp_path / "seed.txt"), "--out", str(out)).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["entities"]


@pytest.mark.parametrize(
    ("items", "size", "expected"),
    [([], 2, []), ([1, 2, 3], 2, [[1, 2], [3]]), ([1, 2], 2, [[1, 2]]), ([1, 2, 3], 5, [[1, 2, 3]])],
)
def test_run_chunks_cut_items_in_order(items: list[int], size: int, expected: list[list[int]]) -> None:
    assert list(chunks(iter(items), size)) == expected


def test_run_crash_of_claimgraph_itself_has_its_own_exit_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    def crash(*args: object, **options: object) -> None:
        raise RuntimeError("a bug, not an input")

    monkeypatch.setattr(sys.modules["pipeline.cli.run"], "run_job", crash)
    result = invoke("run", str(SAMPLES), "--db", f"sqlite:///{tmp_path / 'x.db'}", "--no-prefect")
    # 1 says some inputs failed (the others stored), 2 a refused command: a crash is neither.
    assert result.exit_code == 70
    assert "internal error: this is a bug of claimgraph, not of an input" in result.output
