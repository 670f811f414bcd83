"""Ingest: every input becomes one Article or one Failure with a clear reason."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from pipeline.errors import SourceError
from pipeline.ids import article_id
from pipeline.ingest import read_sources
from pipeline.records import Article, Failure

TEXT = "Turkey supports the GNA in Tripoli.\n\nRussia supports Haftar."


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_sources_text_file_with_headline_and_meta(tmp_path: Path) -> None:
    source = write(tmp_path / "a.txt", b"Libya talks\n\n" + TEXT.encode())
    (tmp_path / "a.meta.json").write_text(json.dumps({"source": "wire", "published_at": "2020-11-20", "url": "https://x.test/a"}))
    [article] = read_sources([source])
    assert article == Article(
        id=article_id("Libya talks\n\n" + TEXT), text="Libya talks\n\n" + TEXT, title="Libya talks",
        url="https://x.test/a", source="wire", published_at=datetime(2020, 11, 20), origin=str(source),
    )


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty article"),
        (b"  \n\t \n", "empty article"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (b"Turkey \xff\xfe supports", "invalid UTF-8 at byte 7"),
    ],
)
def test_sources_bad_text_file_is_a_failure(tmp_path: Path, data: bytes, reason: str) -> None:
    source = write(tmp_path / "bad.txt", data)
    [failure] = read_sources([source])
    assert isinstance(failure, Failure)
    assert (failure.origin, failure.stage) == (str(source), "ingest")
    assert failure.message.startswith(reason)


def test_sources_jsonl_names_each_bad_line(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "n1", "text": TEXT, "source": "outlet-a", "published_at": "2020-11-20T10:00:00"}),
        "{not json",
        json.dumps({"title": "no text"}),
        json.dumps({"text": "Russia supports Haftar."}),
        json.dumps({"id": 7, "text": "   "}),
    ]
    source = write(tmp_path / "batch.jsonl", "\n".join(lines).encode())
    items = list(read_sources([source]))
    assert [type(i).__name__ for i in items] == ["Article", "Failure", "Failure", "Article", "Failure"]
    assert items[0].id == "n1" and items[0].source == "outlet-a"
    assert items[3].id == article_id("Russia supports Haftar.")
    assert [(f.origin, f.message.split(" (")[0].split(":")[0]) for f in items if isinstance(f, Failure)] == [
        (f"{source}:2", "not JSON"),
        (f"{source}:3", 'missing "text"'),
        (f"{source}:5", "empty article"),
    ]


def test_sources_meantime_field_names_are_understood(tmp_path: Path) -> None:
    source = write(tmp_path / "m.jsonl", json.dumps({"doc_id": "100911", "dct": "2008-03-01", "text": TEXT}).encode())
    [article] = read_sources([source])
    assert (article.id, article.published_at) == ("100911", datetime(2008, 3, 1))


def test_sources_directory_is_read_recursively_in_order(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub" / "b.txt", b"Russia supports Haftar.")
    write(tmp_path / "a.txt", b"Turkey supports the GNA.")
    write(tmp_path / "notes.md", b"ignored")
    assert [a.text for a in read_sources([tmp_path])] == ["Turkey supports the GNA.", "Russia supports Haftar."]


def test_sources_html_main_text_and_title(tmp_path: Path) -> None:
    html = (
        "<html><head><title>Libya</title><meta property='article:published_time' content='2020-11-20'></head>"
        "<body><nav>Home | World</nav><article><h1>Libya</h1><p>" + "Turkey supports the GNA in Tripoli, while Russia supports Haftar. " * 5
        + "</p></article></body></html>"
    )
    [article] = read_sources([write(tmp_path / "p.html", html.encode())])
    assert "Turkey supports the GNA in Tripoli" in article.text and "Home | World" not in article.text
    assert article.title == "Libya"


def test_sources_missing_path_raises() -> None:
    with pytest.raises(SourceError, match="no such file"):
        list(read_sources(["/nonexistent/claimgraph"]))


@pytest.mark.parametrize(("given", "expected"), [
    ("2020-11-20", datetime(2020, 11, 20)),
    ("2020-11-20T10:30:00", datetime(2020, 11, 20, 10, 30)),
    ("March 01, 2008", datetime(2008, 3, 1)),
    ("03-02-2009", datetime(2009, 3, 2)),
])
def test_sources_publication_dates_in_other_forms(tmp_path: Path, given: str, expected: datetime) -> None:
    source = write(tmp_path / "d.jsonl", json.dumps({"text": TEXT, "published_at": given}).encode())
    [article] = read_sources([source])
    assert article.published_at == expected


def test_sources_unreadable_date_is_a_failure(tmp_path: Path) -> None:
    source = write(tmp_path / "d.jsonl", json.dumps({"text": TEXT, "published_at": "yesterday"}).encode())
    [failure] = read_sources([source])
    assert failure.message == "published_at 'yesterday' is not a date: use ISO 8601 (2020-11-20)"


# --- hostile inputs: each one is its own failure, the others are read ---------------------------------

GOOD = "Turkey supports the Government of National Accord in Libya, officials said on Monday."


def test_sources_fifo_as_source_or_sidecar_fails_at_once(tmp_path: Path) -> None:
    import os

    write(tmp_path / "a.txt", GOOD.encode())
    os.mkfifo(tmp_path / "a.meta.json")
    os.mkfifo(tmp_path / "b.txt")
    write(tmp_path / "c.txt", GOOD.encode())
    items = list(read_sources([tmp_path]))
    assert [(type(i).__name__, i.origin) for i in items] == [
        ("Failure", str(tmp_path / "a.txt")), ("Failure", str(tmp_path / "b.txt")), ("Article", str(tmp_path / "c.txt")),
    ]
    assert [i.message for i in items[:2]] == [
        "sidecar a.meta.json is not a regular file (a named pipe): give a file of text",
        "b.txt is not a regular file (a named pipe): give a file of text",
    ]


@pytest.mark.parametrize(
    ("meta", "reason"),
    [
        ("[1, 2, 3]", "a.meta.json holds a JSON list, not an object"),
        ('"str"', "a.meta.json holds a JSON str, not an object"),
        ("null", "a.meta.json holds a JSON NoneType, not an object"),
        ('{"id": {"a": 1}}', "id is a JSON object: give a string or a whole number"),
        ('{"source": ["x"]}', "source is a JSON array: give a string"),
        ('{"published_at": -1}', "published_at -1 is not a date"),
        ('{"published_at": "1600000000"}', "published_at '1600000000' is not a date"),
    ],
)
def test_sources_bad_sidecar_is_that_input_failure(tmp_path: Path, meta: str, reason: str) -> None:
    write(tmp_path / "a.txt", GOOD.encode())
    (tmp_path / "a.meta.json").write_text(meta)
    write(tmp_path / "b.txt", GOOD.encode())
    failure, article = read_sources([tmp_path])
    assert isinstance(failure, Failure) and failure.origin == str(tmp_path / "a.txt")
    assert failure.message.startswith(reason)
    assert isinstance(article, Article)


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"id": {"x": 1}}, "id is a JSON object: give a string or a whole number"),
        ({"id": True}, "id is a JSON boolean: give a string or a whole number"),
        ({"title": [1]}, "title is a JSON array: give a string"),
        ({"published_at": -1}, "published_at -1 is not a date: use ISO 8601 (2020-11-20)"),
        ({"published_at": 0.5}, "published_at 0.5 is not a date: use ISO 8601 (2020-11-20)"),
        ({"published_at": "-1"}, "published_at '-1' is not a date: use ISO 8601 (2020-11-20)"),
    ],
)
def test_sources_jsonl_fields_of_the_wrong_kind_are_refused(tmp_path: Path, fields: dict, reason: str) -> None:
    source = write(tmp_path / "a.jsonl", json.dumps({"text": GOOD, **fields}).encode())
    [failure] = read_sources([source])
    assert (failure.origin, failure.message) == (f"{source}:1", reason)


def test_sources_jsonl_line_over_the_cap_is_skipped_and_the_next_read(tmp_path: Path) -> None:
    huge = json.dumps({"text": "word " * 5_000})
    lines = [json.dumps({"id": "a", "text": GOOD}), huge, json.dumps({"id": "c", "text": GOOD})]
    source = write(tmp_path / "a.jsonl", "\n".join(lines).encode())
    items = list(read_sources([source], max_file_bytes=1_000))
    assert [getattr(i, "id", None) for i in items] == ["a", None, "c"]
    assert (items[1].origin, items[1].message) == (f"{source}:2", "line over the cap of 1,000 bytes: skipped; split the article")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_sources_text_with_a_utf16_or_utf32_bom_is_decoded(tmp_path: Path, encoding: str) -> None:
    data = GOOD.encode(encoding)
    if not encoding.endswith("-be"):
        assert data[:2] in (b"\xff\xfe", b"\xfe\xff")
    else:
        data = b"\xfe\xff" + data
    [article] = read_sources([write(tmp_path / "wide.txt", data)])
    assert article.text == GOOD


def test_sources_unexpected_error_of_one_input_is_its_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.ingest import sources

    write(tmp_path / "a.txt", GOOD.encode())
    write(tmp_path / "b.txt", b"Boom. " + GOOD.encode())
    real = sources.decode_text

    def decode(data: bytes, *, origin: str) -> str:
        if data.startswith(b"Boom"):
            raise AttributeError("'list' object has no attribute 'items'")
        return real(data, origin=origin)

    monkeypatch.setattr(sources, "decode_text", decode)
    article, failure = read_sources([tmp_path])
    assert isinstance(article, Article)
    assert failure == Failure(
        origin=str(tmp_path / "b.txt"), stage="ingest",
        message="unexpected AttributeError: 'list' object has no attribute 'items' (please report it with the input)",
    )


# --- URLs: a malformed link or redirect is that URL's failure; a feed's links are fetched once, in budget ------

def page(sentence: str) -> bytes:
    return f"<html><body><article><p>{sentence} {GOOD}</p></article></body></html>".encode()


@pytest.fixture
def loopback_fetcher():  # noqa: ANN201
    from pipeline.ingest.http import Fetcher
    from pipeline.settings import Settings

    settings = Settings().with_options(allow_private_hosts=True, fetch_timeout_s=1.0, fetch_retries=1)
    with Fetcher(settings) as fetcher:
        yield fetcher


def test_sources_bad_redirect_and_idna_link_fail_alone(news_server, loopback_fetcher) -> None:  # noqa: ANN001
    news_server.serve("/robots.txt", b"", content_type="text/plain")
    news_server.serve("/oops", status=302, headers={"Location": "http://[oops/"})
    news_server.serve("/good", page("Egypt hosted the talks."))
    items = "".join(f"<item><link>{link}</link></item>" for link in ("/oops", "http://xn--/", "/good"))
    news_server.serve("/feed.xml", f"<rss version='2.0'><channel>{items}</channel></rss>".encode(),
                      content_type="application/rss+xml")
    found = list(read_sources([news_server.url("/feed.xml"), "http://xn--/direct"], fetcher=loopback_fetcher))
    assert [(type(i).__name__, i.origin.removeprefix(news_server.base)) for i in found] == [
        ("Failure", "/oops"), ("Failure", "http://xn--/"), ("Article", "/good"), ("Failure", "http://xn--/direct"),
    ]
    assert [f.message.split(" (")[0] for f in found if isinstance(f, Failure)] == [
        "bad redirect to 'http://[oops/'", "malformed URL", "malformed URL",
    ]


def test_sources_feed_link_listed_again_is_fetched_once(news_server, loopback_fetcher) -> None:  # noqa: ANN001
    news_server.serve("/robots.txt", b"", content_type="text/plain")
    news_server.serve("/a", page("Egypt hosted the talks."))
    items = "<item><link>/a</link></item>" * 50 + "<item><link>/missing</link></item>" * 3
    news_server.serve("/feed.xml", f"<rss version='2.0'><channel>{items}</channel></rss>".encode(),
                      content_type="application/rss+xml")
    found = list(read_sources([news_server.url("/feed.xml")], fetcher=loopback_fetcher))
    assert [type(i).__name__ for i in found] == ["Article", "Failure"]
    assert (news_server.hits("/a"), news_server.hits("/missing")) == (1, 1)


def test_sources_feed_items_past_the_budget_are_failures(news_server, loopback_fetcher) -> None:  # noqa: ANN001
    from pipeline.ingest.sources import read_items
    from pipeline.records import FeedItem

    news_server.serve("/robots.txt", b"", content_type="text/plain")
    news_server.serve("/a", page("Egypt hosted the talks."), delay=0.2)
    news_server.serve("/b", page("Jordan hosted the talks."))
    feed_items = [FeedItem(url=news_server.url(path), outlet="o", feed="f") for path in ("/a", "/b")]
    found = list(read_items(loopback_fetcher, feed_items, budget_s=0.1))
    assert isinstance(found[0], Article)
    assert found[1] == Failure(origin=news_server.url("/b"), stage="fetch", message=(
        "not fetched: the feed's time budget of 0.1 s is spent; the next run fetches it"))
    assert news_server.hits("/b") == 0


def test_sources_jsonl_file_stops_at_its_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.ingest import sources

    monkeypatch.setattr(sources, "JSONL_FILE_LINES", 3)  # the file cap: 3 lines' cap
    line = json.dumps({"text": GOOD}).encode()
    source = write(tmp_path / "many.jsonl", b"\n".join([line] * 10))
    items = list(read_sources([source], max_file_bytes=len(line) + 1))
    assert [type(i).__name__ for i in items] == ["Article"] * 3 + ["Failure"]
    assert (items[-1].origin, items[-1].message) == (
        f"{source}:4", f"file is over the cap of {3 * (len(line) + 1):,} bytes: stopped reading; split it")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
def test_sources_page_with_a_utf16_or_utf32_bom_is_read(news_server, loopback_fetcher, encoding: str) -> None:  # noqa: ANN001
    news_server.serve("/robots.txt", b"", content_type="text/plain")
    news_server.serve("/wide", page("Egypt hosted the talks.").decode().encode(encoding))
    [article] = read_sources([news_server.url("/wide")], fetcher=loopback_fetcher)
    assert article.text.startswith("Egypt hosted the talks. Turkey supports")
