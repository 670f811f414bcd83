"""``claimgraph schedule`` against a real Prefect server on loopback: the served deployment runs on
its interval, the first run stores claims, the second finds nothing new (the feed answers 304)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, select

from pipeline.store.models import RunRow

ROOT = Path(__file__).resolve().parents[2]
STORY = [
    "Turkey supports the Government of National Accord in Libya, the foreign ministry in Ankara said on Monday.",
    "Russia supports Khalifa Haftar, whose forces have besieged Tripoli since April.",
    "The United Nations called on both sides to return to talks in Geneva next month.",
]


def finished_runs(db_url: str) -> list[dict]:
    engine = create_engine(db_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(select(RunRow.stats).where(RunRow.finished_at.is_not(None)).order_by(RunRow.started_at))
            return [row.stats for row in rows]
    except Exception:  # noqa: BLE001  (the store may not exist yet)
        return []
    finally:
        engine.dispose()


def completed_runs(api: str) -> list[dict]:
    """Return the deployment's flow runs that completed, as the server lists them."""
    query = {"flow_runs": {"deployment_id": {"is_null_": False}, "state": {"type": {"any_": ["COMPLETED"]}}}}
    return httpx.post(f"{api}/flow_runs/filter", json=query, timeout=5).json()


@pytest.mark.slow
def test_schedule_serves_feed_runs_on_a_prefect_server(tmp_path: Path, news_server, prefect_server, wait_until) -> None:  # noqa: ANN001
    api, env = prefect_server
    paragraphs = "".join(f"<p>{s}</p>" for s in STORY)
    news_server.serve("/robots.txt", b"", content_type="text/plain")
    news_server.serve("/a1", f"<html><body><article><h1>Libya</h1>{paragraphs}</article></body></html>".encode())
    item = f"<item><title>Libya</title><link>{news_server.url('/a1')}</link></item>"
    rss = f'<?xml version="1.0"?><rss version="2.0"><channel><title>N</title>{item}</channel></rss>'
    news_server.serve("/rss", rss.encode(), content_type="application/rss+xml", headers={"ETag": '"v1"'})
    feeds = tmp_path / "feeds.toml"
    feeds.write_text(f'[[feed]]\nname = "news"\nurl = "{news_server.url("/rss")}"\noutlet = "Daily"\nschedule = "5s"\n')
    db_url = f"sqlite:///{tmp_path / 'served.db'}"
    command = [str(Path(sys.executable).parent / "claimgraph"), "schedule", str(feeds), "--db", db_url, "--allow-private-hosts", "--limit", "1"]
    runner = subprocess.Popen(command, env=env, cwd=ROOT, stdout=(tmp_path / "serve.log").open("wb"), stderr=subprocess.STDOUT)
    try:
        runs = wait_until(lambda: len(finished_runs(db_url)) >= 2 and finished_runs(db_url), timeout=150, every=1)
        completed = wait_until(lambda: len(completed_runs(api)) >= 2 and completed_runs(api), timeout=30, every=1)
    finally:
        runner.terminate()
        runner.wait(timeout=30)
    assert runs, f"fewer than two runs finished: {(tmp_path / 'serve.log').read_text()[-3000:]}"
    first, second = runs[:2]
    assert (first["read"], first["new"], first["failed"]) == (1, 1, 0) and first["claims"] > 0
    assert (second["read"], second["new"], second["failed"], second["claims"]) == (0, 0, 0, 0)
    assert {run["state_type"] for run in completed} == {"COMPLETED"} and len(completed) >= 2
