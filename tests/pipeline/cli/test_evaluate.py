"""``claimgraph evaluate`` refuses, before loading any model, a gold whose articles its ``--texts``
do not hold, and says which ``--texts`` to add (MEANTIME is never found by default)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app

ROOT = Path(__file__).resolve().parents[3]
SEED_CLAIM = json.loads((ROOT / "corpora" / "gold" / "claims.jsonl").read_text(encoding="utf-8").splitlines()[0])
runner = CliRunner()


@pytest.fixture
def gold(tmp_path: Path) -> Path:
    """Return a gold file naming the bundled seed article and two MEANTIME articles."""
    path = tmp_path / "gold.jsonl"
    path.write_text(
        "".join(
            json.dumps({**SEED_CLAIM, "article": a}) + "\n"
            for a in ("seed-putin-erdogan", "meantime:a1", "meantime:a2")
        )
    )
    return path


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (
            [],
            "{gold} names 2 article(s) that no --texts source holds (meantime:a1, meantime:a2): "
            "add --texts meantime:PATH",
        ),
        (
            ["--texts", "meantime:{tmp}/meantime.jsonl"],
            "{gold} names 1 article(s) that no --texts source holds (seed-putin-erdogan): "
            "add --texts PATH (e.g. corpora/samples, the file or directory holding them)",
        ),
        (["--texts", "{tmp}/absent"], "{tmp}/absent: no such file or directory: {tmp}/absent"),
    ],
)
def test_evaluate_refuses_texts_that_miss_gold_articles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, gold: Path, texts: list[str], expected: str
) -> None:
    monkeypatch.chdir(ROOT)  # the default texts, corpora/samples, are found from the working directory
    articles = [{"id": i, "text": f"Article {i} says that Turkey bought missiles."} for i in ("a1", "a2")]
    (tmp_path / "meantime.jsonl").write_text("".join(json.dumps(article) + "\n" for article in articles))
    args = [arg.format(tmp=tmp_path) for arg in texts]
    result = runner.invoke(app, ["evaluate", str(gold), *args], catch_exceptions=False)
    assert (result.exit_code, " ".join(result.output.split())) == (
        2,
        "error: " + expected.format(gold=gold, tmp=tmp_path),
    )
