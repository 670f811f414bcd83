"""Shared fixtures: the loaded pipeline (once per session), the seed article, a store per test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

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


POSTGRES_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"
POSTGRES_MAINTENANCE_DB = "test"

def skip_or_fail(reason: str) -> None:
    """Skip the test, or fail it where ``CI`` is set (CI must run the PostgreSQL tests)."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so PostgreSQL tests must run)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    """Create a uniquely named PostgreSQL database for this test module; drop it afterwards."""
    maintenance_url = f"{POSTGRES_SERVER}/{POSTGRES_MAINTENANCE_DB}"
    admin = create_engine(maintenance_url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
    name = f"cg_test_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f"CREATE DATABASE {name}"))
    except OperationalError as e:
        admin.dispose()
        skip_or_fail(f"PostgreSQL is not reachable at {maintenance_url}: {e.orig}")
    yield f"{POSTGRES_SERVER}/{name}"
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()
