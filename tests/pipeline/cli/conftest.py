"""Fixtures of the command-line tests: a store the real pipeline filled from ``corpora/samples``
through ``claimgraph run --no-prefect``."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app

SAMPLES = Path(__file__).resolve().parents[3] / "corpora" / "samples"


@pytest.fixture
def stored_db(tmp_path: Path) -> str:
    """Return the URL of a SQLite store that ``claimgraph run`` filled from the samples."""
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    result = CliRunner().invoke(app, ["run", str(SAMPLES), "--db", db, "--no-prefect"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return db
