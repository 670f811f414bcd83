"""The plain-Python composition of the stages: ingest -> parse -> extract -> normalize -> store.

The CLI, the tests and ``flows/`` call these functions; nothing else chains stages. Knows nothing
of Prefect.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from itertools import islice
from urllib.parse import urlsplit

from spacy.language import Language

from pipeline import __version__
from pipeline import components  # noqa: F401  (registers claimgraph's spaCy factories)
from pipeline.errors import ClaimgraphError, InputError
from pipeline.extract.mentions import extraction_of
from pipeline.ingest import read_sources
from pipeline.ingest.dedup import DuplicateIndex, Fingerprint, Match, best_match, fingerprint
from pipeline.ingest.http import Fetcher
from pipeline.nlp.load import load_nlp, parse
from pipeline.normalize.actors import ActorRegistry
from pipeline.normalize.claims import Normalizer, annotate_extraction, normalize_extraction
from pipeline.normalize.places import Gazetteer
from pipeline.records import Annotation, Article, Claim, Extraction, Extractor, Failure, FeedItem, RunStats, Sighting
from pipeline.score.rescore import Scorer, load_scorer
from pipeline.settings import Settings
from pipeline.store import Store

log = logging.getLogger(__name__)
# Failures found before processing (reading, fetching); later ones are recorded as each batch is stored.
INGEST_STAGES = ("ingest", "fetch")


@dataclass(frozen=True)
class Pipeline:
    """Everything loaded once per worker: the spaCy pipeline and the normalizer's registries."""

    nlp: Language
    normalizer: Normalizer
    settings: Settings
    scorer: Scorer | None = None


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
    scorer = load_scorer(settings.classifier_dir, mode=settings.classifier_mode) if settings.classifier else None
    extractor = Extractor(version=settings.pipeline_version, model=extractor_model(settings, scorer))
    normalizer = Normalizer(registry=registry, gazetteer=Gazetteer.load(settings.registry_dir), extractor=extractor)
    return Pipeline(nlp=nlp, normalizer=normalizer, settings=settings, scorer=scorer)


def extractor_model(settings: Settings, scorer: Scorer | None) -> str:
    """Return the model part of every claim's provenance: the rules and spaCy model, and the classifier's tag and mode."""
    base = f"rules+{settings.spacy_model}"
    return base if scorer is None else f"{base}+{scorer.classifier.tag}:{scorer.policy.mode}"


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


def max_file_bytes(settings: Settings) -> int:
    """Return the size over which a file is refused unread: what ``max_chars`` characters take at most in UTF-8."""
    return 4 * settings.max_chars


def split_oversized(batch: list[Article], settings: Settings) -> tuple[list[Article], list[ArticleResult]]:
    """Return the articles of ``batch`` short enough to parse, and a failure for each other one.

    Checked before duplicate detection, whose shingles of a huge text would take memory in proportion.
    """
    fitting, failed = [], []
    for article in batch:
        try:
            check_size(article, settings)
            fitting.append(article)
        except InputError as error:
            failure = Failure(origin=article.origin, stage=error.stage, message=error.message, article_id=article.id)
            failed.append(ArticleResult(article=article, failure=failure))
    return fitting, failed


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
    extracted_batch = extract_batch(pipeline, articles)
    if pipeline.scorer is not None:
        extracted_batch = pipeline.scorer.rescore(extracted_batch)
    for article, extracted in zip(articles, extracted_batch):
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
    """Run the main job over ``sources`` into ``store`` and return what it did.

    Already-stored articles and near copies of them are not processed again: they are stored as
    sightings of the article they copy.
    """
    run_id = run_id or new_run_id()
    pipeline = pipeline or build_pipeline(settings)
    stats = RunStats()
    store.start_run(run_id, settings_summary={"version": __version__, "model": settings.spacy_model})
    dedup = Deduplicator(store=store, index=DuplicateIndex(threshold=settings.near_duplicate_threshold))
    with Fetcher(settings) as fetcher:
        articles = read_sources(sources, fetcher=fetcher, max_file_bytes=max_file_bytes(settings))
        for batch in batched(split_inputs(articles, stats), settings.batch_size):
            batch, too_long = split_oversized(batch, settings)
            store_results(store, too_long, stats, run_id=run_id)
            fresh = split_duplicates(dedup, batch)
            stats.duplicate += len(batch) - len(fresh)
            store_results(store, process_batch(pipeline, fresh), stats, run_id=run_id)
            flush_sightings(dedup, run_id=run_id)
            if on_batch is not None:
                on_batch(len(batch))
    record_ingest_failures(store, stats, run_id=run_id)
    store.finish_run(run_id, stats=summary_of(stats))
    return stats


