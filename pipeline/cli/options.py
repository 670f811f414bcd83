"""The options several ``claimgraph`` commands share, each defined once, and the helpers that turn
them into settings, a store or a checked output path.

The edge of the system: ``Settings`` are built here from the environment and the options (``--db``,
``--set NAME=VALUE``), then passed down. Read commands open an existing store only (``open_db``).
Shared by the command modules of ``pipeline.cli``; never imports one of them.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import MutableMapping
from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli.output import fail
from pipeline.errors import ConfigError
from pipeline.settings import SECRET_FIELDS, Settings, env_name
from pipeline.store import Store, open_store

STDOUT_PATH = "-"
# Prefect's logging, set before Prefect is imported: the run loggers send INFO (a line per batch) to the
# server, while the console shows warnings only (the command's own progress bar and summary stay readable).
PREFECT_LOGGING = {
    "PREFECT_LOGGING_LOGGERS_PREFECT_FLOW_RUNS_LEVEL": "INFO",
    "PREFECT_LOGGING_LOGGERS_PREFECT_TASK_RUNS_LEVEL": "INFO",
    "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "WARNING",
}

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db", help="Store URL (sqlite:///... or postgresql://...); default $CLAIMGRAPH_DB or ./claimgraph.db"
    ),
]
# The listing commands (``entities``, ``actors unresolved``) print a table or a JSON array.
ListFormatOption = Annotated[str, typer.Option("--format", help="table or json")]
SetOption = Annotated[
    list[str] | None,
    typer.Option(
        "--set", metavar="NAME=VALUE",
        help="Set any setting of the README's table by its name (fetch_timeout_s=5); repeatable; overrides "
        "its CLAIMGRAPH_* variable. Secrets (db, review_token, review_secret) only from the environment",
    ),
]
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


def settings_for(db: str | None = None, *, assignments: list[str] | None = None) -> Settings:
    """Return the settings from the environment, with ``--db`` and the ``--set`` ``assignments`` taking precedence.

    Raises ``ConfigError`` naming the variable or option when a value does not fit.
    """
    settings = Settings.from_env()
    if assignments:
        settings = settings.with_options(**parse_assignments(assignments))
    return settings.with_db(db) if db else settings


def parse_assignments(assignments: list[str]) -> dict[str, str]:
    """Return ``--set NAME=VALUE`` options as a dict; raise ``ConfigError`` for a malformed one or a secret."""
    changes: dict[str, str] = {}
    for assignment in assignments:
        name, equals, value = assignment.partition("=")
        name = name.strip().lower()
        if not equals or not name:
            raise ConfigError(f"--set {assignment!r}: write NAME=VALUE (for example --set batch_size=8)")
        if name in SECRET_FIELDS:
            raise ConfigError(f"--set {name}: a secret is never taken from the command line; export {env_name(name)}")
        changes[name] = value
    return changes


def fetch_settings(settings: Settings, *, allow_private_hosts: bool, ignore_robots: bool) -> Settings:
    """Return ``settings`` with the fetch options of the command line applied (the environment may
    already allow private hosts)."""
    return settings.with_options(
        allow_private_hosts=settings.allow_private_hosts or allow_private_hosts,
        respect_robots=settings.respect_robots and not ignore_robots,
    )


def open_db(db: str | None) -> Store:
    """Return the existing store ``--db`` (or the environment) names, opened; the caller closes it (``with``).

    A read command never creates a store. Raises ``StoreError`` when there is none or it cannot be opened.
    """
    return open_store(settings_for(db).db_url, create=False)


def check_out_path(path: Path, *, force: bool) -> Path:
    """Return ``path`` when an export may write there; exit 2 when it would overwrite something
    outside the working directory.

    New files go anywhere; replacing an existing file or directory outside the working directory, or
    writing through a symbolic link, needs ``--force`` (an export run from a script must not clobber
    ``~/.bashrc`` because a path was built from untrusted input).
    """
    if str(path) == STDOUT_PATH:
        fail("--out - (standard output) is not supported by this command: give a file path")
    if not path.parent.is_dir():
        fail(f"--out {path}: the directory {path.parent} does not exist: create it or choose another path")
    target = path.resolve()
    outside = not target.is_relative_to(Path.cwd().resolve())
    if force or not (path.is_symlink() or (outside and target.exists())):
        return path
    fail(f"refusing to overwrite {target} (outside the working directory or through a link): pass --force")


def prefect_logging_environment() -> None:
    """Set Prefect's logging for the commands that start flows (``PREFECT_LOGGING``), unless the environment
    already says otherwise; call it before Prefect is imported."""
    for name, value in PREFECT_LOGGING.items():
        os.environ.setdefault(name, value)


# What says a run's flows go to a Prefect home or server the user chose: then claimgraph leaves Prefect alone.
PREFECT_CHOICES = ("PREFECT_HOME", "PREFECT_API_URL", "PREFECT_PROFILES_PATH")


def prefect_home_environment(environ: MutableMapping[str, str], *, home: Path) -> None:
    """Give a run's temporary Prefect server claimgraph's own Prefect home, ``HOME/.claimgraph/prefect`` (its
    database and profiles there, never mixed into the user's ``~/.prefect``), unless ``environ`` names a Prefect
    home, server or profiles file, or the active profile of ``HOME/.prefect/profiles.toml`` names a server (the
    user's own Prefect is then used, as configured). Creates the folder. Call it before Prefect is imported."""
    if any(name in environ for name in PREFECT_CHOICES) or profile_names_server(home / ".prefect" / "profiles.toml"):
        return
    own = home / ".claimgraph" / "prefect"
    own.mkdir(parents=True, exist_ok=True)  # Prefect's server creates its database there, not the folder
    environ["PREFECT_HOME"] = str(own)


def profile_names_server(path: Path) -> bool:
    """Return whether the active profile of the Prefect profiles file ``path`` sets ``PREFECT_API_URL`` (an
    unreadable file counts as saying so: the user's Prefect is then left as it is)."""
    if not path.is_file():
        return False
    try:
        profiles = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return True
    active = profiles.get("profiles", {}).get(profiles.get("active", "ephemeral"), {})
    return not isinstance(active, dict) or "PREFECT_API_URL" in active
