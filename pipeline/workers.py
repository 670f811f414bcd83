"""Parallel processing of a run's batches: worker processes that each load the pipeline once and take
whole batches through ``process_batch`` (parse, extract, score, normalize), while the calling process
reads, deduplicates and stores in input order.

A batch's results depend on its articles alone (the model's scores do not depend on the batch), so a
run gives the same records with one process or several. Workers are started from a fork server that
has imported the pipeline's modules (and never run a model, so no thread pool is forked); each builds
the pipeline once, and runs the model on ``cores // workers`` threads so the workers do not fight over
the cores. Imports the steps and the settings; knows nothing of Prefect.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from functools import cache
from itertools import chain, islice
from pathlib import Path
from types import TracebackType
from typing import cast

from pipeline.records import Article
from pipeline.settings import Settings
from pipeline.steps import ArticleResult, Pipeline, build_pipeline, process_batch

# Imported once by the fork server, so each worker starts with them loaded.
PRELOAD = ["pipeline.steps"]
# How often a worker checks that the process that started it still runs.
OWNER_POLL_S = 1.0
_worker_pipeline: list[Pipeline] = []


def available_cores() -> int:
    """Return how many cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def worker_count(settings: Settings) -> int:
    """Return how many worker processes a run uses: ``settings.workers``, or one per core when it is 0."""
    return settings.workers or available_cores()


def workers_for(settings: Settings, batches: Iterable[list[Article]]) -> tuple[int, Iterator[list[Article]]]:
    """Return how many worker processes a run over ``batches`` should start (0: none, process in the calling
    process) and the batches to take, unchanged: workers only when there is more than one core to use and the
    input fills more than one batch (a handful of files is answered without starting processes)."""
    iterator = iter(batches)
    first = list(islice(iterator, 2))
    workers = worker_count(settings)
    return (workers if workers > 1 and len(first) > 1 else 0), chain(first, iterator)


def start_worker(settings: Settings, threads: int, owner: int) -> None:
    """Build the worker's pipeline (once per worker process), cap the model's threads, and watch the process
    ``owner`` that started the pool: the worker exits when it is gone."""
    import torch

    threading.Thread(target=exit_without, args=(owner,), daemon=True, name="claimgraph-owner-watch").start()
    torch.set_num_threads(threads)
    _worker_pipeline[:] = [build_pipeline(settings)]


def exit_without(owner: int) -> None:
    """Exit this worker process as soon as process ``owner`` no longer runs (checked every second).

    A worker is a child of the fork server, not of the run, and waits on a queue whose other end it holds too:
    without this, a run killed with ``kill -9`` would leave its workers (and their memory) behind for good.
    """
    while owner_alive(owner):
        time.sleep(OWNER_POLL_S)
    os._exit(1)


def owner_alive(pid: int) -> bool:
    """Return whether process ``pid`` still runs (and is not a zombie)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    stat = Path(f"/proc/{pid}/stat")
    return not stat.exists() or stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"


def process_in_worker(articles: list[Article]) -> list[ArticleResult]:
    """Return ``process_batch`` of ``articles`` with the worker's pipeline."""
    return process_releasing(_worker_pipeline[0], articles)


def process_releasing(pipeline: Pipeline, articles: list[Article]) -> list[ArticleResult]:
    """Return ``process_batch`` of ``articles``, then hand the heap the batch freed back to the system."""
    try:
        return process_batch(pipeline, articles)
    finally:
        release_heap()


def release_heap() -> bool:
    """Return the free memory at the top of the C heap to the system (glibc's ``malloc_trim``); False where the C
    library has none. A long document's parse leaves its peak allocated to the process otherwise, so a
    worker's resident memory would climb to the largest batch it ever saw and stay there."""
    trim = _malloc_trim()
    return bool(trim is not None and trim(0) >= 0)


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    """Return glibc's ``malloc_trim``, or None (another C library)."""
    name = ctypes.util.find_library("c")
    try:
        return cast(Callable[[int], int], ctypes.CDLL(name).malloc_trim) if name else None
    except (OSError, AttributeError):
        return None


class BatchPool:
    """Worker processes that process batches of articles: ``submit`` returns the future of a batch's results.

    Use as a context manager (the workers stop at its end) or call ``close``.
    """

    def __init__(self, settings: Settings, *, workers: int) -> None:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        threads = max(1, available_cores() // workers)
        self.workers = workers
        self.executor = ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=start_worker,
            initargs=(settings, threads, os.getpid()),
        )

    def submit(self, articles: list[Article]) -> Future[list[ArticleResult]]:
        """Return the future of ``process_batch`` over ``articles`` in a worker."""
        return self.executor.submit(process_in_worker, articles)

    def warm_up(self) -> None:
        """Wait until every worker has built its pipeline (a benchmark then times the processing alone)."""
        for future in [self.executor.submit(process_in_worker, []) for _ in range(self.workers * 2)]:
            future.result()

    def close(self) -> None:
        """Stop the workers (after the batches already submitted)."""
        self.executor.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> BatchPool:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()
