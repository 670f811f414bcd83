"""Feeds: the TOML feed list, RSS and Atom entries, conditional requests, pages fetched from a real
local server, datasets by path and column names, and ``read_sources`` over URLs."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from pipeline.errors import ConfigError, FetchError
from pipeline.ingest import read_sources
from pipeline.ingest.feeds import fetch_feed, interval_seconds, read_feed_list
from pipeline.ingest.http import Fetcher, Response
from pipeline.ingest.pages import fetch_article, read_page
from pipeline.records import Article, Failure, Feed, FeedItem, FeedState
from pipeline.settings import Settings

LOOPBACK = Settings(allow_private_hosts=True, fetch_timeout_s=0.5, fetch_retries=2, retry_backoff_s=0.01)
TEXT = [
    "Turkey supports the Government of National Accord in Libya, the foreign ministry in Ankara said on Monday.",
    "Russia supports Khalifa Haftar, whose forces have besieged Tripoli since April.",
]
PAGE = ("<html><head><title>Libya</title><link rel='canonical' href='https://news.example/libya'>"
        "<meta name='author' content='Jane Roe'><meta property='article:published_time' content='2020-01-06'></head>"
        "<body><article><h1>Libya talks</h1>" + "".join(f"<p>{t}</p>" for t in TEXT) + "</article></body></html>").encode()
RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>N</title>
<item><title>Libya talks</title><link>/libya</link><pubDate>Mon, 06 Jan 2020 10:00:00 GMT</pubDate></item>
<item><title>No link</title></item></channel></rss>"""


@pytest.fixture
def fetcher():  # noqa: ANN201
    with Fetcher(LOOPBACK) as opened:
        yield opened


