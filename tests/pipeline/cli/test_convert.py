"""``claimgraph convert`` refuses a folder that is not the shared data root, and from the shared data rebuilds
the committed converted files byte for byte: what ships is what the command makes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT.parent / "shared" / "data"
GENERATED = [
    Path("lexicons") / "converted_predicates.txt", Path("lexicons") / "converted_conflicts.txt",
    Path("lexicons") / "converted_roles.txt", Path("lexicons") / "manifest.json",
    Path("registry") / "converted_actors.json", Path("registry") / "converted_conflicts.txt",
    Path("registry") / "converted_companies.json", Path("registry") / "converted_companies_conflicts.txt",
    Path("registry") / "place_points.json",
]
runner = CliRunner()


def test_convert_refuses_a_folder_without_the_sources(tmp_path: Path) -> None:
    result = runner.invoke(app, ["convert", "--data", str(tmp_path), "--out", str(tmp_path / "models")])
    assert result.exit_code == 2  # the status of every refused command
    assert "is not the shared data root" in result.output and not (tmp_path / "models").exists()


@pytest.mark.skipif(not DATA.is_dir(), reason="the shared data (../shared/data) is not on this machine")
def test_convert_rebuilds_the_committed_files(tmp_path: Path) -> None:
    models = tmp_path / "models"
    for folder in ("lexicons", "registry"):
        shutil.copytree(ROOT / "models" / folder, models / folder)
        for name in GENERATED:
            if name.parts[0] == folder and name.name != "manifest.json":
                (models / name).unlink()
    result = runner.invoke(app, ["convert", "--data", str(DATA), "--out", str(models)])
    assert result.exit_code == 0, result.output
    changed = [str(name) for name in GENERATED if (models / name).read_bytes() != (ROOT / "models" / name).read_bytes()]
    assert changed == []
