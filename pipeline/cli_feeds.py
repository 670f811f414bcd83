"""The ``claimgraph schedule`` command: serve one Prefect deployment per feed of a feed list, on the
feed's interval or cron, against the Prefect server ``PREFECT_API_URL`` names.

Part of the CLI (the edge): builds ``Settings`` and hands them to ``flows.feeds``, imported by name
at call time so the library never imports Prefect.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from pipeline.errors import ClaimgraphError
from pipeline.ingest.feeds import read_feed_list
from pipeline.settings import Settings

console = Console(stderr=True)


def schedule(
    feeds_file: Annotated[Path, typer.Argument(help="TOML feed list: [[feed]] tables with name, url, outlet, schedule")],
    db: Annotated[Optional[str], typer.Option("--db", help="Store URL (sqlite:///... or postgresql://...); default $CLAIMGRAPH_DB or ./claimgraph.db")] = None,
    dask_address: Annotated[Optional[str], typer.Option("--dask-address", help="Run the NLP on this Dask scheduler (tcp://host:8786)")] = None,
    dask_workers: Annotated[int, typer.Option("--dask-workers", help="Run the NLP on a local Dask cluster of N worker processes (0: no Dask)")] = 0,
    limit: Annotated[Optional[int], typer.Option("--limit", help="At most this many flow runs at once")] = None,
    allow_private_hosts: Annotated[bool, typer.Option("--allow-private-hosts", help="Fetch private and loopback addresses too")] = False,
    ignore_robots: Annotated[bool, typer.Option("--ignore-robots", help="Do not obey robots.txt")] = False,
) -> None:
    """Serve a deployment per feed of FEEDS_FILE on its schedule until interrupted (needs a Prefect server)."""
    settings = Settings.from_env()
    settings = settings.with_db(db) if db else settings
    settings = settings.with_options(
        allow_private_hosts=settings.allow_private_hosts or allow_private_hosts,
        respect_robots=not ignore_robots,
        dask_address=dask_address or settings.dask_address,
        dask_workers=dask_workers,
    )
    try:
        feeds = read_feed_list(feeds_file)
    except ClaimgraphError as error:
        console.print(f"[red]error:[/red] {error}")
        raise typer.Exit(2) from error
    if not os.environ.get("PREFECT_API_URL"):
        console.print("[yellow]PREFECT_API_URL is not set:[/yellow] start `prefect server start` and point PREFECT_API_URL at it, or runs stop with this process")
    console.print(f"serving {len(feeds)} feed deployment(s): " + ", ".join(f"{f.name} ({f.schedule})" for f in feeds))
    importlib.import_module("flows.feeds").serve_feeds(feeds, settings, limit=limit)
