"""The ``claimgraph schedule`` command: serve one Prefect deployment per feed of a feed list, on the
feed's interval or cron, against the Prefect server ``PREFECT_API_URL`` names.

The CLI is the one edge allowed to start flows: ``flows.feeds`` is imported inside the command, so
start-up stays free of Prefect. Imports the shared ``pipeline.cli`` modules; never a command module.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli.options import AllowPrivateOption, DbOption, IgnoreRobotsOption, fetch_settings, settings_for
from pipeline.cli.output import console, fail
from pipeline.errors import ClaimgraphError
from pipeline.ingest.feeds import read_feed_list


def schedule(
    feeds_file: Annotated[
        Path, typer.Argument(help="TOML feed list: [[feed]] tables with name, url, outlet, schedule")
    ],
    db: DbOption = None,
    dask_address: Annotated[
        str | None, typer.Option("--dask-address", help="Run the NLP on this Dask scheduler (tcp://host:8786)")
    ] = None,
    dask_workers: Annotated[
        int,
        typer.Option("--dask-workers", help="Run the NLP on a local Dask cluster of N worker processes (0: no Dask)"),
    ] = 0,
    limit: Annotated[int | None, typer.Option("--limit", help="At most this many flow runs at once")] = None,
    allow_private_hosts: AllowPrivateOption = False,
    ignore_robots: IgnoreRobotsOption = False,
) -> None:
    """Serve a deployment per feed of FEEDS_FILE on its schedule until interrupted (needs a Prefect server)."""
    settings = fetch_settings(settings_for(db), allow_private_hosts=allow_private_hosts, ignore_robots=ignore_robots)
    settings = settings.with_options(dask_address=dask_address or settings.dask_address, dask_workers=dask_workers)
    try:
        feeds = read_feed_list(feeds_file)
    except ClaimgraphError as error:
        fail(str(error))
    if not os.environ.get("PREFECT_API_URL"):
        console.print(
            "[yellow]PREFECT_API_URL is not set:[/yellow] start `prefect server start` "
            "and point PREFECT_API_URL at it, or runs stop with this process"
        )
    console.print(f"serving {len(feeds)} feed deployment(s): " + ", ".join(f"{f.name} ({f.schedule})" for f in feeds))
    from flows.feeds import serve_feeds

    serve_feeds(feeds, settings, limit=limit)
