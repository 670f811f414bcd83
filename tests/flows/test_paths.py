"""One input, three paths: the plain runner (``run_sources``), the Prefect flow (``run_flow``) and the
feed flow (``claimgraph_feeds``) read the same RSS feed from a local server into three SQLite stores,
which must then hold the same rows, table by table. The feed lists an article over the size limit
twice, an exact copy and a near copy, so the size guard and deduplication act on every path."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

import flows.main
from flows.feeds import claimgraph_feeds
from flows.main import run_flow, secrets_in_environment
from pipeline.records import Feed, RunStats
from pipeline.run import Pipeline, run_sources
from pipeline.settings import Settings
from pipeline.store import open_store

MAX_CHARS = 1_000
STORIES = {
    "a1": ("Turkey backs Tripoli", [
        "Turkey supports the Government of National Accord in Libya, the foreign ministry in Ankara said on Monday.",
        "Russia supports Khalifa Haftar, whose forces have besieged Tripoli since April.",
        "The United Nations called on both sides to return to talks in Geneva next month.",
    ]),
    "a2": ("Iran threatens Israel", [
        "Iran threatened Israel with retaliation after a strike near Damascus killed two advisers.",
        "Israel accused Iran of moving weapons through Syria to Hezbollah in Lebanon.",
    ]),
    "a3": ("France aids Mali", [
        "France sent aid to Mali after floods destroyed thousands of homes along the Niger river.",
        "The government in Bamako thanked Paris and asked the European Union for more help.",
    ]),
}
WIRE_COPY = ("Ankara sides with Tripoli government", STORIES["a1"][1][:2] + [
    "The United Nations called on both sides to return to talks in Geneva next month, a spokesman said.",
    "Reporting by the wire desk.",
])
LONG = ("A long read", [f"Day {day}: " + " ".join(STORIES["a1"][1]) for day in range(5)])
# Batches of two (batch_size=2): the copies and the second long page fall in later batches than what they copy.
PATHS = ["/news/a1", "/news/long", "/news/a2", "/news/long-again", "/news/a2-again", "/wire/a1-copy", "/news/a3",
         "/missing"]
PAGES = {
    "/news/a1": STORIES["a1"], "/news/a2": STORIES["a2"], "/news/a2-again": STORIES["a2"], "/news/a3": STORIES["a3"],
    "/wire/a1-copy": WIRE_COPY, "/news/long": LONG, "/news/long-again": LONG,
}


def page(title: str, sentences: list[str]) -> bytes:
    paragraphs = "".join(f"<p>{s}</p>" for s in sentences)
    body = f"<body><article><h1>{title}</h1>{paragraphs}</article></body>"
    return f"<html><head><title>{title}</title></head>{body}</html>".encode()


def serve_feed(server) -> str:  # noqa: ANN001  (the conftest NewsServer)
    """Serve the feed and its pages; return the feed's URL."""
    items = "".join(f"<item><title>{p}</title><link>{server.base}{p}</link></item>" for p in PATHS)
    rss = f'<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>{items}</channel></rss>'
    server.serve("/robots.txt", b"User-agent: *\nAllow: /\n", content_type="text/plain")
    server.serve("/news.xml", rss.encode(), content_type="application/rss+xml")
    for path, story in PAGES.items():
        server.serve(path, page(*story))
    return server.url("/news.xml")


def settings_for(tmp_path: Path, name: str) -> Settings:
    return Settings(max_chars=MAX_CHARS, batch_size=2, allow_private_hosts=True).with_db(f"sqlite:///{tmp_path / name}.db")


def counts(stats: RunStats) -> tuple[int, int, int, int, int]:
    return stats.read, stats.new, stats.duplicate, stats.failed, stats.claims


def failures_of(stats: RunStats, base: str) -> list[tuple[str, str, str]]:
    """Return the run's failures (path, stage, message), the length of a long article left out of its message."""
    found = [(f.origin.removeprefix(base), f.stage, re.sub(r"has [\d,]+ characters", "has N characters", f.message))
             for f in stats.failures]
    return sorted(found)


@pytest.mark.slow
def test_paths_plain_run_flow_and_feed_flow_leave_the_same_rows(
    news_server, tmp_path: Path, pipeline: Pipeline, load_benchmark, monkeypatch: pytest.MonkeyPatch,  # noqa: ANN001
) -> None:
    feed_url = serve_feed(news_server)
    snapshot = load_benchmark("crash_resume").snapshot  # every compared table's rows, provenance columns left out
    # The flows load their pipeline once per worker with build_pipeline: they get the session's, not a second load.
    monkeypatch.setattr(flows.main, "worker_pipeline", lambda settings: replace(pipeline, settings=settings))
    plain, flow, feeds = (settings_for(tmp_path, name) for name in ("plain", "flow", "feeds"))

    with open_store(plain.db_url) as store:
        by_plain = run_sources([feed_url], plain, store=store, pipeline=replace(pipeline, settings=plain))
    by_flow = run_flow([feed_url], flow)
    # The plain path names a feed's outlet after its host; the feed flow takes the feed list's: the same here.
    with secrets_in_environment(feeds) as public:
        by_feeds = claimgraph_feeds([Feed(name="news", url=feed_url, outlet="127.0.0.1", schedule="1h")], public)

    # One server, so URLs and origins agree on every path and no column needs normalising: the
    # snapshot leaves out only provenance (run ids, timestamps), which differs from run to run.
    expected = snapshot(plain.db_url)
    assert (snapshot(flow.db_url), snapshot(feeds.db_url)) == (expected, expected)
    base, limit = news_server.base, "has N characters, over the limit of 1,000: split it or raise --max-chars"
    assert counts(by_flow) == counts(by_feeds) == counts(by_plain)
    assert failures_of(by_flow, base) == failures_of(by_feeds, base) == failures_of(by_plain, base) == [
        ("/missing", "fetch", "HTTP 404 Not Found"),
        ("/news/long", "parse", f"article {limit}"), ("/news/long-again", "parse", f"article {limit}"),
    ]
    with open_store(plain.db_url) as store:
        sightings = sorted((s.url.removeprefix(base), s.kind) for s in store.sightings())
        articles = store.counts()["articles"]
    assert sightings == [
        ("/news/a1", "exact"), ("/news/a2", "exact"), ("/news/a2-again", "exact"), ("/news/a3", "exact"),
        ("/wire/a1-copy", "near"),
    ]
    assert (articles, *counts(by_plain)[:4]) == (3, 8, 3, 2, 3)
    assert by_plain.claims > 3
