"""Scheduled news ingestion: the flows ``ingest-feeds`` (fetch feeds and their new article pages),
``process-articles`` (the NLP in batches, on the default runner or a Dask cluster),
``export-graph`` (claims to JSON Lines) and ``claimgraph-feeds``, which chains the three and is
what ``claimgraph schedule`` serves on each feed's interval or cron.

Thin by design: fetching is ``pipeline.ingest``'s, and deduplication (after the size guard),
processing, storing and the run's start and finish are the steps of ``pipeline.steps``, which these
flows call in the same order as ``run_sources``, wrapped in tasks. Retries go on network
I/O only (transient fetch errors, with exponential back-off, longer when the server's ``Retry-After``
asks, never when it asks for more than ``MAX_RETRY_AFTER_S``) and on store writes; every fetch has
its time budget, enforced by the fetcher itself (Prefect's task timeouts cannot interrupt a blocking
read in a worker thread), and the pages of a run share ``FEED_BUDGET_S`` (what ``claimgraph run
FEED_URL`` gives one feed); fetches run on a thread pool of ``fetch_concurrency`` workers, at most
``HOST_CONNECTIONS`` to one host. Articles travel from
ingestion to processing through a spool file, not as flow parameters (Prefect stores those).
"""

from __future__ import annotations

import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from prefect import flow, serve, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import TaskRun
from prefect.futures import PrefectFuture
from prefect.states import State
from prefect.task_runners import ThreadPoolTaskRunner

from flows.main import check_public, log_summary, process_batch_task, summary_markdown, task_store, write_batch_task
from pipeline.dedup import new_deduplicator, split_known_items, write_pending
from pipeline.errors import FetchError
from pipeline.export.jsonl import write_claims_jsonl
from pipeline.ingest.feeds import fetch_feed, interval_seconds
from pipeline.ingest.http import MAX_RETRY_AFTER_S, Fetcher
from pipeline.ingest.pages import fetch_article
from pipeline.ingest.sources import FEED_BUDGET_S
from pipeline.ingest.spool import read_spool, write_spool
from pipeline.records import Article, Failure, Feed, FeedItem, RunStats, Sighting
from pipeline.settings import Settings
from pipeline.steps import batched, finish_run, merge_stats, prepare_batch, start_run


@dataclass
class IngestReport:
    """What ``ingest-feeds`` found: the spool of new articles, the duplicates' sightings, the failures
    of fetching, and what storing the articles too long to parse (as failures) added."""

    spool: str
    read: int = 0
    duplicate: int = 0
    failures: list[Failure] = field(default_factory=list)
    rejected: RunStats = field(default_factory=RunStats)
    sightings: list[Sighting] = field(default_factory=list)
    fingerprints: dict[str, tuple[str, ...]] = field(default_factory=dict)
    invisible_removed: int = 0


FETCHER_LOCK = threading.Lock()


def worker_fetcher(settings: Settings) -> Fetcher:
    """Return the HTTP client for ``settings``, one per worker process (it is thread-safe; so is this)."""
    with FETCHER_LOCK:
        return cached_fetcher(settings)


@lru_cache(maxsize=4)
def cached_fetcher(settings: Settings) -> Fetcher:
    """Return a new HTTP client for ``settings`` (``lru_cache`` alone may build two when threads race)."""
    return Fetcher(settings)


def is_transient(task: Any, task_run: TaskRun, state: State) -> bool:
    """Return True when a failed fetch is worth retrying (network error, timeout, 5xx), and not asked to wait
    more than ``MAX_RETRY_AFTER_S``; wait here what ``Retry-After`` asks beyond the task's own retry delay."""
    error = state.result(raise_on_failure=False)
    if not isinstance(error, FetchError) or not error.transient:
        return False
    asked = error.retry_after_s or 0.0
    if asked > MAX_RETRY_AFTER_S:
        return False
    delays = task.retry_delay_seconds if isinstance(task.retry_delay_seconds, list) else [task.retry_delay_seconds]
    planned = float(delays[min(task_run.run_count - 1, len(delays) - 1)] or 0) if delays else 0.0
    time.sleep(max(asked - planned, 0.0))
    return True


@task(name="fetch-feed", task_run_name="fetch feed {feed.name}", retry_condition_fn=is_transient, cache_policy=NO_CACHE)
def fetch_feed_task(feed: Feed, settings: Settings) -> list[FeedItem]:
    """Return the feed's items, with a conditional request: none when it has not changed since last time."""
    store = task_store()
    items, state = fetch_feed(worker_fetcher(settings), feed, store.feed_state(feed.url))
    store.save_feed_state(state)
    return items


