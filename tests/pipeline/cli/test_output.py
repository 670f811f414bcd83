"""Terminal output: every string from outside is printed as it is, never read as rich markup, and
never carries an escape sequence or control character to the operator's terminal."""

from __future__ import annotations

import io
import sys

import pytest
from rich.table import Table

from pipeline.cli.output import SafeConsole, safe
from pipeline.cli.run import print_summary
from pipeline.records import Failure, RunStats

HOSTILE = [
    ("HTTP 500 [/red]", "HTTP 500 [/red]"),
    ("[bold]shout[/bold] [link=http://evil.example]x[/link]", "[bold]shout[/bold] [link=http://evil.example]x[/link]"),
    ("clear \x1b[2J\x1b[H screen", "clear  screen"),
    ("title \x1b]0;owned\x07 set", "title  set"),
    ("bell\x07 and \x9b31m C1", "bell and  C1"),
    ("\u202etxt.exe\u202c", "txt.exe"),
]


def printed(render: object) -> str:
    buffer = io.StringIO()
    SafeConsole(file=buffer, width=200, force_terminal=False).print(render, soft_wrap=True)
    return buffer.getvalue()


@pytest.mark.parametrize(("text", "shown"), HOSTILE)
def test_output_safe_string_is_shown_as_it_is_without_controls(text: str, shown: str) -> None:
    assert printed(f"[red]failed[/red] {safe(text)}") == f"failed {shown}\n"


@pytest.mark.parametrize(("text", "shown"), [HOSTILE[0], *HOSTILE[2:]])
def test_output_console_never_crashes_on_a_string_that_missed_safe(text: str, shown: str) -> None:
    table = Table("reason", width=60)
    table.add_row(text)
    assert shown in printed(table)
    assert printed(text) == f"{shown}\n"


def test_output_run_summary_lists_every_hostile_failure_on_its_line(monkeypatch: pytest.MonkeyPatch) -> None:
    run = sys.modules["pipeline.cli.run"]
    buffer = io.StringIO()
    monkeypatch.setattr(run, "out", SafeConsole(file=buffer, width=100, force_terminal=False))
    stats = RunStats(read=3, failed=2, failures=[
        Failure(origin="http://x.example/[/red]", stage="fetch", message="HTTP 418 [/red]\x1b[2J teapot"),
        Failure(origin="a.txt", stage="ingest", message="line one\nline two"),
    ])
    print_summary(stats)
    assert buffer.getvalue().splitlines()[1:] == [
        "failed http://x.example/[/red]: HTTP 418 [/red] teapot",
        "failed a.txt: line one line two",
    ]
