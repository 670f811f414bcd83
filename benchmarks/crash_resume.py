"""Crash and resume, and concurrent runs: ``kill -9`` a ``claimgraph run --no-prefect`` at random
points (each kill once the store has grown, after a random delay), rerun it to completion, and
compare the store with one clean run: every table (articles, entities, mentions, evidence, claims,
sightings, fingerprints, failures) minus run ids and timestamps must be identical. Then (with
``--concurrent N``, PostgreSQL only) N runs over overlapping inputs into one fresh store at once.

    .venv/bin/python benchmarks/crash_resume.py --kills 10 [--db postgresql://postgres@127.0.0.1:5432/DB] [--articles
    40]
    .venv/bin/python benchmarks/crash_resume.py --kills 0 --concurrent 4 --db postgresql://postgres@127.0.0.1:5432/DB

The corpus is the first ``--articles`` MEANTIME articles (../shared/data) and one bad line. The
store named by ``--db`` is emptied first (its tables are dropped). ``tests/pipeline/test_run_faults.py``
runs lighter versions.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.exc import SQLAlchemyError

ROOT = Path(__file__).resolve().parents[1]
MEANTIME = ROOT.parent / "shared" / "data" / "meantime_en" / "meantime_en_articles.jsonl"
COMPARED_TABLES = ("articles", "entities", "mentions", "evidence", "claims", "sightings", "fingerprints", "failures")
# Provenance and time stamps: they differ between runs by design.
PROVENANCE_COLUMNS = {"first_run_id", "created_at", "run_id", "seen_at"}
CLI = [str(Path(sys.executable).parent / "claimgraph"), "run", "--no-prefect"]


def write_corpus(path: Path, *, articles: int, offset: int = 0) -> Path:
    """Write ``articles`` MEANTIME articles (from ``offset``) and one bad line as a JSON Lines file."""
    lines = MEANTIME.read_text(encoding="utf-8").splitlines()[offset:offset + articles]
    path.write_text("\n".join([*lines, "{not json"]) + "\n", encoding="utf-8")
    return path


def snapshot(db_url: str) -> dict[str, list[tuple[str, ...]]]:
    """Return every compared table's rows (provenance columns left out) as sorted tuples of text."""
    engine = create_engine(db_url.replace("postgresql://", "postgresql+psycopg://", 1))
    tables: dict[str, list[tuple[str, ...]]] = {}
    try:
        with engine.connect() as connection:
            for table in COMPARED_TABLES:
                result = connection.execute(text(f"SELECT * FROM {table}"))  # noqa: S608  (fixed table names)
                keep = [i for i, name in enumerate(result.keys()) if name not in PROVENANCE_COLUMNS]
                tables[table] = sorted(tuple(canonical(row[i]) for i in keep) for row in result)
    finally:
        engine.dispose()
    return tables


