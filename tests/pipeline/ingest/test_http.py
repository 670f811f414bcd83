"""The fetcher against a real local server: redirects checked hop by hop, bodies capped while
streaming, robots.txt obeyed, errors sorted into transient (retried) and permanent."""

from __future__ import annotations

import pytest

from pipeline.errors import FetchError
from pipeline.ingest.http import Fetcher, fetch_with_retries
from pipeline.settings import Settings

LOOPBACK = Settings(allow_private_hosts=True, fetch_timeout_s=0.5, max_body_bytes=100_000)


@pytest.fixture
def fetcher():  # noqa: ANN201
    with Fetcher(LOOPBACK) as opened:
        yield opened


def test_http_follows_redirects_and_reports_the_final_url(news_server, fetcher: Fetcher) -> None:  # noqa: ANN001
    news_server.serve("/old", status=302, headers={"Location": "/new"})
    news_server.serve("/new", b"<html>moved here</html>", headers={"ETag": '"e1"'})
    response = fetcher.get(news_server.url("/old"))
    assert (response.url, response.status, response.body, response.etag) == (news_server.url("/new"), 200, b"<html>moved here</html>", '"e1"')


def test_http_every_redirect_hop_is_checked(news_server, fetcher: Fetcher) -> None:  # noqa: ANN001
    news_server.serve("/out", status=301, headers={"Location": "file:///etc/passwd"})
    news_server.serve("/loop", status=302, headers={"Location": "/loop"})
    with pytest.raises(FetchError) as refused:
        fetcher.get(news_server.url("/out"))
    with pytest.raises(FetchError) as looped:
        fetcher.get(news_server.url("/loop"))
    assert refused.value.message == "refused file URL: only http and https are fetched"
    assert looped.value.message == "more than 5 redirects: the page moves in circles"


def test_http_internal_address_is_refused_before_any_request(news_server) -> None:  # noqa: ANN001
    news_server.serve("/page", b"hello")
    with Fetcher(LOOPBACK.with_options(allow_private_hosts=False)) as strict, pytest.raises(FetchError) as caught:
        strict.get(news_server.url("/page"))
    assert caught.value.message.startswith("refused 127.0.0.1 (127.0.0.1): a private or loopback address")
    assert news_server.requests == []


@pytest.mark.parametrize(
    ("route", "message", "transient"),
    [
        ({"status": 404, "body": b"gone"}, "HTTP 404 Not Found", False),
        ({"status": 503, "body": b"busy"}, "HTTP 503 Service Unavailable", True),
        ({"status": 429, "body": b"slow down"}, "HTTP 429 Too Many Requests", True),
        ({"body": b"x" * 200_000}, "body of 200,000 bytes is over the cap of 100,000", False),
        ({"size": 20_000_000}, "body is over the cap of 100,000 bytes: stopped reading", False),
        ({"body": b"late", "delay": 1.5}, "timed out after 0.5 s", True),
    ],
)
def test_http_errors_are_sorted(news_server, fetcher: Fetcher, route: dict, message: str, transient: bool) -> None:  # noqa: ANN001
    news_server.serve("/x", **route)
    with pytest.raises(FetchError) as caught:
        fetcher.get(news_server.url("/x"))
    assert (caught.value.message, caught.value.transient, caught.value.origin) == (message, transient, news_server.url("/x"))


def test_http_robots_txt_is_obeyed_and_read_once(news_server, fetcher: Fetcher) -> None:  # noqa: ANN001
    news_server.serve("/robots.txt", b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    news_server.serve("/private/a", b"secret")
    news_server.serve("/public/a", b"open")
    with pytest.raises(FetchError) as caught:
        fetcher.get(news_server.url("/private/a"))
    assert caught.value.message.startswith("robots.txt of http://127.0.0.1:")
    assert fetcher.get(news_server.url("/public/a")).body == b"open"
    assert (news_server.hits("/robots.txt"), news_server.hits("/private/a")) == (1, 0)
    with Fetcher(LOOPBACK.with_options(respect_robots=False)) as rude:
        assert rude.get(news_server.url("/private/a")).body == b"secret"


def test_http_retries_transient_errors_only(news_server, fetcher: Fetcher) -> None:  # noqa: ANN001
    news_server.serve("/flaky", b"ok", failures=2)
    news_server.serve("/gone", status=404)
    response = fetch_with_retries(lambda: fetcher.get(news_server.url("/flaky")), attempts=3, backoff_s=0.01)
    with pytest.raises(FetchError):
        fetch_with_retries(lambda: fetcher.get(news_server.url("/gone")), attempts=3, backoff_s=0.01)
    assert (response.body, news_server.hits("/flaky"), news_server.hits("/gone")) == (b"ok", 3, 1)


def test_http_sends_the_user_agent_and_conditional_headers(news_server, fetcher: Fetcher) -> None:  # noqa: ANN001
    news_server.serve("/feed", b"<rss/>", headers={"ETag": '"v7"'})
    assert fetcher.get(news_server.url("/feed"), headers={"If-None-Match": '"v7"'}).status == 304
    [(_, headers)] = [r for r in news_server.requests if r[0] == "/feed"]
    assert headers["User-Agent"] == LOOPBACK.user_agent
