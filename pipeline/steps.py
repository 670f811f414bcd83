"""The steps of a run, in the one order every path takes them: start the run; for each batch, prepare
it (the size guard, then deduplication), process it (parse, extract, score, normalize), store it,
flush its sightings and fingerprints; finish the run with its summary.

The one composition of the stages: ``pipeline.run.run_sources`` takes a run through these steps in
process, and the Prefect flows of ``flows/`` call the same functions, only wrapping them in tasks.
A guard added here holds on every path. Knows nothing of Prefect.
"""

from __future__ import annotations

import threading
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field
from functools import partial
from itertools import islice
from typing import Any, Protocol, TypeVar, cast

from spacy.language import Language

from pipeline import components  # noqa: F401  (registers claimgraph's spaCy factories)
from pipeline.cache import DiskCache
from pipeline.dedup import Deduplicator, claim_url, new_deduplicator, split_duplicates, write_pending
from pipeline.dedup.fingerprints import fingerprint
from pipeline.errors import ClaimgraphError, InputError
from pipeline.extract.component import ClaimExtractor
from pipeline.extract.mentions import extraction_of
from pipeline.extract.pairs import PairLevel
from pipeline.ids import text_hash
from pipeline.ingest import read_sources
from pipeline.ingest.clean import clean_article
from pipeline.ingest.http import Fetcher
from pipeline.nlp.load import load_nlp, parse
from pipeline.normalize.actors import ActorRegistry
from pipeline.normalize.claims import Normalizer, annotate_extraction, normalize_extraction
from pipeline.normalize.places import Gazetteer
from pipeline.ontology import Lexicon
from pipeline.records import (
    Annotation,
    Article,
    Claim,
    Extraction,
    Extractor,
    Failure,
    FeedItem,
    RunStats,
    Sighting,
)
from pipeline.score.pair_model import WEIGHTS as PAIR_WEIGHTS
from pipeline.score.propose import POLICY_FILE, PairScorer, load_pair_scorer
from pipeline.score.rescore import Scorer, load_scorer
from pipeline.settings import Settings
from pipeline.store import Store

# Held while a batch is parsed and extracted in spaCy's memory zone: one batch at a time per process.
PARSING = threading.RLock()
# Failures found before processing (reading, fetching); later ones are recorded as each batch is stored.
INGEST_STAGES = ("ingest", "fetch")
T = TypeVar("T")


@dataclass(frozen=True)
class Pipeline:
    """Everything loaded once per worker: the spaCy pipeline and the normalizer's registries."""

    nlp: Language
    normalizer: Normalizer
    settings: Settings
    scorer: Scorer | PairScorer | None = None


@dataclass(frozen=True)
class ArticleResult:
    """One article processed: its claims, or the failure that stopped it."""

    article: Article
    claims: tuple[Claim, ...] = ()
    failure: Failure | None = None
    one_actor_dropped: int = 0


@dataclass(frozen=True)
class PreparedBatch:
    """A batch past the size guard, text cleaning and deduplication: the articles to process, a failed
    result for each one too long to parse, how many copied an article stored or seen earlier, and how
    many invisible characters cleaning removed."""

    fresh: list[Article]
    rejected: list[ArticleResult]
    duplicate: int
    invisible_removed: int = 0


@dataclass(frozen=True)
class Run:
    """A run in progress: its id, the store it writes, its settings, its duplicate detection (one for the
    whole run: the URLs it fetched, the texts it saw) and its counts so far."""

    run_id: str
    store: Store
    settings: Settings
    dedup: Deduplicator
    stats: RunStats = field(default_factory=RunStats)


# How a run processes a batch and stores the results: in process (run_sources) or as Prefect tasks (flows).
ProcessStep = Callable[[list[Article]], list[ArticleResult]]
WriteStep = Callable[[list[ArticleResult]], RunStats]


class PendingResults(Protocol):
    """A batch being processed elsewhere (a worker process, a Prefect task): ``result`` waits for its results."""

    def result(self) -> list[ArticleResult]: ...


