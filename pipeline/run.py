"""The plain-Python runner: ``run_sources`` takes the sources through the steps of ``pipeline.steps``
in this process. The CLI (``--no-prefect``), the tests and the benchmarks call it; ``flows/`` wraps
the same steps in Prefect tasks instead. Knows nothing of Prefect.

Also the home of the names callers import to process articles without a run (``build_pipeline``,
``process_batch``, ``annotate_articles`` ...), defined in ``pipeline.steps``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial

from pipeline.ingest.http import Fetcher
from pipeline.records import RunStats
from pipeline.settings import Settings
from pipeline.steps import (
    ArticleResult,
    Pipeline,
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

__all__ = [
    "ArticleResult", "Pipeline", "annotate_articles", "batched", "build_pipeline", "extract_batch", "extractor_model",
    "process_batch", "run_sources",
]


def run_sources(
    sources: Iterable[str], settings: Settings, *, store: Store, pipeline: Pipeline | None = None,
    on_batch: Callable[[int], None] | None = None, run_id: str | None = None,
) -> RunStats:
    """Run the main job over ``sources`` into ``store`` and return what it did.

    Articles too long to parse are failures; already-stored articles and near copies of them are not
    processed again: they are stored as sightings of the article they copy. ``on_batch`` hears how
    many inputs each batch consumed. Raises ``SourceError`` for a source that cannot be read at all.
    """
    pipeline = pipeline or build_pipeline(settings)
    run = start_run(store, settings, run_id=run_id)
    with Fetcher(settings) as fetcher:
        run_batches(
            run, read_batches(sources, settings, fetcher=fetcher, stats=run.stats),
            process=partial(process_batch, pipeline), write=partial(store_results, store, run_id=run.run_id),
            on_batch=on_batch,
        )
    return finish_run(run)
