"""Ingestion throughput: feeds and article pages served by a local HTTP server, through the whole
``claimgraph-feeds`` flow (fetch, deduplicate, parse + extract + normalize, store), once with the
default task runner and once with the NLP on a local Dask cluster of 2 workers, side by side.

Both run against a Prefect server started here on loopback (``prefect server start``), as a Dask
set-up needs: without ``PREFECT_API_URL`` every Dask worker would start its own temporary server.
Each runner gets a fresh SQLite store and the same ``--articles`` distinct generated articles
(spread over 5 RSS feeds). Start-up is kept out of the timing: a warm-up run on other articles
starts Prefect's local server and loads the pipeline (in this process, and in each Dask worker of
a cluster started once). Prints articles/s of each and the ratio.

    .venv/bin/python benchmarks/ingest.py [--articles 500] [--workers 2]
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx

os.environ.setdefault("PREFECT_LOGGING_LEVEL", "ERROR")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "error")

from pipeline.records import Feed  # noqa: E402
from pipeline.settings import Settings  # noqa: E402

ACTORS = ["Turkey", "Russia", "Iran", "Israel", "France", "Germany", "China", "India", "Pakistan", "Egypt",
          "Saudi Arabia", "Qatar", "Japan", "Brazil", "Mexico", "Nigeria", "Kenya", "Ethiopia", "Ukraine", "Poland"]
VERBS = ["supports", "accused", "threatened", "met", "criticized", "rejected", "praised", "sanctioned", "condemned",
         "thanked"]
PLACES = ["Geneva", "Vienna", "Doha", "Cairo", "Ankara", "Brussels", "Nairobi", "Lima", "Oslo", "Hanoi"]
FILLER = ("officials analysts diplomats markets ministers envoys reporters observers lawmakers traders "
          "harbour railway pipeline election budget drought harvest border summit treaty").split()


def article_html(rng: random.Random, number: int) -> bytes:
    """Return one generated article page: six sentences of random actors, verbs, places and filler."""
    sentences = []
    for _ in range(6):
        a, b = rng.sample(ACTORS, 2)
        words = " ".join(rng.sample(FILLER, 6))
        sentences.append(f"{a} {rng.choice(VERBS)} {b} in {rng.choice(PLACES)} on day {rng.randint(1, 9999)}, "
                         f"as {words} watched.")
    body = "".join(f"<p>{s}</p>" for s in sentences)
    return (f"<html><head><title>Story {number}</title></head><body><article><h1>Story {number}</h1>{body}"
            "</article></body></html>").encode()


def build_site(count: int, feeds: int, *, prefix: str, seed: int) -> dict[str, tuple[bytes, str]]:
    """Return path -> (body, content type) for ``count`` articles spread over ``feeds`` RSS feeds under ``prefix``."""
    rng = random.Random(seed)
    site = {"/robots.txt": (b"User-agent: *\nAllow: /\n", "text/plain")}
    for number in range(count):
        site[f"{prefix}/a/{number}"] = (article_html(rng, number), "text/html; charset=utf-8")
    for feed in range(feeds):
        items = "".join(f"<item><title>Story {n}</title><link>{prefix}/a/{n}</link></item>"
                        for n in range(feed, count, feeds))
        channel = f'<?xml version="1.0"?><rss version="2.0"><channel><title>F{feed}</title>{items}</channel></rss>'
        site[f"{prefix}/feed/{feed}.xml"] = (channel.encode(), "application/rss+xml")
    return site


def feeds_at(base: str, prefix: str, count: int) -> list[Feed]:
    """Return the ``count`` feeds the site serves under ``prefix``."""
    return [Feed(name=f"{prefix}{n}", url=f"{base}{prefix}/feed/{n}.xml", outlet=f"Outlet {n}") for n in range(count)]


def start_server(site: dict[str, tuple[bytes, str]]) -> ThreadingHTTPServer:
    """Serve ``site`` on a free loopback port from a background thread."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            body, content_type = site.get(self.path, (b"not found", "text/plain"))
            self.send_response(200 if self.path in site else 404)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def start_prefect_server(home: Path) -> subprocess.Popen:
    """Start a Prefect server on a free loopback port, point ``PREFECT_API_URL`` at it and return its process."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    os.environ.update({"PREFECT_HOME": str(home), "PREFECT_API_URL": f"http://127.0.0.1:{port}/api",
                       "PREFECT_UI_ENABLED": "false"})
    command = [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port),
               "--no-ui"]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(240):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("the Prefect server did not start within 2 minutes")


def timed_run(label: str, feeds: list[Feed], settings: Settings, count: int) -> float:
    """Run the flow once and print its figures; return the seconds it took."""
    from flows.feeds import claimgraph_feeds
    from flows.main import secrets_in_environment

    start = time.perf_counter()
    with secrets_in_environment(settings) as public:
        stats = claimgraph_feeds(feeds, public)
    seconds = time.perf_counter() - start
    print(f"{label:<28} {seconds:8.1f} s  {count / seconds:7.1f} articles/s  new {stats.new}  "
          f"duplicate {stats.duplicate}  failed {stats.failed}  claims {stats.claims}")
    if stats.new != count:
        print(f"  warning: expected {count} new articles")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    site = build_site(args.articles, 5, prefix="/bench", seed=7)
    for runner in ("default", "dask"):
        site.update(build_site(10, 1, prefix=f"/warm-{runner}", seed=100 + len(runner)))
    httpd = start_server(site)
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    print(f"{args.articles} articles over 5 feeds from {base}")
    with tempfile.TemporaryDirectory() as tmp:
        server = start_prefect_server(Path(tmp) / "prefect")
        try:
            measure(base, args.articles, args.workers, Path(tmp))
        finally:
            server.terminate()
    httpd.shutdown()


def measure(base: str, articles: int, workers: int, tmp: Path) -> None:
    """Warm up and time both runners; print the figures."""
    from distributed import Client, LocalCluster

    from flows.feeds import claimgraph_feeds
    from flows.main import DB_VARIABLE, secrets_in_environment, worker_pipeline

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True) as cluster:
        settings = Settings(allow_private_hosts=True, fetch_concurrency=8)
        runners = {"default": settings, "dask": settings.with_options(dask_address=cluster.scheduler_address)}
        seconds = {}
        for name, runner_settings in runners.items():
            runner_settings = runner_settings.with_db(f"sqlite:///{tmp}/{name}.db")
            if name == "dask":
                with Client(cluster) as client:
                    # The workers find the store in their environment and load the pipeline once each.
                    client.run(os.environ.__setitem__, DB_VARIABLE, runner_settings.db_url)
                    client.run(worker_pipeline, runner_settings.public())
            with secrets_in_environment(runner_settings) as public:
                claimgraph_feeds(feeds_at(base, f"/warm-{name}", 1), public)
            label = "default runner" if name == "default" else f"Dask runner ({workers} workers)"
            seconds[name] = timed_run(label, feeds_at(base, "/bench", 5), runner_settings, articles)
    print(f"ratio of times Dask / default: {seconds['dask'] / seconds['default']:.2f}x")


if __name__ == "__main__":
    main()