def test_feeds_list_reads_every_feed(tmp_path: Path) -> None:
    path = tmp_path / "feeds.toml"
    path.write_text('[[feed]]\nname = "a"\nurl = "https://a.example/rss"\noutlet = "A"\nschedule = "15m"\n'
                    '[[feed]]\nname = "b"\nurl = "https://b.example/atom"\noutlet = "B"\nschedule = "0 6 * * *"\n')
    assert read_feed_list(path) == [
        Feed(name="a", url="https://a.example/rss", outlet="A", schedule="15m"),
        Feed(name="b", url="https://b.example/atom", outlet="B", schedule="0 6 * * *"),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no feeds: add [[feed]] tables with name, url and outlet"),
        ('[[feed]]\nname = "a"\n', "missing url, outlet: every feed needs name, url and outlet"),
        ('[[feed]]\nname = "a"\nurl = "u"\noutlet = "o"\nschedule = "often"\n', "schedule 'often' is neither an interval (15m, 6h) nor a cron expression"),
        ("[[feed]\n", "cannot read the feed list"),
    ],
)
def test_feeds_list_bad_entries_say_what_to_fix(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "feeds.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        read_feed_list(path)
    assert caught.value.message.startswith(message)


@pytest.mark.parametrize(("schedule", "seconds"), [("30s", 30), ("15m", 900), ("6h", 21600), ("1d", 86400), ("*/5 * * * *", None)])
def test_feeds_interval_seconds(schedule: str, seconds: int | None) -> None:
    assert interval_seconds(schedule) == seconds


def test_feeds_fetch_reads_items_then_costs_nothing_when_unchanged(news_server, fetcher: Fetcher) -> None:  # noqa: ANN001
    news_server.serve("/rss", RSS, content_type="application/rss+xml", headers={"ETag": '"v1"', "Last-Modified": "Mon, 06 Jan 2020 10:00:00 GMT"})
    feed = Feed(name="n", url=news_server.url("/rss"), outlet="Daily")
    items, state = fetch_feed(fetcher, feed)
    again, same = fetch_feed(fetcher, feed, state)
    assert items == [FeedItem(url=news_server.url("/libya"), outlet="Daily", feed="n", title="Libya talks",
                              published_at=datetime(2020, 1, 6, 10, tzinfo=UTC))]
    assert state == FeedState(url=feed.url, etag='"v1"', last_modified="Mon, 06 Jan 2020 10:00:00 GMT")
    assert (again, same) == ([], state)


def test_feeds_a_page_that_is_not_a_feed_is_refused(news_server, fetcher: Fetcher) -> None:  # noqa: ANN001
    news_server.serve("/rss", b"<html><body>hello</body></html>")
    with pytest.raises(FetchError) as caught:
        fetch_feed(fetcher, Feed(name="n", url=news_server.url("/rss"), outlet="Daily"))
    assert caught.value.message.startswith("not an RSS or Atom feed")


def test_feeds_page_gives_text_title_author_date_and_canonical_url(news_server, fetcher: Fetcher) -> None:  # noqa: ANN001
    news_server.serve("/libya", PAGE)
    article = fetch_article(fetcher, FeedItem(url=news_server.url("/libya"), outlet="Daily", feed="n"))
    assert article == Article(
        id=article.id, text="\n".join(["Libya talks", *TEXT]), title="Libya talks", url="https://news.example/libya", source="Daily",
        published_at=datetime(2020, 1, 6), origin=news_server.url("/libya"), author="Jane Roe",
    )


@pytest.mark.parametrize(
    ("response", "message"),
    [
        (Response(url="u", status=200, body=b"\x89PNG\r\n\x00\x00", content_type="image/png"), "not an HTML page (content type image/png): give an article page"),
        (Response(url="u", status=200, body=b"", content_type="text/html"), "empty or binary body: not an HTML page"),
        (Response(url="u", status=200, body=b"<html><head><title>x</title></head><body></body></html>", content_type="text/html"), "no article text found in the HTML page"),
    ],
)
def test_feeds_bad_pages_are_refused(response: Response, message: str) -> None:
    with pytest.raises(FetchError) as caught:
        read_page(response, origin="http://x.example/a")
    assert (caught.value.message, caught.value.origin) == (message, "http://x.example/a")


def test_feeds_read_sources_takes_feed_and_page_urls(news_server, fetcher: Fetcher) -> None:  # noqa: ANN001
    news_server.serve("/rss", RSS, content_type="application/rss+xml")
    news_server.serve("/libya", PAGE)
    news_server.serve("/bad", failures=5)
    found = list(read_sources([news_server.url("/rss"), news_server.url("/libya"), news_server.url("/bad")], fetcher=fetcher))
    assert [type(item).__name__ for item in found] == ["Article", "Article", "Failure"]
    assert found[0].source == "127.0.0.1" and found[1].text == found[0].text
    assert found[2] == Failure(origin=news_server.url("/bad"), stage="fetch", message="HTTP 500 Internal Server Error")
    assert news_server.hits("/bad") == 2


def test_feeds_dataset_by_path_and_columns(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({"body": [TEXT[0], TEXT[1], None], "headline": ["One", "Two", "Three"], "outlet": ["A", "B", "C"]})
    pq.write_table(table, tmp_path / "articles.parquet")
    found = list(read_sources([f"dataset:{tmp_path / 'articles.parquet'}?text=body&title=headline&source=outlet"]))
    origin = str(tmp_path / "articles.parquet")
    assert [(a.title, a.source, a.text, a.origin) for a in found[:2]] == [
        ("One", "A", TEXT[0], origin + "#0"), ("Two", "B", TEXT[1], origin + "#1"),
    ]
    assert found[2] == Failure(origin=origin + "#2", stage="ingest", message="missing text: the text column must hold strings")


@pytest.mark.parametrize(
    ("link", "joined"),
    [("/news/a", "http://x.example/news/a"), ("http://[oops/", "http://[oops/"), ("http://xn--/", "http://xn--/")],
)
def test_feeds_item_link_too_malformed_to_join_is_kept_for_its_own_failure(link: str, joined: str) -> None:
    from pipeline.ingest.feeds import joined as join_link

    assert join_link("http://x.example/feed.xml", link) == joined
