"""Shared fixtures: the loaded pipeline (once per session), the seed article, a store per test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

from pipeline.run import Pipeline, build_pipeline  # noqa: E402
from pipeline.settings import Settings  # noqa: E402
from pipeline.store import Store, open_store  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"
SEED = ROOT / "corpora" / "samples" / "putin-erdogan.txt"


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return build_pipeline(Settings())


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings().with_db(f"sqlite:///{tmp_path / 'claims.db'}")


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    with open_store(settings.db_url) as opened:
        yield opened


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.exists():
        pytest.skip(f"{SHARED_DATA} is not here: the shared gold data sits beside the repository in CI")
    return SHARED_DATA