SubmitStep = Callable[[list[Article]], PendingResults]
# Told, after each batch is stored, how many inputs it consumed and the run's counts so far.
BatchDone = Callable[[int, RunStats], None]


def build_pipeline(settings: Settings) -> Pipeline:
    """Return the loaded pipeline for ``settings`` (spaCy model, lexicon, actor registry, gazetteer); the registry
    and the gazetteer come from the disk cache of ``settings.cache_dir`` when it holds them (``pipeline.cache``)."""
    cache = disk_cache(settings)
    registry = ActorRegistry.load(settings.registry_dir, cache=cache)
    nlp = load_nlp(settings.spacy_model, lexicon_dir=settings.lexicon_dir, actor_patterns=registry.ruler_patterns())
    nlp.max_length = max(nlp.max_length, settings.max_chars + 1)
    scorer = load_model_scorer(settings) if settings.classifier else None
    extractor = Extractor(version=settings.pipeline_version, model=extractor_model(settings, scorer))
    gazetteer = Gazetteer.load(settings.registry_dir, cache=cache)
    normalizer = Normalizer(registry=registry, gazetteer=gazetteer, extractor=extractor)
    return Pipeline(nlp=nlp, normalizer=normalizer, settings=settings, scorer=scorer)


def disk_cache(settings: Settings) -> DiskCache:
    """Return the disk cache of ``settings``: its ``cache_dir``, or none at all when ``disk_cache`` is off."""
    return DiskCache(settings.cache_dir if settings.disk_cache else None)


def load_model_scorer(settings: Settings) -> Scorer | PairScorer:
    """Return the scorer of the model in ``settings.classifier_dir``: the pair model where a pair policy lies
    beside it, else the candidate classifier. Raises ``ModelError`` or ``ConfigError`` (see the loaders)."""
    if (settings.classifier_dir / POLICY_FILE).is_file() or (settings.classifier_dir / PAIR_WEIGHTS).is_file():
        return load_pair_scorer(settings.classifier_dir, mode=settings.classifier_mode,
                                policy_file=settings.pair_policy)
    return load_scorer(settings.classifier_dir, mode=settings.classifier_mode)


def extractor_model(settings: Settings, scorer: Scorer | PairScorer | None) -> str:
    """Return the model part of every claim's provenance: the rules and spaCy model, and the model's
    tag and mode."""
    base = f"rules+{settings.spacy_model}"
    if scorer is None:
        return base
    tag = scorer.tag if isinstance(scorer, PairScorer) else scorer.classifier.tag
    return f"{base}+{tag}:{scorer.policy.mode}"


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Yield lists of at most ``size`` items."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


# --- prepare: the size guard, then deduplication -------------------------------------------------

def check_size(article: Article, settings: Settings) -> None:
    """Raise ``InputError`` for an article too long to parse."""
    if len(article.text) > settings.max_chars:
        raise InputError(
            f"article has {len(article.text):,} characters, over the limit of {settings.max_chars:,}: "
            "split it or raise --max-chars",
            origin=article.origin, article_id=article.id, stage="parse",
        )


def max_file_bytes(settings: Settings) -> int:
    """Return the size over which a file is refused unread: what ``max_chars`` characters take at most in UTF-8."""
    return 4 * settings.max_chars


def split_oversized(batch: list[Article], settings: Settings) -> tuple[list[Article], list[ArticleResult]]:
    """Return the articles of ``batch`` short enough to parse, and a failed result for each other one."""
    fitting, failed = [], []
    for article in batch:
        try:
            check_size(article, settings)
            fitting.append(article)
        except InputError as error:
            failure = Failure(origin=article.origin, stage=error.stage, message=error.message, article_id=article.id)
            failed.append(ArticleResult(article=article, failure=failure))
    return fitting, failed


