"""Fuzzing the readers: arbitrary bytes, JSON, HTML and feed XML give an article or a claimgraph error, never another exception."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import ClaimgraphError
from pipeline.ingest.decode import decode_text
from pipeline.ingest.feeds import parse_feed
from pipeline.ingest.http import Response
from pipeline.ingest.pages import read_page
from pipeline.ingest.sources import build_article, parse_jsonl_line
from pipeline.records import Article, Feed

FUZZ = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)
FIELD_NAMES = st.sampled_from(["id", "text", "title", "url", "source", "published_at", "author", "doc_id", "dct", "body", "x"])
ARTICLE_JSON = st.dictionaries(FIELD_NAMES, JSON_VALUES | st.text(max_size=80), max_size=7)
TAGS = st.sampled_from(["p", "div", "table", "tr", "td", "ul", "li", "article", "h1", "script", "title", "a", "br", "!--"])
HTML = st.lists(st.one_of(TAGS.map(lambda t: f"<{t}>"), TAGS.map(lambda t: f"</{t}>"), st.text(max_size=30)), max_size=40).map("".join)
FEED_PARTS = st.sampled_from([
    "<?xml version='1.0'?>", "<rss version='2.0'>", "</rss>", "<channel>", "</channel>", "<item>", "</item>", "<link>",
    "</link>", "http://example.org/a", "<feed xmlns='http://www.w3.org/2005/Atom'>", "</feed>", "<entry>", "</entry>",
    "<link href='/b'/>", "<pubDate>", "</pubDate>", "Mon, 32 Foo 99999 25:61:00", "<!DOCTYPE x [<!ENTITY a 'aa'>]>", "&a;", "&amp;",
    "<title>", "</title>", "<![CDATA[", "]]>", "\x00", "é",
])
FEED_XML = st.lists(FEED_PARTS | st.text(max_size=10), max_size=30).map(lambda parts: "".join(parts).encode("utf-8", "surrogatepass"))


def outcome(read, *args, **kwargs) -> Article | ClaimgraphError:
    """Return what a reader gives, or the claimgraph error it raised (any other exception fails the test)."""
    try:
        return read(*args, **kwargs)
    except ClaimgraphError as error:
        return error


@FUZZ
@given(data=st.binary(max_size=400))
def test_fuzz_decode_text_arbitrary_bytes(data: bytes) -> None:
    result = outcome(decode_text, data, origin="fuzz")
    assert isinstance(result, ClaimgraphError) or result.strip()


@FUZZ
@given(raw=st.binary(max_size=300) | JSON_VALUES.map(lambda v: json.dumps(v).encode()) | ARTICLE_JSON.map(lambda v: json.dumps(v).encode()))
def test_fuzz_jsonl_line_arbitrary_bytes_and_json(raw: bytes) -> None:
    result = outcome(parse_jsonl_line, raw, origin="f.jsonl:1")
    assert isinstance(result, ClaimgraphError) or (isinstance(result, Article) and result.text.strip() and result.id)


@FUZZ
@given(fields=ARTICLE_JSON)
def test_fuzz_build_article_arbitrary_fields(fields: dict) -> None:
    result = outcome(build_article, {"text": "The minister said the talks were over.", **fields} if "text" not in fields else fields, origin="fuzz")
    assert isinstance(result, (Article, ClaimgraphError))


@FUZZ
@given(html=HTML, content_type=st.sampled_from(["text/html", "text/html; charset=latin-1", "text/html; charset=bogus", "", "image/png"]))
def test_fuzz_read_page_arbitrary_html(html: str, content_type: str) -> None:
    response = Response(url="http://example.org/a", status=200, body=html.encode("utf-8", "surrogatepass"), content_type=content_type)
    result = outcome(read_page, response, origin="http://example.org/a")
    assert isinstance(result, ClaimgraphError) or result.text.strip()


@FUZZ
@given(body=FEED_XML | st.binary(max_size=300))
def test_fuzz_parse_feed_arbitrary_xml(body: bytes) -> None:
    feed = Feed(name="fuzz", url="http://example.org/feed", outlet="fuzz")
    response = Response(url=feed.url, status=200, body=body, content_type="application/rss+xml")
    result = outcome(parse_feed, response, feed=feed)
    assert isinstance(result, (list, ClaimgraphError))
