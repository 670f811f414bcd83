"""The fetcher's manners against a real local server: ``Retry-After`` honoured up to a bound (a longer
wait is given up at once), robots.txt's ``Crawl-delay`` kept between requests to one host, and a
malformed redirect refused as that URL's error."""

from __future__ import annotations

import time

import pytest

from pipeline.errors import FetchError
from pipeline.ingest import http
from pipeline.ingest.http import Fetcher, fetch_with_retries, retry_after
from pipeline.settings import Settings

LOOPBACK = Settings().with_options(allow_private_hosts=True, fetch_timeout_s=1.0)


class Clock:
    """The fetcher's clock with ``sleep`` recorded, not slept (the test server keeps the real one)."""

    def __init__(self, *, refuse: bool = False) -> None:
        self.slept: list[float] = []
        self.refuse = refuse
        self.monotonic, self.time = time.monotonic, time.time

    def sleep(self, seconds: float) -> None:
        if self.refuse:
            pytest.fail(f"slept {seconds} s")
        self.slept.append(seconds)


@pytest.fixture
def fetcher():  # noqa: ANN201
    with Fetcher(LOOPBACK) as opened:
        yield opened


@pytest.mark.parametrize(
    ("header", "seconds"),
    [("30", 30.0), (" 2 ", 2.0), ("soon", None), ("", None), ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0)],
)
def test_http_retry_after_header_is_read(header: str, seconds: float | None) -> None:
    assert retry_after(header) == seconds


def test_http_retry_after_is_waited_before_the_retry(news_server, fetcher: Fetcher, monkeypatch) -> None:  # noqa: ANN001
    news_server.serve("/robots.txt", b"", content_type="text/plain")
    clock = Clock()
    monkeypatch.setattr(http, "time", clock)
    news_server.serve("/slow-down", b"slow down", status=429, headers={"Retry-After": "3"})
    with pytest.raises(FetchError) as caught:
        fetch_with_retries(lambda: fetcher.get(news_server.url("/slow-down")), attempts=3, backoff_s=0.5)
    # 3 s asked: waited 3 s, not the back-off's 0.5 s then 1 s.
    assert clock.slept == [3.0, 3.0]
    assert (caught.value.message, caught.value.retry_after_s) == ("HTTP 429 Too Many Requests", 3.0)


def test_http_retry_after_over_the_bound_is_given_up_at_once(news_server, fetcher: Fetcher, monkeypatch) -> None:  # noqa: ANN001
    news_server.serve("/robots.txt", b"", content_type="text/plain")
    news_server.serve("/later", b"come back tomorrow", status=503, headers={"Retry-After": "86400"})
    monkeypatch.setattr(http, "time", Clock(refuse=True))
    with pytest.raises(FetchError) as caught:
        fetch_with_retries(lambda: fetcher.get(news_server.url("/later")), attempts=3, backoff_s=0.5)
    assert caught.value.message == (
        "HTTP 503 Service Unavailable: the server asks to retry after 86400 s, more than the 60 s we wait; "
        "the next run tries again"
    )
    assert (caught.value.transient, news_server.hits("/later")) == (False, 1)


def test_http_crawl_delay_spaces_requests_to_one_host(news_server, fetcher: Fetcher) -> None:  # noqa: ANN001
    news_server.serve("/robots.txt", b"User-agent: *\nCrawl-delay: 1\n", content_type="text/plain")
    news_server.serve("/a", b"a")
    started = time.monotonic()
    for _ in range(2):
        fetcher.get(news_server.url("/a"))
    assert time.monotonic() - started >= 1.0


def test_http_malformed_redirect_is_a_fetch_error(news_server, fetcher: Fetcher) -> None:  # noqa: ANN001
    news_server.serve("/robots.txt", b"", content_type="text/plain")
    news_server.serve("/oops", status=302, headers={"Location": "http://[oops/"})
    news_server.serve("/idna", status=302, headers={"Location": "http://xn--/"})
    with pytest.raises(FetchError) as oops:
        fetcher.get(news_server.url("/oops"))
    with pytest.raises(FetchError) as idna:
        fetcher.get(news_server.url("/idna"))
    assert oops.value.message == "bad redirect to 'http://[oops/' (Invalid IPv6 URL)"
    assert idna.value.message.startswith("malformed URL (IDNAError: ")
    assert (oops.value.origin, idna.value.origin) == (news_server.url("/oops"), news_server.url("/idna"))
