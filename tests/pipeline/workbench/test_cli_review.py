"""Tests of ``pipeline.cli_review`` (``claimgraph review export-gold``, also ``export --format gold``): reviewed claims become gold
lines that ``pipeline.evaluate`` (what ``claimgraph evaluate`` and training use) reads and scores.
Kept beside the workbench tests because it needs their store filled by the real pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.evaluate import load_gold, score
from pipeline.settings import Settings
from pipeline.store import Store
from pipeline.store.review_store import ReviewStore

runner = CliRunner()


@pytest.mark.parametrize("command", [["review", "export-gold"], ["export", "--format", "gold"]])
def test_cli_review_export_gold_scores_with_evaluate(
    tmp_path: Path, workbench_store: Store, workbench_settings: Settings, wire_claim_id: str, hostile_claim_id: str,
    command: list[str],
) -> None:
    reviews = ReviewStore(workbench_store)
    reviews.review(wire_claim_id, action="accept", reviewer="ann")
    reviews.review(hostile_claim_id, action="correct", reviewer="bob", changes={"plover": "COERCE"})
    out = tmp_path / "gold.jsonl"

    result = runner.invoke(app, [*command, "--out", str(out), "--db", workbench_settings.db_url])
    gold = load_gold(out)
    scores = score(workbench_store.claims(), gold)

    assert (result.exit_code, "wrote 2 reviewed claims" in result.output) == (0, True)
    assert sorted((g.article, g.subject, g.object, g.plover) for g in gold) == [
        ("hostile", "RUS", "TUR", "COERCE"), ("wire-s400", "TUR", "RUS", "COOPERATE"),
    ]
    assert (scores.tp, scores.fn) == (1, 1)


def test_cli_review_export_gold_of_an_unreviewed_store_is_empty(tmp_path: Path, workbench_settings: Settings) -> None:
    out = tmp_path / "gold.jsonl"

    result = runner.invoke(app, ["review", "export-gold", "--out", str(out), "--db", workbench_settings.db_url])

    assert (result.exit_code, out.read_text()) == (0, "")
