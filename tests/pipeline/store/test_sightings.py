"""Sightings, MinHash band fingerprints and feed states, on SQLite and PostgreSQL: written once,
read back whole, and never written for an article that is not stored."""

from __future__ import annotations

from pipeline.records import Article, FeedState, Sighting
from pipeline.store import Store


def test_sightings_written_once_per_article_outlet_and_url(store: Store, article_a: Article) -> None:
    store.write_article(article_a, [], run_id="r1")
    sightings = [
        Sighting(article_id="a_alpha", outlet="reuters", url="https://example.org/alpha", kind="exact"),
        Sighting(article_id="a_alpha", outlet="Wire", url="https://wire.example/copy", kind="near"),
        Sighting(article_id="a_missing", outlet="Other", url="https://other.example/x", kind="exact"),
    ]
    first = store.write_sightings(sightings, run_id="r1")
    again = store.write_sightings(sightings[:2], run_id="r2")
    stored = [(s.article_id, s.outlet, s.url, s.kind) for s in store.sightings()]
    assert (first, again) == (2, 0)
    assert stored == [
        ("a_alpha", "Wire", "https://wire.example/copy", "near"),
        ("a_alpha", "reuters", "https://example.org/alpha", "exact"),
    ]
    assert all(s.seen_at is not None for s in store.sightings())
    assert store.article_at_url("https://wire.example/copy") == "a_alpha"
    assert store.article_at_url("https://example.org/alpha") == "a_alpha"
    assert store.article_at_url("https://other.example/x") is None


def test_sightings_fingerprint_bands_find_candidates(store: Store, article_a: Article, article_b: Article) -> None:
    store.write_article(article_a, [], run_id="r1")
    store.write_article(article_b, [], run_id="r1")
    store.write_fingerprint("a_alpha", ["00:aa", "01:bb"])
    store.write_fingerprint("a_alpha", ["00:aa", "01:bb"])
    by_band = store.duplicate_candidates("no-such-hash", ["01:bb", "02:cc"])
    by_hash = store.duplicate_candidates(store_hash(article_b), [])
    assert by_band == [("a_alpha", article_a.text)]
    assert by_hash == [("a_beta", article_b.text)]
    assert store.counts()["fingerprints"] == 2


def test_sightings_feed_state_is_replaced(store: Store) -> None:
    assert store.feed_state("https://a.example/rss") is None
    store.save_feed_state(FeedState(url="https://a.example/rss", etag='"v1"', last_modified=None))
    store.save_feed_state(FeedState(url="https://a.example/rss", etag='"v2"', last_modified="Mon, 06 Jan 2020 10:00:00 GMT"))
    assert store.feed_state("https://a.example/rss") == FeedState(url="https://a.example/rss", etag='"v2"', last_modified="Mon, 06 Jan 2020 10:00:00 GMT")


def store_hash(article: Article) -> str:
    from pipeline.ids import text_hash

    return text_hash(article.text)
