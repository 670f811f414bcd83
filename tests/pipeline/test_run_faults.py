"""Faults: a run killed with SIGKILL at random points and rerun leaves exactly what one clean run leaves
(SQLite and PostgreSQL), and four runs over overlapping inputs into one PostgreSQL store at once
leave no duplicate and lose nothing. Heavier versions: ``benchmarks/crash_resume.py``."""

from __future__ import annotations

import random
import threading
from dataclasses import replace
from pathlib import Path
from types import ModuleType

import pytest

from pipeline.run import Pipeline, run_sources
from pipeline.settings import Settings
from pipeline.store import open_store

ROOT = Path(__file__).resolve().parents[2]
BATCH = 3


@pytest.fixture(scope="module")
def faults(load_benchmark) -> ModuleType:
    module = load_benchmark("crash_resume")
    if not module.MEANTIME.exists():
        pytest.skip(f"{module.MEANTIME} is not here: the shared data sits beside the repository in CI")
    return module


def clean_run(sources: list[str], db_url: str, pipeline: Pipeline, *, batch_size: int = BATCH) -> None:
    settings = Settings(batch_size=batch_size).with_db(db_url)
    with open_store(db_url) as store:
        run_sources(sources, settings, store=store, pipeline=replace(pipeline, settings=settings))


def clean_cli_run(faults: ModuleType, sources: list[str], db_url: str) -> None:
    assert faults.finish_run(sources, db_url, batch_size=BATCH, timeout_s=300) == 1


def kill_and_finish(faults: ModuleType, sources: list[str], db_url: str, *, kills: int, seed: int, max_delay_s: float = 1.5) -> int:
    rng = random.Random(seed)
    killed = sum(faults.kill_at_random(sources, db_url, rng=rng, batch_size=BATCH, max_delay_s=max_delay_s, timeout_s=240) for _ in range(kills))
    assert faults.finish_run(sources, db_url, batch_size=BATCH, timeout_s=300) == 1  # the bad line fails, every time
    return killed


def test_run_killed_three_times_on_sqlite_then_rerun_equals_one_clean_run(tmp_path: Path, faults: ModuleType, pipeline: Pipeline,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    sources = [str(faults.write_corpus(tmp_path / "corpus.jsonl", articles=10))]
    monkeypatch.setattr(faults, "WORKERS", "1")
    clean_cli_run(faults, sources, f"sqlite:///{tmp_path / 'clean.db'}")
    monkeypatch.setattr(faults, "WORKERS", "2")  # the killed runs have batches in flight in two worker processes
    # With two workers the batches after the first are stored within about a second: kill sooner after it.
    killed = kill_and_finish(faults, sources, f"sqlite:///{tmp_path / 'killed.db'}", kills=3, seed=11, max_delay_s=0.3)
    expected, found = faults.snapshot(f"sqlite:///{tmp_path / 'clean.db'}"), faults.snapshot(f"sqlite:///{tmp_path / 'killed.db'}")
    assert killed >= 2
    assert len(expected["articles"]) == 10 and len(expected["failures"]) == 1
    assert found == expected


@pytest.mark.postgres
def test_run_killed_on_postgresql_then_rerun_equals_one_clean_run(tmp_path: Path, faults: ModuleType, pipeline: Pipeline, postgres_url: str,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(faults, "WORKERS", "1")  # in the run's own process here; the SQLite test kills runs with workers
    sources = [str(faults.write_corpus(tmp_path / "corpus.jsonl", articles=10))]
    clean_cli_run(faults, sources, f"sqlite:///{tmp_path / 'clean.db'}")
    faults.reset_postgres(postgres_url)
    killed = kill_and_finish(faults, sources, postgres_url, kills=1, seed=5)
    assert killed == 1
    assert faults.snapshot(postgres_url) == faults.snapshot(f"sqlite:///{tmp_path / 'clean.db'}")


class LockedNLP:
    """The shared spaCy pipeline behind a lock: the runs' store writes race, their parsing takes turns."""

    def __init__(self, nlp: object) -> None:
        self.nlp, self.lock = nlp, threading.Lock()

    def pipe(self, texts, **options):  # noqa: ANN001, ANN201
        with self.lock:
            return list(self.nlp.pipe(list(texts), **options))

    def get_pipe(self, name):  # noqa: ANN001, ANN201
        return self.nlp.get_pipe(name)

    def memory_zone(self):  # noqa: ANN201
        return self.nlp.memory_zone()


@pytest.mark.postgres
def test_run_four_at_once_over_overlapping_inputs_into_postgresql(tmp_path: Path, faults: ModuleType, pipeline: Pipeline, postgres_url: str) -> None:
    faults.reset_postgres(postgres_url)
    chunks = [str(faults.write_corpus(tmp_path / f"chunk{i}.jsonl", articles=4, offset=4 * i)) for i in range(5)]
    settings = Settings(batch_size=2).with_db(postgres_url)
    shared = replace(pipeline, nlp=LockedNLP(pipeline.nlp), settings=settings)  # type: ignore[arg-type]
    errors: list[BaseException] = []

    def one_run(sources: list[str]) -> None:
        try:
            with open_store(postgres_url) as store:  # each run its own engine and connections
                run_sources(sources, settings, store=store, pipeline=shared)
        except BaseException as error:  # noqa: BLE001  (handed to the test thread, which fails on it)
            errors.append(error)

    threads = [threading.Thread(target=one_run, args=(chunks[i:i + 2],)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert errors == [] and not any(thread.is_alive() for thread in threads)
    clean_run(chunks, f"sqlite:///{tmp_path / 'union.db'}", pipeline, batch_size=2)
    union, found = faults.snapshot(f"sqlite:///{tmp_path / 'union.db'}"), faults.snapshot(postgres_url)
    # Every row of one run over the union, each once (ids are the first column). Whole rows aside from entities (an
    # unknown actor's country is the last writer's: order-dependent).
    assert {table: [row[0] for row in rows] for table, rows in found.items()} == {table: [row[0] for row in rows] for table, rows in union.items()}
    exact = set(faults.COMPARED_TABLES) - {"entities"}
    assert {t: found[t] for t in exact} == {t: union[t] for t in exact}


def test_run_claim_scores_do_not_depend_on_the_batch(tmp_path: Path, faults: ModuleType, pipeline: Pipeline) -> None:
    sources = [str(faults.write_corpus(tmp_path / "corpus.jsonl", articles=8))]
    clean_run(sources, f"sqlite:///{tmp_path / 'one.db'}", pipeline, batch_size=1)
    clean_run(sources, f"sqlite:///{tmp_path / 'eight.db'}", pipeline, batch_size=8)
    assert faults.snapshot(f"sqlite:///{tmp_path / 'one.db'}")["claims"] == faults.snapshot(f"sqlite:///{tmp_path / 'eight.db'}")["claims"]
