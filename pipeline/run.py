"""The plain-Python runner: ``run_sources`` takes the sources through the steps of ``pipeline.steps``
in this process. The CLI (``--no-prefect``), the tests and the benchmarks call it; ``flows/`` wraps
the same steps in Prefect tasks instead. Knows nothing of Prefect.

Also the home of the names callers import to process articles without a run (``build_pipeline``,
``process_batch``, ``annotate_articles`` ...), defined in ``pipeline.steps``.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from pipeline.ingest.http import Fetcher
from pipeline.records import Article, RunStats
from pipeline.settings import Settings
from pipeline.steps import (
    ArticleResult,
    BatchDone,
    Pipeline,
    Run,
    WriteStep,
    annotate_articles,
    batched,
    build_pipeline,
    extract_batch,
    extractor_model,
    finish_run,
    process_batch,
    read_batches,
    run_batches,
    start_run,
    store_results,
)
from pipeline.store import Store
from pipeline.workers import BatchPool, process_releasing, workers_for

__all__ = [
    "ArticleResult", "Pipeline", "annotate_articles", "batched", "build_pipeline", "extract_batch", "extractor_model",
    "process_batch", "run_sources",
]


def run_sources(
    sources: Iterable[str], settings: Settings, *, store: Store, pipeline: Pipeline | None = None,
    pool: BatchPool | None = None, on_batch: BatchDone | None = None,
    run_id: str | None = None,
) -> RunStats:
    """Run the main job over ``sources`` into ``store`` and return what it did.

    Articles too long to parse are failures; already-stored articles and near copies of them are not
    processed again: they are stored as sightings of the article they copy. The batches are processed
    by ``pool``, else in this process by ``pipeline``, else (neither given) in worker processes
    (``settings.workers``) when the input fills more than one batch, and in this process when it does not:
    the pipeline loads only after the first inputs are read, so a missing file is reported first.
    ``on_batch`` hears how many inputs each stored batch consumed, and the counts so far. Raises
    ``SourceError`` for a source that cannot be read at all.
    """
    run = start_run(store, settings, run_id=run_id)
    write = partial(store_results, store, run_id=run.run_id)
    with Fetcher(settings) as fetcher:
        batches = read_batches(sources, run, fetcher=fetcher)
        if pool is not None:
            run_pooled(run, batches, pool, write=write, on_batch=on_batch)
            return finish_run(run)
        workers, batches = workers_for(settings, batches) if pipeline is None else (0, iter(batches))
        if workers:
            with BatchPool(settings, workers=workers) as own_pool:
                run_pooled(run, batches, own_pool, write=write, on_batch=on_batch)
        else:
            loaded = pipeline or build_pipeline(settings)
            run_batches(run, batches, process=partial(process_releasing, loaded), write=write, on_batch=on_batch)
    return finish_run(run)


def run_pooled(run: Run, batches: Iterable[list[Article]], pool: BatchPool, *, write: WriteStep,
               on_batch: BatchDone | None) -> None:
    """Take ``batches`` through the steps with ``pool``'s workers processing them, two batches per worker in flight."""
    run_batches(run, batches, submit=pool.submit, depth=2 * pool.workers, write=write, on_batch=on_batch)
