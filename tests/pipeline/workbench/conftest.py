"""Fixtures of the workbench tests: a store filled by the real pipeline (``pipeline.run``) over
``corpora/samples`` plus two small articles (a second outlet restating the seed's S-400 purchase,
and a hostile one carrying ``<script>`` and ``"><img onerror=...>``), copied fresh for each test;
the workbench app over it; and a CSRF-aware test client.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from pipeline.run import Pipeline, run_sources
from pipeline.settings import Settings
from pipeline.store import Store, open_store
from pipeline.workbench import create_workbench_app

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT / "corpora" / "samples"
SCRIPT = "<script>alert('x')</script>"
IMG = '"><img src=x onerror=alert(1)>'
EXTRA_ARTICLES = [
    {
        "id": "wire-s400",
        "source": "wire",
        "published_at": "2020-11-21",
        "title": "Turkey and the S-400",
        "text": "Turkey bought Russian S-400 missiles last year. NATO criticized Turkey over the purchase. "
        "Russia did not aid Turkey in Libya.",
    },
    {
        "id": "hostile",
        "source": "hostile<b>outlet</b>",
        "published_at": "2020-11-22",
        "title": f"Hostile {SCRIPT}",
        "text": f"Russia attacked Turkey {SCRIPT} near the border. {IMG} NATO criticized Russia.",
    },
]


@pytest.fixture(scope="session")
def filled_db(tmp_path_factory: pytest.TempPathFactory, pipeline: Pipeline) -> Path:
    """Return a SQLite file the real pipeline filled from the samples and the extra articles."""
    folder = tmp_path_factory.mktemp("workbench")
    extra = folder / "extra.jsonl"
    extra.write_text("".join(json.dumps(article) + "\n" for article in EXTRA_ARTICLES), encoding="utf-8")
    path = folder / "filled.db"
    settings = Settings().with_db(f"sqlite:///{path}")
    with open_store(settings.db_url) as store:
        stats = run_sources([str(SAMPLES), str(extra)], settings, store=store, pipeline=pipeline)
    assert (stats.new, stats.failed) == (3, 0)
    return path


@pytest.fixture
def workbench_settings(tmp_path: Path, filled_db: Path) -> Settings:
    """Return settings pointing at a fresh copy of the filled store."""
    copy = tmp_path / "review.db"
    shutil.copy(filled_db, copy)
    return Settings().with_db(f"sqlite:///{copy}")


@pytest.fixture
def workbench_store(workbench_settings: Settings) -> Iterator[Store]:
    with open_store(workbench_settings.db_url) as store:
        yield store


@pytest.fixture
def workbench_app(workbench_store: Store, workbench_settings: Settings) -> FastAPI:
    return create_workbench_app(workbench_store, workbench_settings)


@pytest.fixture
def client(workbench_app: FastAPI) -> TestClient:
    return TestClient(workbench_app)


@pytest.fixture
def csrf(client: TestClient) -> str:
    """Return the client session's CSRF token, as the pages publish it."""
    page = client.get("/claims").text
    return re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)


@pytest.fixture
def hostile_claim_id(workbench_store: Store) -> str:
    """Return the id of the hostile article's ASSAULT claim (Russia attacked Turkey)."""
    return next(claim.id for claim in workbench_store.claims(plover="ASSAULT") if claim.article.id == "hostile")


@pytest.fixture
def wire_claim_id(workbench_store: Store) -> str:
    """Return the id of the second outlet's COOPERATE claim (Turkey bought Russian S-400 missiles)."""
    return next(claim.id for claim in workbench_store.claims(plover="COOPERATE") if claim.article.id == "wire-s400")
