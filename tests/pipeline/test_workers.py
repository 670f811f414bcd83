"""Parallel runs: worker processes give the same claim records as one process, whatever the batch size, and
do not outlive the run that started them."""

from __future__ import annotations

import multiprocessing
import subprocess
from pathlib import Path

from builders import stored_claims, write_corpus

from pipeline.records import Article
from pipeline.run import Pipeline, run_sources
from pipeline.settings import Settings
from pipeline.store import open_store
from pipeline.workers import BatchPool, exit_without, process_releasing, release_heap


def test_workers_and_batch_sizes_give_the_same_claim_records(tmp_path: Path, pipeline: Pipeline) -> None:
    corpus = write_corpus(tmp_path)
    urls = {name: f"sqlite:///{tmp_path / name}.db" for name in ("one", "small_batches", "workers")}
    one = Settings().with_db(urls["one"])
    with open_store(one.db_url) as store:
        single = run_sources([str(corpus)], one, store=store, pipeline=pipeline)
    small = Settings(batch_size=3).with_db(urls["small_batches"])
    with open_store(small.db_url) as store:
        run_sources([str(corpus)], small, store=store, pipeline=Pipeline(
            nlp=pipeline.nlp, normalizer=pipeline.normalizer, settings=small, scorer=pipeline.scorer))
    parallel = Settings(batch_size=2, workers=2).with_db(urls["workers"])
    with open_store(parallel.db_url) as store, BatchPool(parallel, workers=2) as pool:
        pooled = run_sources([str(corpus)], parallel, store=store, pool=pool)
    reference = stored_claims(urls["one"])
    assert len(reference) >= 10 and single.claims == pooled.claims == len(reference)
    assert stored_claims(urls["small_batches"]) == reference
    assert stored_claims(urls["workers"]) == reference
    assert (pooled.read, pooled.new, pooled.failed) == (single.read, single.new, 0)


def test_workers_exit_once_the_process_that_started_them_is_gone() -> None:
    owner = subprocess.Popen(["sleep", "60"])
    watcher = multiprocessing.get_context("fork").Process(target=exit_without, args=(owner.pid,))
    watcher.start()
    watcher.join(timeout=1.5)
    assert watcher.is_alive()  # the owner runs: the worker stays
    owner.kill()
    owner.wait()
    watcher.join(timeout=10)
    assert watcher.exitcode == 1


def test_a_batch_leaves_the_vocabulary_as_it_found_it_and_the_heap_trimmed(pipeline: Pipeline) -> None:
    """A long run meets new words in every batch: spaCy's string store (and lexemes) must not keep them, or a
    worker's memory grows with the number of articles."""
    strings = len(pipeline.nlp.vocab.strings)
    text = ("Zorvathian envoys met Quillimarian officials in Blenkport on Tuesday. "
            "Turkey supports the Government of National Accord in Libya, the ministry said.")
    first = process_releasing(pipeline, [Article(id="vocab-1", text=text, source="wire")])
    again = process_releasing(pipeline, [Article(id="vocab-1", text=text, source="wire")])
    assert first[0].claims and first == again
    assert len(pipeline.nlp.vocab.strings) == strings
    assert "Zorvathian" not in pipeline.nlp.vocab.strings
    assert release_heap()  # glibc's malloc_trim found and called (CI and these machines run glibc)
