"""The main Prefect flow: read sources, take each batch through the steps of ``pipeline.steps`` (a
task to process it, a task to store it), log each batch, publish a run-summary artifact.

Thin by design: the batch loop and every step live in ``pipeline.steps``; this module wraps them. spaCy
objects never cross a task boundary (tasks take and return records); the pipeline is loaded once
per worker process; retries go on store writes only, never on deterministic NLP; task caching is
off (results depend on model versions).

Secrets never reach Prefect: flows take ``Settings.public()`` (no store URL, review token or session
key) and refuse settings that carry one; the store URL is resolved where it is used, inside the flow
and its tasks, from the worker's environment (``CLAIMGRAPH_DB``), which ``secrets_in_environment``
sets for a flow run in this process, or from a Prefect Secret block it names (``prefect-secret:NAME``).
Also owns the store and the run logging the feed flows share.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from itertools import count
from typing import cast

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from pipeline.errors import ConfigError
from pipeline.ingest.http import Fetcher
from pipeline.records import Article, RunStats
from pipeline.settings import SECRET_FIELDS, Settings, env_name
from pipeline.steps import (
    ArticleResult,
    BatchDone,
    Pipeline,
    build_pipeline,
    finish_run,
    process_batch,
    read_batches,
    run_batches,
    start_run,
    store_results,
    summary_of,
)
from pipeline.store import Store, open_store
from pipeline.workers import BatchPool, workers_for

_progress: list[BatchDone] = []
# The worker processes of the running flow, when it started them (see flow_pool).
_pool: list[BatchPool] = []
DB_VARIABLE = env_name("db")
# CLAIMGRAPH_DB=prefect-secret:NAME: the flows read the store URL from the Prefect Secret block NAME.
SECRET_BLOCK_PREFIX = "prefect-secret:"


@lru_cache(maxsize=2)
def worker_pipeline(settings: Settings) -> Pipeline:
    """Return the pipeline for ``settings``, loaded once per worker process."""
    return build_pipeline(settings)


@lru_cache(maxsize=4)
def worker_store(db_url: str) -> Store:
    """Return the store at ``db_url``, opened once per worker process."""
    return open_store(db_url)


def task_store() -> Store:
    """Return this worker's store: the one ``CLAIMGRAPH_DB`` names (else ./claimgraph.db), opened once.

    Raises ``ConfigError`` for a bad setting in the environment, ``StoreError`` when the store cannot be opened.
    """
    return worker_store(resolve_store_url(Settings.from_env().db_url))


def resolve_store_url(db_url: str) -> str:
    """Return ``db_url``, or for ``prefect-secret:NAME`` the URL the Prefect Secret block ``NAME`` holds.

    Raises ``ConfigError`` when there is no such block.
    """
    if not db_url.startswith(SECRET_BLOCK_PREFIX):
        return db_url
    from prefect.blocks.system import Secret

    name = db_url.removeprefix(SECRET_BLOCK_PREFIX)
    try:
        # Block.load answers a coroutine only when called from async code; the tasks are sync.
        return str(cast(Secret, Secret.load(name)).get())
    except ValueError as error:
        raise ConfigError(
            f"no Prefect Secret block {name!r} holds the store URL: create it (Secret(value=URL).save({name!r})) "
            f"or set {DB_VARIABLE} to the URL", stage="flow",
        ) from error


def check_public(settings: Settings) -> Settings:
    """Return ``settings`` when they carry no secret; raise ``ConfigError`` otherwise (Prefect would store it)."""
    carried = [name for name in SECRET_FIELDS if getattr(settings, name) is not None]
    if carried:
        raise ConfigError(
            f"flow settings carry {', '.join(carried)}: pass settings.public() and put secrets in the environment "
            f"(secrets_in_environment, or export {', '.join(map(env_name, carried))})", stage="flow",
        )
    return settings


@contextmanager
def secrets_in_environment(settings: Settings) -> Iterator[Settings]:
    """Put the store URL of ``settings`` into ``CLAIMGRAPH_DB`` for the flows run in this process (and the
    processes they start), and yield the settings without secrets to pass them; restore the variable after."""
    before = os.environ.get(DB_VARIABLE)
    os.environ[DB_VARIABLE] = settings.db_url
    try:
        yield settings.public()
    finally:
        if before is None:
            os.environ.pop(DB_VARIABLE, None)
        else:
            os.environ[DB_VARIABLE] = before


def batch_name(parameters: dict[str, object], verb: str) -> str:
    """Return a task run's name: ``verb batch N (K articles)``."""
    articles = parameters.get("articles", parameters.get("results"))
    size = len(articles) if isinstance(articles, list) else "?"
    return f"{verb} batch {parameters.get('batch', '?')} ({size} articles)"


