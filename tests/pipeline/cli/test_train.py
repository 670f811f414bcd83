"""The ``claimgraph train`` command's edge: it names the pair model's options and refuses a data root that is
not the shared data (the training itself is reproduced by the command in models/pair_model/MODEL_CARD.md)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from pipeline.cli import app


def test_train_refuses_a_folder_that_is_not_the_shared_data(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["train", "--data", str(tmp_path), "--out", str(tmp_path / "model")])
    assert result.exit_code == 2
    assert "is not the shared data root" in result.output
    assert not (tmp_path / "model").exists()


def test_train_and_train_classifier_are_both_commands() -> None:
    result = CliRunner().invoke(app, ["--help"])
    assert "train-classifier" in result.output
    help_text = CliRunner().invoke(app, ["train", "--help"]).output
    assert "--data" in help_text and "--max-steps" in help_text and "--no-policy" in help_text


def test_policy_only_refuses_a_folder_without_a_trained_model(tmp_path: Path) -> None:
    shared = tmp_path / "data"  # a stand-in data root: the model folder is checked before anything is read
    (shared / "meantime_en").mkdir(parents=True)
    (shared / "meantime_en" / "meantime_en_articles.jsonl").write_text("", encoding="utf-8")
    result = CliRunner().invoke(app, ["train", "--data", str(shared), "--out", str(tmp_path / "empty"),
                                      "--policy-only"])
    assert result.exit_code == 2
    assert "holds no trained pair model" in result.output
    assert not (tmp_path / "empty" / "policy.json").exists()