def prepare_batch(dedup: Deduplicator, batch: list[Article], settings: Settings) -> PreparedBatch:
    """Return ``batch`` split into articles to process, articles too long to parse and a count of copies.

    The size guard comes first: the shingles of a huge text would take memory in proportion. Then the
    text is cleaned (NFKC, invisible characters removed) before fingerprints and the parser read it.
    Every article that passes is queued as a sighting in ``dedup`` (of itself, or of the one it copies).
    """
    fitting, rejected = split_oversized(batch, settings)
    cleaned = [clean_article(article) for article in fitting]
    edited, others = split_edited(dedup, [article for article, _ in cleaned])
    fresh = edited + split_duplicates(dedup, others)
    return PreparedBatch(fresh=fresh, rejected=rejected, duplicate=len(fitting) - len(fresh),
                         invisible_removed=sum(removed for _, removed in cleaned))


def split_edited(dedup: Deduplicator, articles: list[Article]) -> tuple[list[Article], list[Article]]:
    """Return ``articles`` split into the edited ones and the others (for duplicate detection).

    An edited article is stored under its id with another text (rewritten at its source): it is processed
    again, so the store replaces its claims (the stale ones vanish and the graph feed retires them with a
    tombstone), and its fingerprint follows the new text. Not a duplicate, and not new either.
    """
    edited: list[Article] = []
    others: list[Article] = []
    for article in articles:
        (edited if is_edited(dedup, article) else others).append(article)
    for article in edited:
        print_ = fingerprint(article.text)
        dedup.index.add(article.id, print_)
        dedup.prints[article.id] = print_.bands
    return edited, others


def is_edited(dedup: Deduplicator, article: Article) -> bool:
    """Return True when ``article``'s id is stored (and not seen earlier in this run) with another text."""
    if article.id in dedup.index.fingerprints or not dedup.known.has_article(article.id):
        return False
    same_text = dedup.known.duplicate_candidates(text_hash(article.text), [])
    return article.id not in {found for found, _ in same_text}


# --- process: parse, extract, score, normalize ---------------------------------------------------

EXTRACTOR_PIPE = "claimgraph_claims"


def extractor_lexicon(nlp: Language) -> Lexicon:
    """Return the lexicon of the pipeline's claim extractor component."""
    return cast(ClaimExtractor, nlp.get_pipe(EXTRACTOR_PIPE)).lexicon


def pair_level(pipeline: Pipeline) -> PairLevel:
    """Return which pair slots the pipeline's model reads: all where its policy may add claims, the rules'
    pairs where it only scores, vetoes or retypes them, none without the pair model."""
    scorer = pipeline.scorer
    if not isinstance(scorer, PairScorer) or scorer.policy.mode == "rules":
        return "none"
    return "all" if scorer.policy.adds_claims else "covered"


def extract_batch(pipeline: Pipeline, articles: list[Article], *,
                  pairs: PairLevel | None = None, claims: bool = True) -> list[Extraction | Failure]:
    """Return each article's extraction (or its failure), parsing the good ones in one batch; ``pairs`` overrides
    the pair slots the pipeline's model needs (``pair_level``); without ``claims`` the claim extractor does not
    run (the mentions alone, for ``annotate``)."""
    level = pairs or pair_level(pipeline)
    lexicon = extractor_lexicon(pipeline.nlp) if level != "none" else None
    results: dict[int, Extraction | Failure] = {}
    good = []
    for index, article in enumerate(articles):
        try:
            check_size(article, pipeline.settings)
            good.append(index)
        except ClaimgraphError as error:
            results[index] = Failure(
                origin=article.origin, stage=error.stage, message=error.message, article_id=article.id,
            )
    # The strings and lexemes the batch's new words add to spaCy's vocabulary are freed when it is done (a
    # long run would otherwise grow with every word it meets): nothing spaCy made outlives the block, since
    # an extraction holds plain records only. Zones must not overlap, so threads sharing a pipeline take turns.
    with PARSING, pipeline.nlp.memory_zone():
        docs = parse(pipeline.nlp, (articles[i].text for i in good), batch_size=pipeline.settings.batch_size,
                     disable=() if claims else (EXTRACTOR_PIPE,))
        for index, doc in zip(good, docs, strict=True):
            results[index] = extraction_of(articles[index], doc, lexicon=lexicon, pairs=level)
    return [results[i] for i in range(len(articles))]


