"""The ``claimgraph schedule`` command: serve one Prefect deployment per feed of a feed list, on the
feed's interval or cron, against the Prefect server ``PREFECT_API_URL`` names.

Refuses to start (one line, exit 2) without a reachable Prefect server (the deployments would never
run) or with a schedule that is neither an interval nor a valid cron expression (croniter). The CLI is
the one edge allowed to start flows: ``flows.feeds`` is imported inside the command, so start-up stays
free of Prefect. Imports the shared ``pipeline.cli`` modules; never a command module.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import httpx
import typer
from croniter import croniter

from pipeline.cli.options import (
    AllowPrivateOption,
    DbOption,
    IgnoreRobotsOption,
    SetOption,
    fetch_settings,
    prefect_logging_environment,
    settings_for,
)
from pipeline.cli.output import console
from pipeline.errors import ConfigError
from pipeline.ingest.feeds import interval_seconds, read_feed_list
from pipeline.records import Feed

SERVER_HELP = "start one with `prefect server start` and export PREFECT_API_URL=http://127.0.0.1:4200/api"
HEALTH_TIMEOUT_S = 5.0


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
    assignments: SetOption = None,
) -> None:
    """Serve a deployment per feed of FEEDS_FILE on its schedule until interrupted (needs a Prefect server)."""
    settings = fetch_settings(
        settings_for(db, assignments=assignments), allow_private_hosts=allow_private_hosts, ignore_robots=ignore_robots
    )
    settings = settings.with_options(dask_address=dask_address or settings.dask_address, dask_workers=dask_workers)
    feeds = read_feed_list(feeds_file)
    check_schedules(feeds)
    check_prefect_server(os.environ.get("PREFECT_API_URL", ""))
    console.print(f"serving {len(feeds)} feed deployment(s): " + ", ".join(f"{f.name} ({f.schedule})" for f in feeds))
    prefect_logging_environment()
    from flows.feeds import serve_feeds
    from flows.main import secrets_in_environment

    # The served runs (subprocesses of this one) find the store in CLAIMGRAPH_DB; the deployments carry no secret.
    with secrets_in_environment(settings) as public:
        serve_feeds(feeds, public, limit=limit)


def check_schedules(feeds: list[Feed]) -> None:
    """Raise ``ConfigError`` for a feed whose schedule is neither an interval (15m) nor a valid cron expression."""
    for feed in feeds:
        if interval_seconds(feed.schedule) is None and not croniter.is_valid(feed.schedule):
            raise ConfigError(
                f"feed {feed.name!r}: schedule {feed.schedule!r} is neither an interval (30s, 15m, 6h, 1d) nor a valid "
                "cron expression (minute hour day month weekday, such as \"0 6 * * *\"): fix it in the feed list"
            )


def check_prefect_server(api_url: str) -> None:
    """Raise ``ConfigError`` unless ``api_url`` (PREFECT_API_URL) names a Prefect server that answers."""
    if not api_url:
        raise ConfigError(f"schedule needs a Prefect server and PREFECT_API_URL is not set: {SERVER_HELP}")
    try:
        healthy = httpx.get(f"{api_url.rstrip('/')}/health", timeout=HEALTH_TIMEOUT_S).status_code == 200
    except httpx.HTTPError:
        healthy = False
    if not healthy:
        raise ConfigError(f"no Prefect server answers at PREFECT_API_URL={api_url}: {SERVER_HELP}, or fix the URL")
