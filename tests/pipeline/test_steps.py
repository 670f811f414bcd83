"""The steps of a run without the NLP (processing is a stand-in): the size guard comes before
deduplication, and the batch loop takes every batch through prepare, process, write and flush."""

from __future__ import annotations

import os
from functools import partial
from pathlib import Path

from pipeline.cache import SUFFIX
from pipeline.dedup import new_deduplicator
from pipeline.records import Annotation, Article, Failure
from pipeline.settings import Settings
from pipeline.steps import (
    ArticleResult,
    Pipeline,
    PreparedBatch,
    annotate_articles,
    disk_cache,
    finish_run,
    prepare_batch,
    run_batches,
    start_run,
    store_results,
    summary_of,
)
from pipeline.store import Store

SETTINGS = Settings(max_chars=100)
LONG = "Turkey supports the Government of National Accord. " * 5
TOO_LONG = "article has 255 characters, over the limit of 100: split it or raise --max-chars"
SHORT = "Russia supports Khalifa Haftar, the ministry said."
BATCH = [
    Article(id="long", text=LONG, origin="in:1"), Article(id="long-copy", text=LONG, origin="in:2"),
    Article(id="short", text=SHORT, origin="in:3"), Article(id="short-copy", text=SHORT, origin="in:4"),
]


def rejected(article: Article) -> ArticleResult:
    return ArticleResult(article=article, failure=Failure(article.origin, "parse", TOO_LONG, article.id))


def test_steps_prepare_batch_guards_size_before_deduplication(store: Store) -> None:
    dedup = new_deduplicator(store, threshold=0.7)

    prepared = prepare_batch(dedup, BATCH, SETTINGS)

    # The copy of the long article is refused on its own: never fingerprinted, so never a "duplicate".
    assert prepared == PreparedBatch(fresh=[BATCH[2]], rejected=[rejected(BATCH[0]), rejected(BATCH[1])], duplicate=1)
    assert [(s.article_id, s.url) for s in dedup.pending] == [("short", "in:3"), ("short", "in:4")]


def test_steps_run_batches_takes_every_batch_through_every_step(store: Store) -> None:
    run = start_run(store, SETTINGS, run_id="r1")
    processed: list[list[Article]] = []
    progress: list[int] = []

    def process(articles: list[Article]) -> list[ArticleResult]:
        processed.append(articles)
        return [ArticleResult(article=article) for article in articles]

    write = partial(store_results, store, run_id="r1")
    run_batches(run, [BATCH[:3], BATCH[3:]], process=process, write=write,
                on_batch=lambda done, _: progress.append(done))
    stats = finish_run(run)

    # The second batch holds only a copy: nothing to process, but the step still runs (and writes nothing).
    assert (processed, progress) == ([[BATCH[2]], []], [3, 1])
    assert summary_of(stats) == {
        "read": 0, "new": 1, "duplicate": 1, "failed": 2, "claims": 0, "one_actor_dropped": 0, "invisible_removed": 0,
    }
    assert sorted(store.failures(), key=lambda f: f.origin) == [rejected(BATCH[0]).failure, rejected(BATCH[1]).failure]
    assert [(s.article_id, s.url) for s in store.sightings()] == [("short", "in:3"), ("short", "in:4")]
    assert store.counts()["fingerprints"] == 16


def test_steps_annotate_reads_the_cleaned_text_as_a_run_does(rules_pipeline: Pipeline) -> None:
    [annotation] = annotate_articles(rules_pipeline, [Article(id="z", text="Ir\u200ban condemned Isr\u2060ael on Monday.")])
    assert isinstance(annotation, Annotation)
    assert [(e.text, e.start, e.id) for e in annotation.entities] == [("Iran", 0, "IRN"), ("Israel", 15, "ISR")]


def test_steps_build_pipeline_keeps_the_registry_and_gazetteer_in_the_cache_dir(rules_pipeline: Pipeline) -> None:
    settings = rules_pipeline.settings
    written = {path.name.split("-")[0] for path in settings.cache_dir.glob(f"*{SUFFIX}")}

    assert disk_cache(settings).directory == settings.cache_dir == Path(os.environ["CLAIMGRAPH_CACHE_DIR"])  # not ~
    assert written == {"gazetteer", "registry"}


def test_steps_disk_cache_off_caches_nothing(tmp_path: Path) -> None:
    assert disk_cache(Settings(cache_dir=tmp_path, disk_cache=False)).directory is None
    assert disk_cache(Settings(cache_dir=tmp_path)).directory == tmp_path