def process_batch(pipeline: Pipeline, articles: list[Article]) -> list[ArticleResult]:
    """Return the claims of each article of a batch, or the failure recorded against it."""
    results = []
    extracted_batch = extract_batch(pipeline, articles)
    if pipeline.scorer is not None:
        extracted_batch = pipeline.scorer.rescore(extracted_batch)
    for article, extracted in zip(articles, extracted_batch, strict=True):
        if isinstance(extracted, Failure):
            results.append(ArticleResult(article=article, failure=extracted))
            continue
        claims = normalize_extraction(extracted, pipeline.normalizer, min_confidence=pipeline.settings.min_confidence)
        results.append(ArticleResult(article=article, claims=tuple(claims),
                                     one_actor_dropped=extracted.pruned_one_actor))
    return results


def annotate_articles(pipeline: Pipeline, articles: list[Article]) -> list[Annotation | Failure]:
    """Return the mentions (entities, times, places) of each article, without claims or store; the text is
    cleaned first, as a run cleans it (the offsets are into the cleaned text)."""
    out: list[Annotation | Failure] = []
    for extracted in extract_batch(pipeline, [clean_article(article)[0] for article in articles], pairs="none",
                                   claims=False):
        out.append(extracted if isinstance(extracted, Failure) else annotate_extraction(extracted, pipeline.normalizer))
    return out


# --- store and count ------------------------------------------------------------------------------

def store_results(store: Store, results: list[ArticleResult], *, run_id: str) -> RunStats:
    """Write a batch's articles and claims and record its failures; return what that added (new, failed, claims)."""
    stats = RunStats()
    for result in results:
        if result.failure is not None:
            stats.failed += 1
            stats.failures.append(result.failure)
            store.record_failure(result.failure, run_id=run_id)
            continue
        if store.write_article(result.article, list(result.claims), run_id=run_id):
            stats.new += 1
        stats.claims += len(result.claims)
        stats.one_actor_dropped += result.one_actor_dropped
    return stats


def merge_stats(total: RunStats, part: RunStats) -> None:
    """Add ``part``'s new, failed and claim counts and its failures into ``total``."""
    total.new += part.new
    total.failed += part.failed
    total.claims += part.claims
    total.one_actor_dropped += part.one_actor_dropped
    total.failures.extend(part.failures)


def summary_of(stats: RunStats) -> dict[str, int]:
    """Return the run's counts as a plain dict (the run summary)."""
    return {
        "read": stats.read, "new": stats.new, "duplicate": stats.duplicate,
        "failed": stats.failed, "claims": stats.claims, "one_actor_dropped": stats.one_actor_dropped,
        "invisible_removed": stats.invisible_removed,
    }


# --- a run: start, read, the batch loop, finish --------------------------------------------------

def new_run_id() -> str:
    """Return a fresh run id (provenance only, never part of a record id)."""
    return f"run_{uuid.uuid4().hex[:12]}"


def start_run(store: Store, settings: Settings, *, run_id: str | None = None, **summary: Any) -> Run:
    """Record the start of a run (``run_id``, else a fresh one) with its settings and ``summary``; return the run."""
    dedup = new_deduplicator(store, threshold=settings.near_duplicate_threshold)
    run = Run(run_id=run_id or new_run_id(), store=store, settings=settings, dedup=dedup)
    settings_summary = {"version": settings.pipeline_version, "model": settings.spacy_model, **summary}
    store.start_run(run.run_id, settings_summary=settings_summary)
    return run


def read_batches(sources: Iterable[str], run: Run, *, fetcher: Fetcher) -> Iterator[list[Article]]:
    """Yield the articles of ``sources`` in batches, counting every input and collecting the failures of
    reading into the run's counts. A feed item whose URL the run or the store already holds is not
    fetched: it is counted as a duplicate, and its outlet gets a sighting of the article at that URL."""
    settings = run.settings
    items = read_sources(sources, fetcher=fetcher, max_file_bytes=max_file_bytes(settings),
                         wanted=partial(fetch_wanted, run))
    return batched(split_inputs(items, run.stats), settings.batch_size)


