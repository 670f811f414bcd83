"""Duplicate detection over one run: which articles (or feed items) copy one stored or seen earlier,
and the sightings that record where every article was seen.

An article that copies another is not processed again: it becomes a sighting of the article it
copies; exactly (the same text once normalized), or nearly when the copy comes from an outlet whose
own text the article already is (an update, a re-headlined version). A near copy from another outlet
is processed as an article of its own: it may differ where it matters (who attacked whom), and an
outlet is credited only with the claims its own text supports. Sightings and fingerprints are
queued and written after the batch is stored (a sighting needs its article stored). Talks to the
store through ``KnownArticles`` only; imports records and its own modules, never the store or another
stage.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from pipeline.dedup.fingerprints import DuplicateIndex, Fingerprint, Match, best_match, fingerprint
from pipeline.dedup.known import KnownArticles
from pipeline.records import Article, FeedItem, Sighting


@dataclass
class Deduplicator:
    """Duplicate detection for one run: the stored articles, the run's own index, the outlets whose own
    text each article of the run is, and what is not yet written: the sightings, the MinHash bands of
    new articles, the URLs resolved and the outlets waiting on a URL."""

    known: KnownArticles
    index: DuplicateIndex
    outlets: dict[str, set[str]] = field(default_factory=dict)
    pending: list[Sighting] = field(default_factory=list)
    prints: dict[str, tuple[str, ...]] = field(default_factory=dict)
    urls: dict[str, str] = field(default_factory=dict)
    waiting: dict[str, list[str]] = field(default_factory=dict)


def new_deduplicator(known: KnownArticles, *, threshold: float) -> Deduplicator:
    """Return the duplicate detection of a new run over ``known``; near copies are at ``threshold`` Jaccard or more."""
    return Deduplicator(known=known, index=DuplicateIndex(threshold=threshold))


def split_known_items(dedup: Deduplicator, items: list[FeedItem]) -> list[FeedItem]:
    """Return the items whose URL is new, each URL once; queue a sighting (keeping the outlet) for the others."""
    return [item for item in items if claim_url(dedup, item)]


def claim_url(dedup: Deduplicator, item: FeedItem) -> bool:
    """Return whether ``item``'s page is to be fetched: its URL is new to the run and to the store.

    Otherwise the page is not fetched again, and ``item``'s outlet is not lost: a URL an article of the
    store or of the run was read from gets a sighting for that outlet now; a URL whose fetch is still to
    come gets one when its article is deduplicated (``split_duplicates``).
    """
    if item.url in dedup.waiting:
        dedup.waiting[item.url].append(item.outlet)
        return False
    article_id = dedup.urls.get(item.url) or dedup.known.article_at_url(item.url)
    if article_id is None:
        dedup.waiting[item.url] = []
        return True
    dedup.pending.append(Sighting(article_id=article_id, outlet=item.outlet, url=item.url, kind="exact"))
    return False


def split_duplicates(dedup: Deduplicator, batch: list[Article]) -> list[Article]:
    """Return the articles of ``batch`` that copy nothing stored or seen earlier; queue a sighting for every article."""
    fresh = []
    for article in batch:
        print_ = fingerprint(article.text)
        match = find_duplicate(dedup, article, print_)
        sighting = sighting_of(article, match)
        dedup.pending.append(sighting)
        if sighting.kind == "exact":
            dedup.outlets.setdefault(sighting.article_id, set()).add(sighting.outlet)
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
    """Return the article (of this run, else of the store) that ``article`` copies exactly, or nearly from the
    same outlet; None when it copies nothing (a near copy from another outlet copies nothing: it is processed)."""
    if article.id in dedup.index.fingerprints or dedup.known.has_article(article.id):
        return Match(article_id=article.id, kind="exact", similarity=1.0)
    match = dedup.index.match(print_)
    if match is None:
        candidates = dedup.known.duplicate_candidates(print_.content_hash, list(print_.bands))
        match = best_match(print_, candidates, threshold=dedup.index.threshold)
    if match is not None and match.kind == "near" and outlet_of(article) not in outlets_of(dedup, match.article_id):
        return None
    return match


def outlets_of(dedup: Deduplicator, article_id: str) -> set[str]:
    """Return the outlets whose own text the article ``article_id`` is (seen in this run or stored)."""
    return dedup.outlets.get(article_id, set()) | set(dedup.known.article_outlets(article_id))


def outlet_of(article: Article) -> str:
    """Return the outlet an article speaks for: its source, else the host of its URL."""
    return article.source or urlsplit(article_url(article)).hostname or "unknown"


def article_url(article: Article) -> str:
    """Return where an article was read: its origin when fetched, else its own URL or origin."""
    return article.origin if "://" in article.origin else article.url or article.origin


def sighting_of(article: Article, match: Match | None) -> Sighting:
    """Return where ``article`` was seen, as a sighting of the article it copies (itself when new)."""
    url, outlet = article_url(article), outlet_of(article)
    if match is None:
        return Sighting(article_id=article.id, outlet=outlet, url=url, kind="exact")
    return Sighting(article_id=match.article_id, outlet=outlet, url=url, kind=match.kind)


def flush_sightings(dedup: Deduplicator, *, run_id: str) -> None:
    """Write the queued sightings and the fingerprints of the new articles that were stored, then forget them."""
    write_pending(dedup.known, sightings=dedup.pending, prints=dedup.prints, run_id=run_id)
    dedup.pending.clear()
    dedup.prints.clear()


def write_pending(
    known: KnownArticles, *, sightings: list[Sighting], prints: dict[str, tuple[str, ...]], run_id: str,
) -> None:
    """Write ``prints`` (MinHash bands by article id) of the articles that were stored, and ``sightings``.

    A new article whose processing failed is not stored: its fingerprint is left out (and the store
    leaves out its sightings), so a later run processes a copy of it instead of taking it for a duplicate.
    """
    for article_id, bands in prints.items():
        if known.has_article(article_id):
            known.write_fingerprint(article_id, list(bands))
    known.write_sightings(sightings, run_id=run_id)
