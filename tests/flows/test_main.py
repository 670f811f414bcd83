"""The Prefect flow on Prefect's ephemeral local server: stores claims, records failures, publishes a summary."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from builders import stored_claims, write_corpus

from flows.main import run_flow
from pipeline.run import Pipeline, run_sources
from pipeline.settings import Settings
from pipeline.store import open_store

SAMPLES = Path(__file__).resolve().parents[2] / "corpora" / "samples"


@pytest.mark.slow
def test_flow_runs_end_to_end_and_reruns_idempotently(tmp_path: Path) -> None:
    shutil.copytree(SAMPLES, tmp_path / "in")
    (tmp_path / "in" / "broken.jsonl").write_text('{"text": 3}\n', encoding="utf-8")
    settings = Settings().with_db(f"sqlite:///{tmp_path / 'flow.db'}")
    progress: list[int] = []
    first = run_flow([str(tmp_path / "in")], settings, on_batch=lambda done, _: progress.append(done))
    second = run_flow([str(tmp_path / "in")], settings)
    assert (first.read, first.new, first.failed) == (2, 1, 1)
    assert (second.new, second.duplicate, second.claims) == (0, 1, 0)
    assert sum(progress) == 1
    with open_store(settings.db_url) as store:
        assert store.counts()["claims"] == first.claims > 10
        assert [f.message for f in store.failures()] == ['missing "text": every article needs its text as a string']
    summary = latest_summary()
    assert "| new | 0 |" in summary and "| duplicate | 1 |" in summary


def latest_summary() -> str:
    from prefect.artifacts import Artifact

    artifact = Artifact.get("claimgraph-run-summary")
    assert artifact is not None
    return str(artifact.data)


@pytest.mark.slow
def test_flow_with_worker_processes_stores_what_one_process_stores(tmp_path: Path, pipeline: Pipeline) -> None:
    corpus = write_corpus(tmp_path)
    one = Settings().with_db(f"sqlite:///{tmp_path / 'one.db'}")
    with open_store(one.db_url) as store:
        run_sources([str(corpus)], one, store=store, pipeline=pipeline)
    parallel = Settings(batch_size=2, workers=2).with_db(f"sqlite:///{tmp_path / 'flow.db'}")
    seen: list[int] = []
    stats = run_flow([str(corpus)], parallel, on_batch=lambda done, counts: seen.append(counts.claims))
    assert stored_claims(parallel.db_url) == stored_claims(one.db_url)
    assert (stats.read, stats.failed, len(seen), seen[-1]) == (11, 0, 6, stats.claims)