@task(name="fetch-page", task_run_name="fetch page {item.url}", retry_condition_fn=is_transient, cache_policy=NO_CACHE)
def fetch_page_task(item: FeedItem, settings: Settings, deadline: float = float("inf")) -> Article | Failure:
    """Return the article an item links to; a permanent error is returned as its ``Failure``, a transient
    one raised (retried). Past ``deadline`` (wall-clock seconds) the item is a failure, not fetched."""
    if time.time() > deadline:
        return Failure(origin=item.url, stage="fetch", message=f"not fetched: the feed's time budget of "
                                                               f"{FEED_BUDGET_S:g} s is spent; the next run fetches it")
    try:
        return fetch_article(worker_fetcher(settings), item)
    except FetchError as error:
        if error.transient:
            raise
        return Failure(origin=item.url, stage=error.stage or "fetch", message=error.message)


def retry_options(settings: Settings) -> dict[str, Any]:
    """Return the task options for network I/O: retries with exponential back-off."""
    retries = max(settings.fetch_retries - 1, 0)
    return {"retries": retries, "retry_delay_seconds": [settings.retry_backoff_s * 2**i for i in range(retries)] or 0}


def outcome(future: PrefectFuture, *, origin: str) -> Any:
    """Return the future's result, or a ``Failure`` for ``origin`` when the task failed (after its retries)."""
    future.wait()
    state = future.state
    if state.is_completed():
        return future.result()
    error = state.result(raise_on_failure=False)
    message = error.message if isinstance(error, FetchError) else f"{error.__class__.__name__}: {error}".rstrip(": ")
    stage = error.stage if isinstance(error, FetchError) else "fetch"
    return Failure(origin=origin, stage=stage, message=message or "task failed")


def fetch_items(feeds: list[Feed], settings: Settings) -> tuple[list[FeedItem], list[Failure]]:
    """Fetch every feed on the task runner; return all items and a failure per feed that could not be read."""
    fetch = fetch_feed_task.with_options(**retry_options(settings))
    futures = [(feed, fetch.submit(feed, settings)) for feed in feeds]
    items: list[FeedItem] = []
    failures: list[Failure] = []
    for feed, future in futures:
        result = outcome(future, origin=feed.url)
        (failures.append if isinstance(result, Failure) else items.extend)(result)
    return items, failures


def fetch_pages(items: list[FeedItem], settings: Settings) -> list[Article | Failure]:
    """Fetch every item's page on the task runner; return each article or the failure recorded against its URL."""
    fetch = fetch_page_task.with_options(**retry_options(settings))
    deadline = time.time() + FEED_BUDGET_S
    futures = [(item, fetch.submit(item, settings, deadline)) for item in items]
    return [outcome(future, origin=item.url) for item, future in futures]


@flow(name="ingest-feeds", log_prints=False)
def ingest_feeds(feeds: list[Feed], settings: Settings, run_id: str) -> IngestReport:
    """Fetch the feeds and their new pages, prepare the articles (size guard, then duplicates set aside
    as sightings), store the too-long ones as failures and spool the others."""
    dedup = new_deduplicator(task_store(), threshold=settings.near_duplicate_threshold)
    items, failures = fetch_items(feeds, settings)
    to_fetch = split_known_items(dedup, items)
    fetched = fetch_pages(to_fetch, settings)
    prepared = prepare_batch(dedup, [a for a in fetched if isinstance(a, Article)], settings)
    spool = Path(tempfile.gettempdir()) / "claimgraph-spool" / f"{run_id}.jsonl"
    write_spool(spool, prepared.fresh)
    return IngestReport(
        spool=str(spool), read=len(items), duplicate=len(items) - len(to_fetch) + prepared.duplicate,
        failures=failures + [f for f in fetched if isinstance(f, Failure)],
        rejected=write_batch_task(prepared.rejected, run_id) if prepared.rejected else RunStats(),
        sightings=list(dedup.pending), fingerprints=dict(dedup.prints), invisible_removed=prepared.invisible_removed,
    )


def task_runner_for(settings: Settings) -> Any:
    """Return the task runner the NLP runs on: a Dask cluster when one is configured, else a thread pool."""
    if settings.dask_address or settings.dask_workers:
        from prefect_dask import DaskTaskRunner

        if settings.dask_address:
            return DaskTaskRunner(address=settings.dask_address)
        cluster = {"n_workers": settings.dask_workers, "threads_per_worker": 1, "processes": True}
        return DaskTaskRunner(cluster_kwargs=cluster)
    return ThreadPoolTaskRunner(max_workers=1)


