"""The options several ``claimgraph`` commands share, each defined once, and the helpers that turn
them into settings, a store or a checked output path.

The edge of the system: ``Settings`` are built here from the environment and the options, then
passed down. Shared by the command modules of ``pipeline.cli``; never imports one of them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli.output import fail
from pipeline.settings import Settings
from pipeline.store import Store, open_store

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db", help="Store URL (sqlite:///... or postgresql://...); default $CLAIMGRAPH_DB or ./claimgraph.db"
    ),
]
# The listing commands (``entities``, ``actors unresolved``) print a table or a JSON array.
ListFormatOption = Annotated[str, typer.Option("--format", help="table or json")]
AllowPrivateOption = Annotated[
    bool,
    typer.Option(
        "--allow-private-hosts", help="Fetch private and loopback addresses too (also CLAIMGRAPH_ALLOW_PRIVATE_HOSTS=1)"
    ),
]
IgnoreRobotsOption = Annotated[bool, typer.Option("--ignore-robots", help="Do not obey robots.txt")]
ForceOption = Annotated[
    bool,
    typer.Option("--force", help="Overwrite an existing file (or write through a link) outside the working directory"),
]


def settings_for(db: str | None = None) -> Settings:
    """Return the settings from the environment, with ``--db`` taking precedence."""
    settings = Settings.from_env()
    return settings.with_db(db) if db else settings


def fetch_settings(settings: Settings, *, allow_private_hosts: bool, ignore_robots: bool) -> Settings:
    """Return ``settings`` with the fetch options of the command line applied (the environment may
    already allow private hosts)."""
    return settings.with_options(
        allow_private_hosts=settings.allow_private_hosts or allow_private_hosts,
        respect_robots=settings.respect_robots and not ignore_robots,
    )


def open_db(db: str | None) -> Store:
    """Return the store ``--db`` (or the environment) names, opened; the caller closes it (``with``).

    Raises ``StoreError`` when it cannot be opened.
    """
    return open_store(settings_for(db).db_url)


def check_out_path(path: Path, *, force: bool) -> Path:
    """Return ``path`` when an export may write there; exit 2 when it would overwrite something
    outside the working directory.

    New files go anywhere; replacing an existing file or directory outside the working directory, or
    writing through a symbolic link, needs ``--force`` (an export run from a script must not clobber
    ``~/.bashrc`` because a path was built from untrusted input).
    """
    target = path.resolve()
    outside = not target.is_relative_to(Path.cwd().resolve())
    if force or not (path.is_symlink() or (outside and target.exists())):
        return path
    fail(f"refusing to overwrite {target} (outside the working directory or through a link): pass --force")
