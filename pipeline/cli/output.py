"""What the ``claimgraph`` commands print through: the two consoles, the error path, the progress bar
and ``safe``, which every string from outside (a failure reason, a URL, an article's words) passes
through before it meets markup.

Outside strings are hostile: rich markup in them (``[/red]``) would crash or restyle the output, and
escape sequences would reach the operator's terminal (retitle it, clear it, hide lines). The two
consoles strip control characters from everything they render and fall back to plain text where a
string is not valid markup, so a string that missed ``safe`` still cannot crash the output.

Shared by every command module of ``pipeline.cli``; imports rich and typer only, never a command module.
"""

from __future__ import annotations

import re
import sys
from typing import Any, NoReturn

import typer
from rich.console import Console
from rich.errors import MarkupError
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.text import Text

# Terminal escape sequences (CSI such as ESC[2J, OSC such as a window title), then any other control
# character but new line and tab, and the bidirectional controls that reorder what is shown.
ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x9b[0-?]*[ -/]*[@-~]")
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def strip_controls(text: str) -> str:
    """Return ``text`` without terminal escape sequences, control characters or bidirectional controls."""
    return CONTROLS.sub("", ESCAPES.sub("", text))


def safe(text: object) -> str:
    """Return an outside string ready to print inside markup: controls stripped, rich markup escaped."""
    return escape(strip_controls(str(text)))


def safe_line(text: object) -> str:
    """Return ``safe(text)`` on one line: new lines and runs of white space become one space."""
    return escape(" ".join(strip_controls(str(text)).split()))


class SafeConsole(Console):
    """A console that strips control characters from every string it renders, and renders a string that is not
    valid markup as plain text instead of raising ``MarkupError``."""

    def render_str(self, text: str, **options: Any) -> Text:
        text = strip_controls(text)
        try:
            return super().render_str(text, **options)
        except MarkupError:
            return super().render_str(text, **{**options, "markup": False})


# Messages, warnings and progress go to stderr so that stdout stays the command's data.
console = SafeConsole(stderr=True)
# Tables stay readable when piped: rich would otherwise fold them to 80 columns.
out = SafeConsole(width=None if sys.stdout.isatty() else 180)


# Exit statuses: 1 some inputs failed (the others were stored), 2 the command was refused (bad option, store,
# setting), 70 (sysexits' EX_SOFTWARE) claimgraph itself crashed: a bug, never an input's doing.
INPUTS_FAILED = 1
REFUSED = 2
CRASHED = 70


def crash() -> NoReturn:
    """Print the exception being handled (a bug of claimgraph) with its traceback and exit with ``CRASHED``.

    Raises ``typer.Exit(CRASHED)`` always; call it inside an ``except`` block.
    """
    console.print_exception()
    console.print("[red]internal error:[/red] this is a bug of claimgraph, not of an input: please report it "
                  "with the traceback above; what was stored before it stays stored", soft_wrap=True)
    raise typer.Exit(CRASHED)


def fail(message: str) -> NoReturn:
    """Print ``message`` as an error and exit with status 2 (the status of every refused command).

    Raises ``typer.Exit(2)`` always. The message is escaped: error texts quote user input, which
    rich would otherwise read as markup.
    """
    # soft_wrap: one line whatever the terminal's width, so a path is never broken inside a log line.
    console.print(f"[red]error:[/red] {safe(message)}", soft_wrap=True)
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