@dataclass
class Deduplicator:
    """Duplicate detection for one run: the store, the run's own index, and what is not yet written: the
    sightings, the MinHash bands of new articles, the URLs resolved and the outlets waiting on a URL."""

    store: Store
    index: DuplicateIndex
    pending: list[Sighting] = field(default_factory=list)
    prints: dict[str, tuple[str, ...]] = field(default_factory=dict)
    urls: dict[str, str] = field(default_factory=dict)
    waiting: dict[str, list[str]] = field(default_factory=dict)


def split_known_items(dedup: Deduplicator, items: list[FeedItem]) -> list[FeedItem]:
    """Return the items whose URL is new, each URL once; queue a sighting (keeping the outlet) for the others."""
    to_fetch = []
    for item in items:
        if item.url in dedup.waiting:
            dedup.waiting[item.url].append(item.outlet)
            continue
        article_id = dedup.urls.get(item.url) or dedup.store.article_at_url(item.url)
        if article_id is None:
            dedup.waiting[item.url] = []
            to_fetch.append(item)
        else:
            dedup.pending.append(Sighting(article_id=article_id, outlet=item.outlet, url=item.url, kind="exact"))
    return to_fetch


def split_duplicates(dedup: Deduplicator, batch: list[Article]) -> list[Article]:
    """Return the articles of ``batch`` that copy nothing stored or seen earlier; queue a sighting for every article."""
    fresh = []
    for article in batch:
        print_ = fingerprint(article.text)
        match = find_duplicate(dedup, article, print_)
        sighting = sighting_of(article, match)
        dedup.pending.append(sighting)
        if match is not None and match.article_id == article.id:
            # The article itself is stored: write its fingerprint again (a no-op unless a crash lost it).
            dedup.prints[article.id] = print_.bands
        dedup.urls[sighting.url] = sighting.article_id
        for outlet in dedup.waiting.pop(sighting.url, []):
            dedup.pending.append(replace(sighting, outlet=outlet, kind="exact"))
        if match is None:
            fresh.append(article)
            dedup.index.add(article.id, print_)
            dedup.prints[article.id] = print_.bands
    return fresh


def find_duplicate(dedup: Deduplicator, article: Article, print_: Fingerprint) -> Match | None:
    """Return the article (of this run, else of the store) that ``article`` copies exactly or nearly, or None."""
    if article.id in dedup.index.fingerprints or dedup.store.has_article(article.id):
        return Match(article_id=article.id, kind="exact", similarity=1.0)
    match = dedup.index.match(print_)
    if match is not None:
        return match
    candidates = dedup.store.duplicate_candidates(print_.content_hash, list(print_.bands))
    return best_match(print_, candidates, threshold=dedup.index.threshold)


def sighting_of(article: Article, match: Match | None) -> Sighting:
    """Return where ``article`` was seen, as a sighting of the article it copies (itself when new)."""
    url = article.origin if "://" in article.origin else article.url or article.origin
    outlet = article.source or urlsplit(url).hostname or "unknown"
    if match is None:
        return Sighting(article_id=article.id, outlet=outlet, url=url, kind="exact")
    return Sighting(article_id=match.article_id, outlet=outlet, url=url, kind=match.kind)


def flush_sightings(dedup: Deduplicator, *, run_id: str) -> None:
    """Write the queued sightings and the fingerprints of the new articles that were stored."""
    for article_id, bands in dedup.prints.items():
        if dedup.store.has_article(article_id):
            dedup.store.write_fingerprint(article_id, list(bands))
    dedup.store.write_sightings(dedup.pending, run_id=run_id)
    dedup.pending.clear()
    dedup.prints.clear()


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
        if failure.stage in INGEST_STAGES:
            store.record_failure(failure, run_id=run_id)


def summary_of(stats: RunStats) -> dict[str, int]:
    """Return the run's counts as a plain dict (the run summary)."""
    return {"read": stats.read, "new": stats.new, "duplicate": stats.duplicate, "failed": stats.failed, "claims": stats.claims}
