"""Tests of ``pipeline.cli.review`` (``claimgraph review export-gold``, also ``export --format gold``):
reviewed claims become gold
lines that ``pipeline.evaluate`` (what ``claimgraph evaluate`` and training use) reads and scores.
Kept beside the workbench tests because it needs their store filled by the real pipeline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.evaluate import load_gold, score
from pipeline.settings import Settings
from pipeline.store import Store
from pipeline.store.review_store import ReviewStore

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize("command", [["review", "export-gold"], ["export", "--format", "gold"]])
def test_cli_review_export_gold_scores_with_evaluate(
    tmp_path: Path,
    workbench_store: Store,
    workbench_settings: Settings,
    wire_claim_id: str,
    hostile_claim_id: str,
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
        ("hostile", "RUS", "TUR", "COERCE"),
        ("wire-s400", "TUR", "RUS", "COOPERATE"),
    ]
    assert (scores.tp, scores.fn) == (1, 1)


def test_cli_review_export_gold_of_an_unreviewed_store_is_empty(tmp_path: Path, workbench_settings: Settings) -> None:
    out = tmp_path / "gold.jsonl"

    result = runner.invoke(app, ["review", "export-gold", "--out", str(out), "--db", workbench_settings.db_url])

    assert (result.exit_code, out.read_text()) == (0, "")


def test_cli_model_reviewed_claims_join_the_training_gold(
    tmp_path: Path, workbench_store: Store, workbench_settings: Settings, hostile_claim_id: str
) -> None:
    from pipeline.cli.model import with_reviewed

    ReviewStore(workbench_store).review(hostile_claim_id, action="correct", reviewer="cy", changes={"plover": "COERCE"})
    own = tmp_path / "own.jsonl"
    own.write_text((ROOT / "corpora" / "gold" / "claims.jsonl").read_text(encoding="utf-8"), encoding="utf-8")

    gold_path, texts_path = with_reviewed(own, workbench_settings.db_url, tmp_path)
    gold = load_gold(gold_path)
    texts = [json.loads(line) for line in texts_path.read_text(encoding="utf-8").splitlines()]

    own_gold = load_gold(own)
    reviewed = gold[len(own_gold) :]
    assert gold[: len(own_gold)] == own_gold  # the project's gold, then the reviews
    assert [(g.article, g.subject, g.object, g.plover) for g in reviewed if g.article == "hostile"] == [
        ("hostile", "RUS", "TUR", "COERCE")
    ]
    assert "hostile" in {t["id"] for t in texts}
    assert all(t["text"] for t in texts)
