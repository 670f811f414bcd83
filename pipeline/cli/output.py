"""What the ``claimgraph`` commands print through: the two consoles, the error path and the progress bar.

Shared by every command module of ``pipeline.cli``; imports rich and typer only, never a command module.
"""

from __future__ import annotations

import sys
from typing import NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

# Messages, warnings and progress go to stderr so that stdout stays the command's data.
console = Console(stderr=True)
# Tables stay readable when piped: rich would otherwise fold them to 80 columns.
out = Console(width=None if sys.stdout.isatty() else 180)


def fail(message: str) -> NoReturn:
    """Print ``message`` as an error and exit with status 2 (the status of every refused command).

    Raises ``typer.Exit(2)`` always. The message is escaped: error texts quote user input, which
    rich would otherwise read as markup.
    """
    # soft_wrap: one line whatever the terminal's width, so a path is never broken inside a log line.
    console.print(f"[red]error:[/red] {escape(message)}", soft_wrap=True)
    raise typer.Exit(2)


def progress_bar() -> Progress:
    """Return the progress bar long commands show (on stderr, gone when done)."""
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )
