"""The commands that process articles: ``run`` (the main job, into the store) and ``annotate``
(mentions only, into a file).

``run`` starts the Prefect flow of ``flows.main`` (imported inside the command: the CLI is the one
edge allowed to start flows, and Prefect stays out of start-up); ``--no-prefect`` runs the same job
in plain Python through ``pipeline.run``. Imports the shared ``pipeline.cli`` modules, never another
command module.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from pipeline.cli.options import (
    AllowPrivateOption,
    DbOption,
    ForceOption,
    IgnoreRobotsOption,
    SetOption,
    check_out_path,
    fetch_settings,
    prefect_home_environment,
    prefect_logging_environment,
    settings_for,
)
from pipeline.cli.orphans import reap_children_at_exit
from pipeline.cli.output import INPUTS_FAILED, console, crash, fail, out, progress_bar, safe_line
from pipeline.errors import ClaimgraphError, SourceError
from pipeline.records import Article, Failure, RunStats
from pipeline.settings import Settings

Item = TypeVar("Item")


def run(
    sources: Annotated[
        list[str],
        typer.Argument(
            help=".txt/.html files, directories of them, .jsonl files of articles, article or RSS/Atom feed URLs, "
            "a .toml feed list, or dataset:PATH?text=COLUMN&..."
        ),
    ],
    db: DbOption = None,
    no_prefect: Annotated[
        bool, typer.Option("--no-prefect", help="Run in plain Python instead of the Prefect flow")
    ] = False,
    min_confidence: Annotated[float | None, typer.Option(help="Drop claims below this confidence")] = None,
    allow_private_hosts: AllowPrivateOption = False,
    ignore_robots: IgnoreRobotsOption = False,
    assignments: SetOption = None,
    workers: Annotated[
        int | None, typer.Option(min=0, help="Processes to parse and extract in (0: one per core; 1: this one)")
    ] = None,
) -> None:
    """Run the main job: read SOURCES, extract and normalize claims, store them. Exits 1 when any input failed (the
    others are stored), 2 when the command is refused, 70 when claimgraph itself crashed."""
    settings = fetch_settings(
        settings_for(db, assignments=assignments), allow_private_hosts=allow_private_hosts, ignore_robots=ignore_robots
    )
    if min_confidence is not None:
        settings = settings.with_options(min_confidence=min_confidence)
    if workers is not None:
        settings = settings.with_options(workers=workers)
    check_local_sources(sources)
    try:
        stats = run_job([str(s) for s in sources], settings, prefect=not no_prefect)
    except ClaimgraphError as error:
        fail(str(error))
    except Exception:  # not an input's doing (each input fails alone, as a Failure): a bug, with its own status
        crash()
    print_summary(stats)
    if stats.failed:
        raise typer.Exit(INPUTS_FAILED)


def run_job(sources: list[str], settings: Settings, *, prefect: bool) -> RunStats:
    """Return what the main job did over ``sources``, run with a progress bar through Prefect or in plain Python.

    Raises ``ClaimgraphError`` when a source or the store cannot be used at all.
    """
    with progress_bar() as progress:
        task_id = progress.add_task("articles", total=None)
        started = time.monotonic()

        def advance(done: int, stats: RunStats) -> None:
            rate = (progress.tasks[0].completed + done) / max(time.monotonic() - started, 1e-9)
            progress.update(task_id, advance=done, description=(
                f"articles ({stats.claims} claims, {stats.failed} failed, {rate:.1f} articles/s)"))

        if prefect:
            console.print("running the Prefect flow: on a temporary local Prefect server unless PREFECT_API_URL or "
                          "your Prefect profile names one (--no-prefect runs without Prefect and starts sooner)",
                          soft_wrap=True)
            os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
            # No telemetry from a run, whatever the environment forgot to say (the Makefile says it too).
            os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
            # Prefect's temporary server dies with the run, even when the run is killed with kill -9.
            reap_children_at_exit()
            prefect_home_environment(os.environ, home=Path.home())
            prefect_logging_environment()
            from flows.main import run_flow

            return run_flow(sources, settings, on_batch=advance)
        from pipeline.run import run_sources
        from pipeline.store import open_store

        with open_store(settings.db_url) as store:
            return run_sources(sources, settings, store=store, on_batch=advance)


def check_local_sources(sources: Iterable[str]) -> None:
    """Refuse the command (exit 2, one line) when a source that names a local path does not exist, before any
    model, store or Prefect server starts. URLs and ``dataset:`` sources are checked when read."""
    for source in sources:
        if "://" not in source and not source.startswith("dataset:") and not Path(source).exists():
            fail(str(SourceError(f"no such file or directory: {source}", origin=source, stage="ingest")))


def print_summary(stats: RunStats) -> None:
    """Print the run's counts and every failed input with its reason."""
    out.print(
        f"articles read: {stats.read}  new: {stats.new}  duplicate: {stats.duplicate}  failed: {stats.failed}  "
        f"claims stored: {stats.claims}  one-actor claims dropped: {stats.one_actor_dropped}"
        + (f"  invisible characters removed: {stats.invisible_removed}" if stats.invisible_removed else "")
    )
    for failure in stats.failures:
        # Origins and reasons come from outside (file names, URLs, a server's reason phrase): never markup.
        out.print(f"[red]failed[/red] {safe_line(failure.origin)}: {safe_line(failure.message)}", highlight=False,
                  soft_wrap=True)


def chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    """Yield ``items`` in lists of ``size`` (the last one shorter)."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def annotate(
    sources: Annotated[list[Path], typer.Argument(help="Articles to annotate (same inputs as run)")],
    out_path: Annotated[Path, typer.Option("--out", help="JSON Lines file to write")],
    force: ForceOption = False,
) -> None:
    """Write the entities, time expressions and places found in each article (no store)."""
    check_out_path(out_path, force=force)
    from pipeline.ingest import read_sources
    from pipeline.run import annotate_articles, build_pipeline

    settings = settings_for(None)
    # Annotations hold no claims, so the claim model is never loaded (seconds of start-up saved).
    pipeline = build_pipeline(settings.with_options(classifier=False))
    failed = 0
    with out_path.open("w", encoding="utf-8") as handle, progress_bar() as progress:
        task_id = progress.add_task("articles", total=None)
        for batch in chunks(read_sources([str(s) for s in sources]), settings.batch_size):
            articles = [item for item in batch if isinstance(item, Article)]
            failures = [item for item in batch if isinstance(item, Failure)]
            for item in annotate_articles(pipeline, articles) + failures:
                if isinstance(item, Failure):
                    failed += 1
                    console.print(f"[red]failed[/red] {safe_line(item.origin)}: {safe_line(item.message)}",
                                  soft_wrap=True)
                else:
                    handle.write(item.model_dump_json() + "\n")
            progress.advance(task_id, len(batch))
    if failed:
        raise typer.Exit(1)
