"""The settings' defaults: where a retrained classifier goes by default."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import settings

ROOT = Path(__file__).resolve().parents[2]


def test_settings_training_dir_is_the_committed_model_in_a_checkout(tmp_path: Path) -> None:
    assert settings.default_training_dir(tmp_path) == ROOT / "models" / "classifier"


def test_settings_training_dir_is_never_inside_an_installed_package(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    installed = tmp_path / "site-packages" / "claimgraph_models"
    installed.mkdir(parents=True)
    monkeypatch.setattr(settings, "MODELS_DIR", installed)
    assert settings.default_training_dir(tmp_path / "work") == tmp_path / "work" / "models" / "classifier"
