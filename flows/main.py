"""The main Prefect flow: read sources, take each batch through the steps of ``pipeline.steps`` (a
task to process it, a task to store it), publish a run-summary artifact.

Thin by design: the batch loop and every step live in ``pipeline.steps``; this module wraps them. spaCy
objects never cross a task boundary (tasks take and return records); the pipeline is loaded once
per worker process; retries go on store writes only, never on deterministic NLP; task caching is
off (results depend on model versions).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from pipeline.ingest.http import Fetcher
from pipeline.records import Article, RunStats
from pipeline.settings import Settings
from pipeline.steps import (
    ArticleResult,
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

_progress: list[Callable[[int], None]] = []


@lru_cache(maxsize=2)
def worker_pipeline(settings: Settings) -> Pipeline:
    """Return the pipeline for ``settings``, loaded once per worker process."""
    return build_pipeline(settings)


@lru_cache(maxsize=4)
def worker_store(db_url: str) -> Store:
    """Return the store at ``db_url``, opened once per worker process."""
    return open_store(db_url)


@task(name="process-batch", cache_policy=NO_CACHE)
def process_batch_task(articles: list[Article], settings: Settings) -> list[ArticleResult]:
    """Parse, extract and normalize one batch of articles."""
    return process_batch(worker_pipeline(settings), articles)


@task(name="write-batch", retries=2, retry_delay_seconds=2, cache_policy=NO_CACHE)
def write_batch_task(results: list[ArticleResult], db_url: str, run_id: str) -> RunStats:
    """Write one batch's articles, claims and failures to the store; return what that added."""
    return store_results(worker_store(db_url), results, run_id=run_id)


def summary_markdown(stats: RunStats, run_id: str) -> str:
    """Return the run summary as a Markdown table, failures listed with their reasons."""
    rows = "\n".join(f"| {key} | {value} |" for key, value in summary_of(stats).items())
    failures = "\n".join(f"- `{f.origin}` ({f.stage}): {f.message}" for f in stats.failures) or "none"
    return f"# claimgraph run {run_id}\n\n| | count |\n|---|---|\n{rows}\n\n## Failures\n{failures}\n"


@flow(name="claimgraph-run", log_prints=False)
def claimgraph_run(sources: list[str], settings: Settings, run_id: str | None = None) -> RunStats:
    """Run the main job over ``sources`` into the store ``settings.db_url`` and return its counts."""
    run = start_run(worker_store(settings.db_url), settings, run_id=run_id)
    with Fetcher(settings) as fetcher:
        run_batches(
            run, read_batches(sources, settings, fetcher=fetcher, stats=run.stats),
            process=lambda batch: process_batch_task(batch, settings),
            write=lambda results: write_batch_task(results, settings.db_url, run.run_id),
            on_batch=report_progress,
        )
    stats = finish_run(run)
    create_markdown_artifact(
        markdown=summary_markdown(stats, run.run_id), key="claimgraph-run-summary",
        description="claimgraph run summary",
    )
    return stats


def report_progress(done: int) -> None:
    """Tell the callbacks ``run_flow`` was given that ``done`` more inputs were consumed."""
    for callback in _progress:
        callback(done)


def run_flow(sources: list[str], settings: Settings, *, on_batch: Callable[[int], None] | None = None) -> RunStats:
    """Run ``claimgraph_run`` (on Prefect's ephemeral local server unless one is configured) and return its
    counts, reporting progress to ``on_batch``."""
    _progress[:] = [on_batch] if on_batch else []
    try:
        return claimgraph_run([str(s) for s in sources], settings)
    finally:
        _progress.clear()
