"""The plain-Python composition of the stages: ingest -> parse -> extract -> normalize -> store.

The CLI, the tests and ``flows/`` call these functions; nothing else chains stages. Knows nothing
of Prefect.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from spacy.language import Language

from pipeline import __version__
from pipeline import components  # noqa: F401  (registers claimgraph's spaCy factories)
from pipeline.errors import ClaimgraphError, InputError
from pipeline.extract.mentions import extraction_of
from pipeline.ingest import read_sources
from pipeline.nlp.load import load_nlp, parse
from pipeline.normalize.actors import ActorRegistry
from pipeline.normalize.claims import Normalizer, annotate_extraction, normalize_extraction
from pipeline.normalize.places import Gazetteer
from pipeline.records import Annotation, Article, Claim, Extraction, Extractor, Failure, RunStats
from pipeline.settings import Settings
from pipeline.store import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Pipeline:
    """Everything loaded once per worker: the spaCy pipeline and the normalizer's registries."""

    nlp: Language
    normalizer: Normalizer
    settings: Settings


@dataclass(frozen=True)
class ArticleResult:
    """One article processed: its claims, or the failure that stopped it."""

    article: Article
    claims: tuple[Claim, ...] = ()
    failure: Failure | None = None


def build_pipeline(settings: Settings) -> Pipeline:
    """Return the loaded pipeline for ``settings`` (spaCy model, lexicon, actor registry, gazetteer)."""
    registry = ActorRegistry.load(settings.registry_dir)
    nlp = load_nlp(settings.spacy_model, lexicon_dir=settings.lexicon_dir, actor_patterns=registry.ruler_patterns())
    nlp.max_length = max(nlp.max_length, settings.max_chars + 1)
    extractor = Extractor(version=settings.pipeline_version, model=f"rules+{settings.spacy_model}")
    normalizer = Normalizer(registry=registry, gazetteer=Gazetteer.load(settings.registry_dir), extractor=extractor)
    return Pipeline(nlp=nlp, normalizer=normalizer, settings=settings)


def batched(items: Iterable, size: int) -> Iterator[list]:
    """Yield lists of at most ``size`` items."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def check_size(article: Article, settings: Settings) -> None:
    """Raise ``InputError`` for an article too long to parse."""
    if len(article.text) > settings.max_chars:
        raise InputError(
            f"article has {len(article.text):,} characters, over the limit of {settings.max_chars:,}: split it or raise --max-chars",
            origin=article.origin, article_id=article.id, stage="parse",
        )


def extract_batch(pipeline: Pipeline, articles: list[Article]) -> list[Extraction | Failure]:
    """Return each article's extraction (or its failure), parsing the good ones in one batch."""
    results: dict[int, Extraction | Failure] = {}
    good = []
    for index, article in enumerate(articles):
        try:
            check_size(article, pipeline.settings)
            good.append(index)
        except ClaimgraphError as error:
            results[index] = Failure(origin=article.origin, stage=error.stage, message=error.message, article_id=article.id)
    docs = parse(pipeline.nlp, (articles[i].text for i in good), batch_size=pipeline.settings.batch_size)
    for index, doc in zip(good, docs):
        results[index] = extraction_of(articles[index], doc)
    return [results[i] for i in range(len(articles))]


def process_batch(pipeline: Pipeline, articles: list[Article]) -> list[ArticleResult]:
    """Return the claims of each article of a batch, or the failure recorded against it."""
    results = []
    for article, extracted in zip(articles, extract_batch(pipeline, articles)):
        if isinstance(extracted, Failure):
            results.append(ArticleResult(article=article, failure=extracted))
            continue
        claims = normalize_extraction(extracted, pipeline.normalizer, min_confidence=pipeline.settings.min_confidence)
        results.append(ArticleResult(article=article, claims=tuple(claims)))
    return results


def annotate_articles(pipeline: Pipeline, articles: list[Article]) -> list[Annotation | Failure]:
    """Return the mentions (entities, times, places) of each article, without claims or store."""
    out: list[Annotation | Failure] = []
    for extracted in extract_batch(pipeline, articles):
        out.append(extracted if isinstance(extracted, Failure) else annotate_extraction(extracted, pipeline.normalizer))
    return out


def split_inputs(items: Iterable[Article | Failure], stats: RunStats) -> Iterator[Article]:
    """Yield the articles of ``items``, counting them and collecting the failures into ``stats``."""
    for item in items:
        stats.read += 1
        if isinstance(item, Failure):
            stats.failed += 1
            stats.failures.append(item)
        else:
            yield item


def new_run_id() -> str:
    """Return a fresh run id (provenance only, never part of a record id)."""
    return f"run_{uuid.uuid4().hex[:12]}"


def store_results(store: Store, results: list[ArticleResult], stats: RunStats, *, run_id: str) -> None:
    """Write a batch's articles and claims, and record its failures, updating ``stats``."""
    for result in results:
        if result.failure is not None:
            stats.failed += 1
            stats.failures.append(result.failure)
            store.record_failure(result.failure, run_id=run_id)
            continue
        if store.write_article(result.article, list(result.claims), run_id=run_id):
            stats.new += 1
        stats.claims += len(result.claims)


def run_sources(
    sources: Iterable[str], settings: Settings, *, store: Store, pipeline: Pipeline | None = None,
    on_batch: Callable[[int], None] | None = None, run_id: str | None = None,
) -> RunStats:
    """Run the main job over ``sources`` into ``store`` and return what it did; already-stored articles are skipped."""
    run_id = run_id or new_run_id()
    pipeline = pipeline or build_pipeline(settings)
    stats = RunStats()
    store.start_run(run_id, settings_summary={"version": __version__, "model": settings.spacy_model})
    seen: set[str] = set()
    for batch in batched(split_inputs(read_sources(sources), stats), settings.batch_size):
        fresh = new_articles(store, batch, seen)
        stats.duplicate += len(batch) - len(fresh)
        store_results(store, process_batch(pipeline, fresh), stats, run_id=run_id)
        if on_batch is not None:
            on_batch(len(batch))
    record_ingest_failures(store, stats, run_id=run_id)
    store.finish_run(run_id, stats=summary_of(stats))
    return stats


def new_articles(store: Store, batch: list[Article], seen: set[str]) -> list[Article]:
    """Return the articles of ``batch`` not yet stored nor seen earlier in this run, adding them to ``seen``."""
    fresh = []
    for article in batch:
        if article.id not in seen and not store.has_article(article.id):
            fresh.append(article)
        seen.add(article.id)
    return fresh


def record_ingest_failures(store: Store, stats: RunStats, *, run_id: str) -> None:
    """Record the inputs that could not be read as articles against the run."""
    for failure in stats.failures:
        if failure.stage == "ingest":
            store.record_failure(failure, run_id=run_id)


def summary_of(stats: RunStats) -> dict[str, int]:
    """Return the run's counts as a plain dict (the run summary)."""
    return {"read": stats.read, "new": stats.new, "duplicate": stats.duplicate, "failed": stats.failed, "claims": stats.claims}