def fetch_wanted(run: Run, item: FeedItem) -> bool:
    """Return whether ``item``'s page is to be fetched; count it as a duplicate when it is not (``claim_url``)."""
    if claim_url(run.dedup, item):
        return True
    run.stats.read += 1
    run.stats.duplicate += 1
    return False


def split_inputs(items: Iterable[Article | Failure], stats: RunStats) -> Iterator[Article]:
    """Yield the articles of ``items``, counting them and collecting the failures into ``stats``."""
    for item in items:
        stats.read += 1
        if isinstance(item, Failure):
            stats.failed += 1
            stats.failures.append(item)
        else:
            yield item


def run_batches(
    run: Run, batches: Iterable[list[Article]], *, write: WriteStep, process: ProcessStep | None = None,
    submit: SubmitStep | None = None, depth: int = 0, on_batch: BatchDone | None = None,
) -> None:
    """Take every batch through the steps: prepare, ``process``, ``write``, flush; count into ``run.stats``.

    Already-stored articles and near copies of them are not processed again: they are stored as
    sightings of the article they copy. ``submit`` (instead of ``process``) hands a batch to worker
    processes and returns the future of its results: up to ``depth`` batches are then in flight while the
    next ones are read and prepared, and every batch is still stored, with its sightings, in input order.
    ``on_batch`` hears how many inputs each stored batch consumed, and the run's counts so far.
    """
    dedup = run.dedup
    start = submit or completed(process)
    queue: deque[InFlight] = deque()
    for batch in batches:
        prepared = prepare_batch(dedup, batch, run.settings)
        run.stats.duplicate += prepared.duplicate
        run.stats.invisible_removed += prepared.invisible_removed
        queue.append(InFlight(len(batch), prepared.rejected, start(prepared.fresh), *take_pending(dedup)))
        while len(queue) > depth:
            store_in_flight(run, queue.popleft(), write=write, on_batch=on_batch)
    while queue:
        store_in_flight(run, queue.popleft(), write=write, on_batch=on_batch)


@dataclass(frozen=True)
class InFlight:
    """A batch handed to processing: how many inputs it consumed, its failed results, the future of the
    others, and the sightings and fingerprints to write once it is stored."""

    inputs: int
    rejected: list[ArticleResult]
    results: PendingResults
    sightings: list[Sighting]
    prints: dict[str, tuple[str, ...]]


def completed(process: ProcessStep | None) -> SubmitStep:
    """Return a ``SubmitStep`` that runs ``process`` at once, in this process."""
    if process is None:
        raise TypeError("run_batches needs process or submit")

    def run_now(articles: list[Article]) -> Future[list[ArticleResult]]:
        future: Future[list[ArticleResult]] = Future()
        future.set_result(process(articles))
        return future

    return run_now


def take_pending(dedup: Deduplicator) -> tuple[list[Sighting], dict[str, tuple[str, ...]]]:
    """Return the sightings and fingerprints ``dedup`` queued for the batch just prepared, and forget them there."""
    sightings, prints = list(dedup.pending), dict(dedup.prints)
    dedup.pending.clear()
    dedup.prints.clear()
    return sightings, prints


def store_in_flight(run: Run, batch: InFlight, *, write: WriteStep, on_batch: BatchDone | None) -> None:
    """Store a processed batch (waiting for its results), then its sightings and fingerprints; count it."""
    merge_stats(run.stats, write(batch.rejected + batch.results.result()))
    write_pending(run.store, sightings=batch.sightings, prints=batch.prints, run_id=run.run_id)
    if on_batch is not None:
        on_batch(batch.inputs, run.stats)


def record_ingest_failures(store: Store, failures: Iterable[Failure], *, run_id: str) -> None:
    """Record the inputs that could not be read as articles against the run (later failures are already stored)."""
    for failure in failures:
        if failure.stage in INGEST_STAGES:
            store.record_failure(failure, run_id=run_id)


def finish_run(run: Run) -> RunStats:
    """Record the run's reading failures and its summary; return its counts."""
    record_ingest_failures(run.store, run.stats.failures, run_id=run.run_id)
    run.store.finish_run(run.run_id, stats=summary_of(run.stats))
    return run.stats