def canonical(value: Any) -> str:
    """Return a column value as comparable text (JSON columns come back as dicts on PostgreSQL, text on SQLite)."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return value
    return json.dumps(value, sort_keys=True, default=str)


def count_articles(db_url: str) -> int:
    """Return how many articles the store holds (0 while it does not exist yet)."""
    engine = create_engine(db_url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT count(*) FROM articles")).scalar_one()
    except SQLAlchemyError:
        return 0
    finally:
        engine.dispose()


# The default pipeline, classifier included: its scores do not depend on how a resumed run batches
# (tests/pipeline/test_run_faults.py::test_run_claim_scores_do_not_depend_on_the_batch).
CLASSIFIER = os.environ.get("CLAIMGRAPH_CLASSIFIER", "1")
# Worker processes of each run: 0, the default, one per core (the batches of a killed run may be in flight in
# the workers when it dies); 1 parses in the run's own process.
WORKERS = os.environ.get("CLAIMGRAPH_WORKERS", "0")


def run_env(batch_size: int) -> dict[str, str]:
    """Return the environment of a CLI run: small batches, so a kill lands between and inside writes."""
    return {**os.environ, "CLAIMGRAPH_BATCH_SIZE": str(batch_size), "CLAIMGRAPH_CLASSIFIER": CLASSIFIER,
            "CLAIMGRAPH_WORKERS": WORKERS, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT)}


def start_run(sources: list[str], db_url: str, *, batch_size: int) -> subprocess.Popen:
    """Start ``claimgraph run --no-prefect`` over ``sources`` into ``db_url``."""
    return subprocess.Popen([*CLI, *sources, "--db", db_url], cwd=ROOT, env=run_env(batch_size),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def kill_at_random(sources: list[str], db_url: str, *, rng: random.Random, batch_size: int, max_delay_s: float,
                   timeout_s: float) -> bool:
    """Start a run and ``kill -9`` it a random delay after the store next grows; return True when it was killed
    mid-run."""
    before = count_articles(db_url)
    process = start_run(sources, db_url, batch_size=batch_size)
    deadline = time.monotonic() + timeout_s
    while process.poll() is None and count_articles(db_url) <= before and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(rng.uniform(0, max_delay_s))
    killed = process.poll() is None
    if killed:
        os.kill(process.pid, signal.SIGKILL)
    process.wait()
    return killed


def finish_run(sources: list[str], db_url: str, *, batch_size: int, timeout_s: float) -> int:
    """Run to completion; return the exit status (1: some input failed, as the bad line does)."""
    process = start_run(sources, db_url, batch_size=batch_size)
    _, errors = process.communicate(timeout=timeout_s)
    if process.returncode not in (0, 1):
        raise RuntimeError(f"claimgraph run exited {process.returncode}: {errors.decode()[-2000:]}")
    return process.returncode


def differences(expected: dict[str, list], found: dict[str, list]) -> dict[str, tuple[int, int]]:
    """Return, per table that differs, (rows missing, rows extra) of ``found`` against ``expected``."""
    out = {}
    for table in COMPARED_TABLES:
        want, got = expected[table], found[table]
        missing = len([row for row in want if row not in got])
        extra = len(got) - len(want) + missing
        if missing or extra or want != got:
            out[table] = (missing, extra)
    return out


def reset_postgres(db_url: str) -> None:
    """Drop every table of the PostgreSQL database ``db_url`` (the public schema) so a run starts empty."""
    engine = create_engine(db_url.replace("postgresql://", "postgresql+psycopg://", 1), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--batch-size", type=int, default=4)
    parser.add_argument("--db", default="",
                        help="PostgreSQL URL of a scratch database (emptied); SQLite in a temp dir by default")
    parser.add_argument("--concurrent", type=int, default=0, help="also run N overlapping runs at once (PostgreSQL)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        corpus = [str(write_corpus(root / "corpus.jsonl", articles=args.articles))]
        reference_url = f"sqlite:///{root / 'clean.db'}"
        started = time.perf_counter()
        finish_run(corpus, reference_url, batch_size=args.batch_size, timeout_s=900)
        counts = {t: len(r) for t, r in snapshot(reference_url).items()}
        print(f"clean run: {time.perf_counter() - started:.1f} s; rows: {counts}")
        expected = snapshot(reference_url)
        if args.kills:
            crash_and_resume(corpus, args, root=root, rng=rng, expected=expected)
        if args.concurrent:
            concurrent_runs(args, root=root)


def crash_and_resume(corpus: list[str], args: argparse.Namespace, *, root: Path, rng: random.Random,
                     expected: dict) -> None:
    """Kill a run ``args.kills`` times, finish it, and print whether the store matches the clean run."""
    db_url = args.db or f"sqlite:///{root / 'killed.db'}"
    if args.db:
        reset_postgres(args.db)
    killed = sum(
        kill_at_random(corpus, db_url, rng=rng, batch_size=args.batch_size, max_delay_s=2.0, timeout_s=300)
        for _ in range(args.kills)
    )
    finish_run(corpus, db_url, batch_size=args.batch_size, timeout_s=900)
    diff = differences(expected, snapshot(db_url))
    print(f"kill -9 mid-run: {killed} of {args.kills} attempts; "
          f"after the rerun the store differs from a clean run in: {diff or 'nothing'}")


def concurrent_runs(args: argparse.Namespace, *, root: Path) -> None:
    """Run ``args.concurrent`` overlapping runs into one fresh store at once; print the time and the differences."""
    if not args.db:
        raise SystemExit("--concurrent needs --db postgresql://...")
    reset_postgres(args.db)
    size = max(1, args.articles // (args.concurrent + 1))
    chunks = [str(write_corpus(root / f"chunk{i}.jsonl", articles=size, offset=i * size))
              for i in range(args.concurrent + 1)]
    started = time.perf_counter()
    # Run i reads chunks i and i+1: every chunk but the ends is read by two runs at once.
    processes = [start_run(chunks[i:i + 2], args.db, batch_size=args.batch_size) for i in range(args.concurrent)]
    codes = [process.wait(timeout=900) for process in processes]
    seconds = time.perf_counter() - started
    union_url = f"sqlite:///{root / 'union.db'}"
    finish_run(chunks, union_url, batch_size=args.batch_size, timeout_s=900)
    diff = differences(snapshot(union_url), snapshot(args.db))
    print(f"{args.concurrent} concurrent runs (exit codes {codes}) in {seconds:.1f} s; "
          f"store differs from one run over the union in: {diff or 'nothing'}")


if __name__ == "__main__":
    main()