@flow(name="process-articles", log_prints=False)
def process_articles(spool: str, settings: Settings, run_id: str) -> RunStats:
    """Parse, extract, normalize and store the spooled articles, a task per batch; return the counts."""
    stats = RunStats()
    futures = []
    for number, batch in enumerate(batched(read_spool(Path(spool)), settings.batch_size), start=1):
        processed = process_batch_task.submit(batch, settings, batch=number)
        # Prefect hands the task the future's result: the write waits for its batch, not for the others.
        futures.append(write_batch_task.submit(processed, run_id, batch=number))  # type: ignore[call-overload]
        stats.read += len(batch)
    for future in futures:
        merge_stats(stats, future.result())
    return stats


@flow(name="export-graph", log_prints=False)
def export_graph(out: str, settings: Settings) -> int:
    """Write every stored claim to ``out`` as JSON Lines; return how many."""
    return write_claims_jsonl(task_store().iter_claims(), Path(out))


@flow(name="claimgraph-feeds", log_prints=False)
def claimgraph_feeds(feeds: list[Feed], settings: Settings, export_to: str | None = None) -> RunStats:
    """Ingest the feeds, process the new articles, store sightings of the duplicates, publish a summary."""
    check_public(settings)
    run = start_run(task_store(), settings, feeds=[f.name for f in feeds])
    fetching: ThreadPoolTaskRunner[Any] = ThreadPoolTaskRunner(max_workers=settings.fetch_concurrency)
    # Prefect types task_runner invariantly: a thread pool, whose futures are PrefectFutures, is refused.
    report = ingest_feeds.with_options(task_runner=fetching)(feeds, settings, run.run_id)  # type: ignore[arg-type]
    add_ingest_report(run.stats, report)
    try:
        processing = process_articles.with_options(task_runner=task_runner_for(settings))
        processed = processing(report.spool, settings, run.run_id)
    finally:
        Path(report.spool).unlink(missing_ok=True)
    merge_stats(run.stats, processed)
    record_sightings_task(report, run.run_id)
    stats = finish_run(run)
    log_summary(stats, run.run_id)
    create_markdown_artifact(
        markdown=summary_markdown(stats, run.run_id), key="claimgraph-feeds-summary",
        description="claimgraph feeds run summary",
    )
    if export_to:
        export_graph(export_to, settings)
    return stats


def add_ingest_report(stats: RunStats, report: IngestReport) -> None:
    """Count into ``stats`` what ingestion read, set aside as duplicates and failed on (fetching, the size guard)."""
    stats.read += report.read
    stats.duplicate += report.duplicate
    stats.invisible_removed += report.invisible_removed
    stats.failed += len(report.failures)
    stats.failures.extend(report.failures)
    merge_stats(stats, report.rejected)


@task(name="record-sightings", retries=2, retry_delay_seconds=2, cache_policy=NO_CACHE)
def record_sightings_task(report: IngestReport, run_id: str) -> None:
    """Store the fingerprints of the new articles that were stored, and every sighting of a stored article."""
    write_pending(task_store(), sightings=report.sightings, prints=report.fingerprints, run_id=run_id)


def deployments_for(feeds: list[Feed], settings: Settings) -> list[Any]:
    """Return one deployment of ``claimgraph-feeds`` per feed, on the feed's interval or cron schedule."""
    deployments = []
    for feed in feeds:
        seconds = interval_seconds(feed.schedule)
        timing = {"interval": seconds} if seconds else {"cron": feed.schedule}
        parameters = {"feeds": [asdict(feed)], "settings": settings_parameter(settings)}
        deployments.append(claimgraph_feeds.to_deployment(name=feed.name, parameters=parameters, **timing))
    return deployments


def settings_parameter(settings: Settings) -> dict[str, Any]:
    """Return ``settings`` as the JSON a deployment stores (paths as strings); raise ``ConfigError`` when they carry
    a secret (pass ``settings.public()``: the served runs find the store in ``CLAIMGRAPH_DB``)."""
    return check_public(settings).model_dump(mode="json")


def serve_feeds(feeds: list[Feed], settings: Settings, *, limit: int | None = None) -> None:
    """Serve a deployment per feed against the Prefect server of ``PREFECT_API_URL`` until interrupted."""
    serve(*deployments_for(feeds, settings), limit=limit)
