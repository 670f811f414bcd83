"""Duplicate detection over a run, against a real SQLite store: what is processed, what becomes a
sighting of which article, what is written when the batch is flushed, and what a later run sees.
A near copy is a sighting only when its outlet's own text is the article already (an update); from
another outlet it is processed (it may say the opposite in the words that differ)."""

from __future__ import annotations

from pipeline.dedup import new_deduplicator, split_duplicates, split_known_items
from pipeline.dedup.deduplicator import flush_sightings
from pipeline.records import Article, FeedItem, Sighting
from pipeline.store import Store

STORY = (
    "Turkey supports the Government of National Accord in Libya, the foreign ministry in Ankara said on Monday. "
    "Russia supports Khalifa Haftar, whose forces have besieged Tripoli since April. "
    "The United Nations called on both sides to return to talks in Geneva next month."
)
WIRE_COPY = "Ankara sides with Tripoli. " + STORY + " Reporting by the wire desk."
OTHER = (
    "Iran threatened Israel with retaliation after a strike near Damascus killed two advisers. "
    "Israel accused Iran of moving weapons through Syria. Officials in Washington urged restraint on both sides."
)
DAILY, WIRE = "https://daily.example", "https://wire.example"


def article(article_id: str, text: str, url: str, outlet: str = "Daily") -> Article:
    return Article(id=article_id, text=text, url=url, source=outlet, origin=url)


def seen(sightings: list[Sighting]) -> list[tuple[str, str, str, str]]:
    return [(s.article_id, s.outlet, s.url, s.kind) for s in sightings]


def test_deduplicator_keeps_what_copies_nothing_and_sights_every_article(store: Store) -> None:
    dedup = new_deduplicator(store, threshold=0.7)
    story, other = article("a_story", STORY, f"{DAILY}/1"), article("a_other", OTHER, f"{DAILY}/4")
    update = article("a_update", WIRE_COPY, f"{DAILY}/3")
    batch = [story, article("a_again", STORY, f"{WIRE}/2", "Wire"), update, other]

    fresh = split_duplicates(dedup, batch)

    assert fresh == [story, other]
    assert seen(dedup.pending) == [
        ("a_story", "Daily", f"{DAILY}/1", "exact"), ("a_story", "Wire", f"{WIRE}/2", "exact"),
        ("a_story", "Daily", f"{DAILY}/3", "near"), ("a_other", "Daily", f"{DAILY}/4", "exact"),
    ]
    assert list(dedup.prints) == ["a_story", "a_other"]


def test_deduplicator_near_copy_from_another_outlet_is_processed(store: Store) -> None:
    dedup = new_deduplicator(store, threshold=0.7)
    story, wire = article("a_story", STORY, f"{DAILY}/1"), article("a_wire", WIRE_COPY, f"{WIRE}/3", "Wire")
    # The same text exactly from another outlet is a sighting: its words are the article's words.
    again = article("a_again", STORY, f"{WIRE}/2", "Wire")

    fresh = split_duplicates(dedup, [story, wire, again])

    assert fresh == [story, wire]
    assert seen(dedup.pending) == [
        ("a_story", "Daily", f"{DAILY}/1", "exact"), ("a_wire", "Wire", f"{WIRE}/3", "exact"),
        ("a_story", "Wire", f"{WIRE}/2", "exact"),
    ]
    assert list(dedup.prints) == ["a_story", "a_wire"]


def test_deduplicator_flush_writes_only_what_belongs_to_stored_articles(store: Store) -> None:
    dedup = new_deduplicator(store, threshold=0.7)
    story = article("a_story", STORY, f"{DAILY}/1")
    update, other = article("a_update", WIRE_COPY, f"{DAILY}/3"), article("a_other", OTHER, f"{DAILY}/4")
    split_duplicates(dedup, [story, update, other])
    store.write_article(story, [], run_id="r1")  # a_other's processing "failed": it is not stored

    flush_sightings(dedup, run_id="r1")

    assert seen(store.sightings()) == [
        ("a_story", "Daily", f"{DAILY}/1", "exact"), ("a_story", "Daily", f"{DAILY}/3", "near"),
    ]
    assert (store.counts()["fingerprints"], dedup.pending, dedup.prints) == (16, [], {})


def test_deduplicator_next_run_finds_copies_of_stored_articles_only(store: Store) -> None:
    first = new_deduplicator(store, threshold=0.7)
    story = article("a_story", STORY, f"{DAILY}/1")
    split_duplicates(first, [story, article("a_other", OTHER, f"{DAILY}/4")])
    store.write_article(story, [], run_id="r1")
    flush_sightings(first, run_id="r1")
    later = new_deduplicator(store, threshold=0.7)
    update, other = article("a_update", WIRE_COPY, f"{DAILY}/3"), article("a_other", OTHER, f"{DAILY}/5")
    wire = article("a_wire", WIRE_COPY, f"{WIRE}/3", "Wire")

    fresh = split_duplicates(later, [story, update, other, wire])

    # The stored story is a sighting of itself, its update (same outlet, stored sighting) a near one; a_other was
    # never stored, so it is processed this time; the wire's near copy too (another outlet).
    assert fresh == [other, wire]
    assert seen(later.pending) == [
        ("a_story", "Daily", f"{DAILY}/1", "exact"), ("a_story", "Daily", f"{DAILY}/3", "near"),
        ("a_other", "Daily", f"{DAILY}/5", "exact"), ("a_wire", "Wire", f"{WIRE}/3", "exact"),
    ]
    assert list(later.prints) == ["a_story", "a_other", "a_wire"]


def test_deduplicator_feed_items_at_known_urls_are_not_fetched(store: Store) -> None:
    store.write_article(article("a_story", STORY, f"{DAILY}/1"), [], run_id="r1")
    dedup = new_deduplicator(store, threshold=0.7)
    items = [
        FeedItem(url=f"{DAILY}/1", outlet="Wire", feed="wire"),      # the stored article's URL
        FeedItem(url=f"{DAILY}/4", outlet="Daily", feed="news"),     # new
        FeedItem(url=f"{DAILY}/4", outlet="Wire", feed="wire"),      # new, listed twice: fetched once
    ]

    to_fetch = split_known_items(dedup, items)
    fresh = split_duplicates(dedup, [article("a_other", OTHER, f"{DAILY}/4")])

    assert (to_fetch, fresh) == ([items[1]], [article("a_other", OTHER, f"{DAILY}/4")])
    assert seen(dedup.pending) == [
        ("a_story", "Wire", f"{DAILY}/1", "exact"), ("a_other", "Daily", f"{DAILY}/4", "exact"),
        ("a_other", "Wire", f"{DAILY}/4", "exact"),
    ]
    assert dedup.waiting == {}
