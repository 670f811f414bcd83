"""The command line over the network: ``run`` on a feed URL (plain Python), the private-host rule
at the edge, and ``schedule`` refusing a bad feed list before it contacts any server."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.store import open_store

runner = CliRunner()
TEXT = "".join(
    f"<p>{s}</p>"
    for s in [
        "Turkey supports the Government of National Accord in Libya, the foreign ministry in Ankara said on Monday.",
        "Russia supports Khalifa Haftar, whose forces have besieged Tripoli since April.",
    ]
)


def serve_feed(server) -> str:  # noqa: ANN001  (the conftest NewsServer)
    server.serve("/robots.txt", b"", content_type="text/plain")
    server.serve("/a", f"<html><body><article><h1>Libya</h1>{TEXT}</article></body></html>".encode())
    items = (
        f"<item><title>Libya</title><link>{server.url('/a')}</link></item>"
        f"<item><title>Gone</title><link>{server.url('/gone')}</link></item>"
    )
    server.serve(
        "/rss",
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>N</title>{items}</channel></rss>'.encode(),
        content_type="application/rss+xml",
    )
    return server.url("/rss")


@pytest.mark.slow
def test_feeds_run_on_a_feed_url_stores_articles_and_reports_failures(
    tmp_path: Path, news_server, monkeypatch: pytest.MonkeyPatch
) -> None:  # noqa: ANN001
    monkeypatch.setenv("CLAIMGRAPH_ALLOW_PRIVATE_HOSTS", "1")
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    result = runner.invoke(app, ["run", serve_feed(news_server), "--db", db, "--no-prefect"], catch_exceptions=False)
    assert result.exit_code == 1, result.output
    assert "articles read: 2  new: 1  duplicate: 0  failed: 1" in result.output
    assert f"failed {news_server.url('/gone')}: HTTP 404 Not Found" in result.output
    with open_store(db) as store:
        assert [(s.outlet, s.url, s.kind) for s in store.sightings()] == [("127.0.0.1", news_server.url("/a"), "exact")]
        assert [(f.origin, f.stage, f.message) for f in store.failures()] == [
            (news_server.url("/gone"), "fetch", "HTTP 404 Not Found")
        ]
        assert store.counts()["claims"] > 0


def test_feeds_private_hosts_are_refused_unless_allowed(tmp_path: Path, news_server) -> None:  # noqa: ANN001
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    result = runner.invoke(app, ["run", serve_feed(news_server), "--db", db, "--no-prefect"], catch_exceptions=False)
    assert result.exit_code == 1
    assert "a private or loopback address; pass --allow-private-hosts" in result.output
    assert news_server.requests == []


def test_feeds_schedule_refuses_a_bad_feed_list(tmp_path: Path) -> None:
    feeds = tmp_path / "feeds.toml"
    feeds.write_text('[[feed]]\nname = "a"\n')
    result = runner.invoke(app, ["schedule", str(feeds)], catch_exceptions=False)
    assert result.exit_code == 2
    assert "missing url, outlet: every feed needs name, url and outlet" in result.output
