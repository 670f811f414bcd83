"""The main Prefect flow: read sources, process articles in batches (a task per batch), write the
store, publish a run-summary artifact.

Thin by design: the work is ``pipeline.run``'s. spaCy objects never cross a task boundary (tasks
take and return records); the pipeline is loaded once per worker process; retries go on store
writes only, never on deterministic NLP; task caching is off (results depend on model versions).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from pipeline.ingest import read_sources
from pipeline.records import Article, RunStats
from pipeline.ingest.http import Fetcher
from pipeline.run import (
    ArticleResult, Deduplicator, DuplicateIndex, Pipeline, batched, build_pipeline, flush_sightings, max_file_bytes, new_run_id,
    process_batch, record_ingest_failures, split_duplicates, split_inputs, store_results, summary_of,
)
from pipeline.settings import Settings
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
    """Write one batch's articles, claims and failures to the store."""
    stats = RunStats()
    store_results(worker_store(db_url), results, stats, run_id=run_id)
    return stats


def merge(total: RunStats, part: RunStats) -> None:
    """Add ``part``'s counts and failures into ``total``."""
    total.new += part.new
    total.failed += part.failed
    total.claims += part.claims
    total.failures.extend(part.failures)


def summary_markdown(stats: RunStats, run_id: str) -> str:
    """Return the run summary as a Markdown table, failures listed with their reasons."""
    rows = "\n".join(f"| {key} | {value} |" for key, value in summary_of(stats).items())
    failures = "\n".join(f"- `{f.origin}` ({f.stage}): {f.message}" for f in stats.failures) or "none"
    return f"# claimgraph run {run_id}\n\n| | count |\n|---|---|\n{rows}\n\n## Failures\n{failures}\n"


@flow(name="claimgraph-run", log_prints=False)
def claimgraph_run(sources: list[str], settings: Settings, run_id: str | None = None) -> RunStats:
    """Run the main job over ``sources`` into the store ``settings.db_url`` and return its counts."""
    run_id = run_id or new_run_id()
    store = worker_store(settings.db_url)
    store.start_run(run_id, settings_summary={"version": settings.pipeline_version, "model": settings.spacy_model})
    stats = RunStats()
    dedup = Deduplicator(store=store, index=DuplicateIndex(threshold=settings.near_duplicate_threshold))
    with Fetcher(settings) as fetcher:
        articles = read_sources(sources, fetcher=fetcher, max_file_bytes=max_file_bytes(settings))
        for batch in batched(split_inputs(articles, stats), settings.batch_size):
            fresh = split_duplicates(dedup, batch)
            stats.duplicate += len(batch) - len(fresh)
            merge(stats, write_batch_task(process_batch_task(fresh, settings), settings.db_url, run_id))
            flush_sightings(dedup, run_id=run_id)
            for callback in _progress:
                callback(len(batch))
    record_ingest_failures(store, stats, run_id=run_id)
    store.finish_run(run_id, stats=summary_of(stats))
    create_markdown_artifact(markdown=summary_markdown(stats, run_id), key="claimgraph-run-summary", description="claimgraph run summary")
    return stats


def run_flow(sources: list[str], settings: Settings, *, on_batch: Callable[[int], None] | None = None) -> RunStats:
    """Run ``claimgraph_run`` (on Prefect's ephemeral local server unless one is configured), reporting progress to ``on_batch``."""
    _progress[:] = [on_batch] if on_batch else []
    try:
        return claimgraph_run([str(s) for s in sources], settings)
    finally:
        _progress.clear()