def process_run_name() -> str:
    """Return the name of the running process-batch task run (Prefect's ``task_run_name`` callable)."""
    from prefect.runtime import task_run

    return batch_name(task_run.parameters, "process")


def write_run_name() -> str:
    """Return the name of the running write-batch task run."""
    from prefect.runtime import task_run

    return batch_name(task_run.parameters, "write")


@contextmanager
def flow_pool(settings: Settings, workers: int) -> Iterator[None]:
    """Start ``workers`` worker processes (none when 0) for the process-batch tasks of this process, and stop
    them at the end."""
    if not workers:
        yield
        return
    with BatchPool(settings, workers=workers) as pool:
        _pool[:] = [pool]
        try:
            yield
        finally:
            _pool.clear()


@task(name="process-batch", task_run_name=process_run_name, cache_policy=NO_CACHE)
def process_batch_task(articles: list[Article], settings: Settings, batch: int = 0) -> list[ArticleResult]:
    """Parse, extract and normalize one batch of articles (``batch``: its number in the run, for the task's name),
    in the flow's worker processes when it started them, else in this process."""
    if _pool:
        return _pool[0].submit(articles).result()
    return process_batch(worker_pipeline(settings), articles)


@task(name="write-batch", task_run_name=write_run_name, retries=2, retry_delay_seconds=2, cache_policy=NO_CACHE)
def write_batch_task(results: list[ArticleResult], run_id: str, batch: int = 0) -> RunStats:
    """Write one batch's articles, claims and failures to this worker's store; log and return what that added."""
    stats = store_results(task_store(), results, run_id=run_id)
    get_run_logger().info(
        "batch %d: %d articles, %d new, %d claims stored, %d failed", batch, len(results), stats.new, stats.claims,
        stats.failed,
    )
    return stats


def summary_markdown(stats: RunStats, run_id: str) -> str:
    """Return the run summary as a Markdown table, failures listed with their reasons."""
    rows = "\n".join(f"| {key} | {value} |" for key, value in summary_of(stats).items())
    failures = "\n".join(f"- `{f.origin}` ({f.stage}): {f.message}" for f in stats.failures) or "none"
    return f"# claimgraph run {run_id}\n\n| | count |\n|---|---|\n{rows}\n\n## Failures\n{failures}\n"


def log_summary(stats: RunStats, run_id: str) -> None:
    """Log the run's counts on the flow run's logger."""
    counts = ", ".join(f"{key} {value}" for key, value in summary_of(stats).items())
    get_run_logger().info("run %s finished: %s", run_id, counts)


@flow(name="claimgraph-run", log_prints=False)
def claimgraph_run(sources: list[str], settings: Settings, run_id: str | None = None) -> RunStats:
    """Run the main job over ``sources`` into this worker's store (``CLAIMGRAPH_DB``) and return its counts.

    Raises ``ConfigError`` when ``settings`` carry a secret (pass ``settings.public()``).
    """
    check_public(settings)
    run = start_run(task_store(), settings, run_id=run_id)
    # Each batch is processed once and written once, in order: two counters number them alike.
    processed, written = count(1), count(1)
    with Fetcher(settings) as fetcher:
        workers, batches = workers_for(settings, read_batches(sources, run, fetcher=fetcher))
        with flow_pool(settings, workers):
            run_batches(
                run, batches,
                submit=lambda batch: process_batch_task.submit(batch, settings, batch=next(processed)),
                depth=2 * workers,
                write=lambda results: write_batch_task(results, run.run_id, batch=next(written)),
                on_batch=report_progress,
            )
    stats = finish_run(run)
    log_summary(stats, run.run_id)
    create_markdown_artifact(
        markdown=summary_markdown(stats, run.run_id), key="claimgraph-run-summary",
        description="claimgraph run summary",
    )
    return stats


def report_progress(done: int, stats: RunStats) -> None:
    """Tell the callbacks ``run_flow`` was given that ``done`` more inputs were consumed, and the counts so far."""
    for callback in _progress:
        callback(done, stats)


def run_flow(sources: list[str], settings: Settings, *, on_batch: BatchDone | None = None) -> RunStats:
    """Run ``claimgraph_run`` (on Prefect's ephemeral local server unless one is configured) into the store of
    ``settings`` and return its counts, reporting progress to ``on_batch``. The flow gets no secret."""
    _progress[:] = [on_batch] if on_batch else []
    try:
        with secrets_in_environment(settings) as public:
            return claimgraph_run([str(s) for s in sources], public)
    finally:
        _progress.clear()
