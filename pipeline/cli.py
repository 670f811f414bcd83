"""The ``claimgraph`` command line: typer commands, progress bars and tables.

The edge of the system: builds ``Settings`` from options and the environment and passes them
down. ``run`` starts the Prefect flow in ``flows.main`` (imported by name at call time, so the
library itself never imports Prefect); ``--no-prefect`` runs the same job in plain Python.
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from pipeline.errors import ClaimgraphError
from pipeline.records import Article, Claim, Entity, Failure, RunStats
from pipeline.settings import Settings

app = typer.Typer(help="Extract checkable claims from news into a store and a graph.", no_args_is_help=True, add_completion=False)
console = Console(stderr=True)
# Tables stay readable when piped: rich would otherwise fold them to 80 columns.
out = Console(width=None if sys.stdout.isatty() else 180)

def mount_feed_commands() -> None:
    """Add ``schedule`` (serve feed deployments on a Prefect server), kept in its own module."""
    from pipeline.cli_feeds import schedule

    app.command()(schedule)


def mount_registry_commands() -> None:
    """Add the registry commands (``actors unresolved``, ``actors add``, ``entities``) kept in their own module."""
    from pipeline.cli_registry import actors_app, entities

    app.add_typer(actors_app, name="actors")
    app.command()(entities)


def mount_model_commands() -> None:
    """Add the classifier commands (``dataset``, ``train``) kept in their own module."""
    from pipeline.cli_model import dataset, train

    app.command()(dataset)
    app.command()(train)


def mount_review_commands() -> None:
    """Add the review commands (``review serve``, ``review export-gold``) kept in their own module."""
    from pipeline.cli_review import review_app

    app.add_typer(review_app, name="review")


def mount_graph_commands() -> None:
    """Add the graph commands (``cluster``, ``compare``, ``export-graph``, ``serve``) kept in their own module."""
    from pipeline.cli_graph import cluster, compare, export_graph, serve

    for command in (cluster, compare, serve):
        app.command()(command)
    app.command("export-graph")(export_graph)


DbOption = Annotated[Optional[str], typer.Option("--db", help="Store URL (sqlite:///... or postgresql://...); default $CLAIMGRAPH_DB or ./claimgraph.db")]


def settings_for(db: str | None = None) -> Settings:
    """Return the settings from the environment, with ``--db`` taking precedence."""
    settings = Settings.from_env()
    return settings.with_db(db) if db else settings


AllowPrivateOption = Annotated[bool, typer.Option("--allow-private-hosts", help="Fetch private and loopback addresses too (also CLAIMGRAPH_ALLOW_PRIVATE_HOSTS=1)")]
IgnoreRobotsOption = Annotated[bool, typer.Option("--ignore-robots", help="Do not obey robots.txt")]


def fetch_settings(settings: Settings, *, allow_private_hosts: bool, ignore_robots: bool) -> Settings:
    """Return ``settings`` with the fetch options of the command line applied (the environment may already allow private hosts)."""
    return settings.with_options(
        allow_private_hosts=settings.allow_private_hosts or allow_private_hosts,
        respect_robots=settings.respect_robots and not ignore_robots,
    )


ForceOption = Annotated[bool, typer.Option("--force", help="Overwrite an existing file (or write through a link) outside the working directory")]


def check_out_path(path: Path, *, force: bool) -> Path:
    """Return ``path`` when an export may write there; exit 2 when it would overwrite something outside the working directory.

    New files go anywhere; replacing an existing file or directory outside the working directory, or
    writing through a symbolic link, needs ``--force`` (an export run from a script must not clobber
    ``~/.bashrc`` because a path was built from untrusted input).
    """
    target = path.resolve()
    outside = not target.is_relative_to(Path.cwd().resolve())
    if force or not (path.is_symlink() or (outside and target.exists())):
        return path
    console.print(f"[red]error:[/red] refusing to overwrite {target} (outside the working directory or through a link): pass --force")
    raise typer.Exit(2)


def open_db(db: str | None):
    """Return the store the options name."""
    from pipeline.store import open_store

    return open_store(settings_for(db).db_url)


def print_summary(stats: RunStats) -> None:
    """Print the run's counts and every failed input with its reason."""
    out.print(f"articles read: {stats.read}  new: {stats.new}  duplicate: {stats.duplicate}  failed: {stats.failed}  claims stored: {stats.claims}")
    for failure in stats.failures:
        out.print(f"[red]failed[/red] {failure.origin}: {failure.message}", highlight=False)


def progress_bar() -> Progress:
    """Return the progress bar long commands show."""
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console, transient=True)


@app.command()
def run(
    sources: Annotated[list[str], typer.Argument(help=".txt/.html files, directories of them, .jsonl files of articles, article or RSS/Atom feed URLs, a .toml feed list, or dataset:PATH?text=COLUMN&...")],
    db: DbOption = None,
    no_prefect: Annotated[bool, typer.Option("--no-prefect", help="Run in plain Python instead of the Prefect flow")] = False,
    min_confidence: Annotated[Optional[float], typer.Option(help="Drop claims below this confidence")] = None,
    allow_private_hosts: AllowPrivateOption = False,
    ignore_robots: IgnoreRobotsOption = False,
) -> None:
    """Run the main job: read SOURCES, extract and normalize claims, store them. Exits 1 when any input failed."""
    settings = fetch_settings(settings_for(db), allow_private_hosts=allow_private_hosts, ignore_robots=ignore_robots)
    if min_confidence is not None:
        settings = Settings(**{**settings.__dict__, "min_confidence": min_confidence})
    try:
        stats = run_job([str(s) for s in sources], settings, prefect=not no_prefect)
    except ClaimgraphError as error:
        console.print(f"[red]error:[/red] {error}")
        raise typer.Exit(2) from error
    print_summary(stats)
    if stats.failed:
        raise typer.Exit(1)


def run_job(sources: list[str], settings: Settings, *, prefect: bool) -> RunStats:
    """Run the main job with a progress bar, through Prefect or in plain Python."""
    with progress_bar() as progress:
        task_id = progress.add_task("articles", total=None)
        advance = lambda n: progress.advance(task_id, n)  # noqa: E731
        if prefect:
            os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
            return importlib.import_module("flows.main").run_flow(sources, settings, on_batch=advance)
        from pipeline.run import run_sources
        from pipeline.store import open_store

        with open_store(settings.db_url) as store:
            return run_sources(sources, settings, store=store, on_batch=advance)


def entity_cell(entity: Entity) -> str:
    """Return an entity as the table shows it: canonical name, and the words as written when they differ."""
    return entity.name if entity.mention == entity.name else f"{entity.name} ({entity.mention})"


def claims_table(claims: list[Claim]) -> Table:
    """Return the claims as a rich table."""
    table = Table(show_lines=False)
    for column in ("subject", "predicate", "type", "object", "stance", "time", "place", "speaker", "conf"):
        table.add_column(column, overflow="fold")
    for claim in claims:
        stance = claim.polarity if claim.modality == "asserted" else f"{claim.polarity}/{claim.modality}"
        table.add_row(
            entity_cell(claim.subject), claim.predicate.text,
            f"{claim.predicate.plover}{':' + claim.predicate.mode if claim.predicate.mode else ''} {claim.kind}",
            entity_cell(claim.object) if claim.object else "-", stance,
            (claim.time.start or claim.time.text) if claim.time else "-",
            claim.location.name if claim.location else "-",
            claim.attributed_to.name if claim.attributed_to else "-", f"{claim.confidence:.2f}",
        )
    return table


@app.command()
def claims(
    db: DbOption = None,
    actor: Annotated[Optional[str], typer.Option(help="Entity id or name (subject or object)")] = None,
    type: Annotated[Optional[str], typer.Option("--type", help="PLOVER event type")] = None,
    source: Annotated[Optional[str], typer.Option(help="Outlet (article source)")] = None,
    format: Annotated[str, typer.Option("--format", help="table or jsonl")] = "table",
) -> None:
    """List stored claims."""
    with open_db(db) as store:
        found = store.claims(actor=actor, plover=type.upper() if type else None, source=source)
    if format == "jsonl":
        for claim in found:
            sys.stdout.write(claim.model_dump_json() + "\n")
        return
    out.print(claims_table(found))
    out.print(f"{len(found)} claims")


@app.command()
def export(
    out_path: Annotated[Path, typer.Option("--out", help="File to write")],
    format: Annotated[str, typer.Option("--format", help="jsonl (every claim record) or gold (reviewed claims as gold lines)")] = "jsonl",
    db: DbOption = None,
    force: ForceOption = False,
) -> None:
    """Export every stored claim (JSON Lines: one claim record per line, as `claimgraph schema` describes),
    or with ``--format gold`` the reviewed claims as gold lines that `evaluate` and `train` read."""
    check_out_path(out_path, force=force)
    if format == "gold":
        from pipeline.cli_review import export_gold

        export_gold(out_path, db, force=True)
        return
    if format != "jsonl":
        console.print(f"[red]error:[/red] unknown format {format!r}: use jsonl or gold (graph formats: export-graph)")
        raise typer.Exit(2)
    count = 0
    with open_db(db) as store, out_path.open("w", encoding="utf-8") as handle:
        for claim in store.iter_claims():
            handle.write(claim.model_dump_json() + "\n")
            count += 1
    out.print(f"wrote {count} claims to {out_path}")


@app.command()
def annotate(
    sources: Annotated[list[Path], typer.Argument(help="Articles to annotate (same inputs as run)")],
    out_path: Annotated[Path, typer.Option("--out", help="JSON Lines file to write")],
    force: ForceOption = False,
) -> None:
    """Write the entities, time expressions and places found in each article (no store)."""
    check_out_path(out_path, force=force)
    from pipeline.ingest import read_sources
    from pipeline.run import annotate_articles, batched, build_pipeline

    settings = settings_for(None)
    pipeline = build_pipeline(settings)
    failed = 0
    with out_path.open("w", encoding="utf-8") as handle, progress_bar() as progress:
        task_id = progress.add_task("articles", total=None)
        for batch in batched(read_sources([str(s) for s in sources]), settings.batch_size):
            articles = [item for item in batch if isinstance(item, Article)]
            failures = [item for item in batch if isinstance(item, Failure)]
            for item in annotate_articles(pipeline, articles) + failures:
                if isinstance(item, Failure):
                    failed += 1
                    console.print(f"[red]failed[/red] {item.origin}: {item.message}")
                else:
                    handle.write(item.model_dump_json() + "\n")
            progress.advance(task_id, len(batch))
    if failed:
        raise typer.Exit(1)


DEFAULT_TEXTS = ["corpora/samples", "meantime:../shared/data/meantime_en/meantime_en_articles.jsonl"]


@app.command()
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Gold claims (JSON Lines), e.g. corpora/gold/claims.jsonl")] = Path("corpora/gold/claims.jsonl"),
    texts: Annotated[Optional[list[str]], typer.Option("--texts", help="[PREFIX:]PATH of the gold articles' texts (repeatable)")] = None,
    plover: Annotated[Optional[Path], typer.Option("--plover", help="PLOVER gold-standard records (JSON Lines) to score as well")] = None,
) -> None:
    """Score the pipeline against gold claims (precision, recall, F1 per PLOVER type, dev and test parts apart):
    rules only, and with the classifier (model alone, and combined with the rules) side by side when one is committed."""
    from pipeline.assess import TextSource, evaluate_gold, evaluate_plover_gsr, pipeline_variants
    from pipeline.cli_model import comparison_table, committed_classifier, mode_figures
    from pipeline.evaluate import format_report
    from pipeline.run import build_pipeline

    settings = settings_for(None)
    summary = {}
    for mode, pipeline in pipeline_variants(build_pipeline(settings.with_options(classifier=False)), committed_classifier(settings)).items():
        result = evaluate_gold(pipeline, gold, [TextSource.parse(spec) for spec in texts or DEFAULT_TEXTS])
        for name, scores in (("dev", result.dev), ("test", result.test)):
            out.print(f"[bold]{gold} ({name} part, {mode})[/bold]")
            out.print(format_report(scores), highlight=False)
        for failure in result.failures:
            console.print(f"[yellow]not scored[/yellow] {failure.origin}: {failure.message}")
        gsr = evaluate_plover_gsr(pipeline, plover) if plover is not None else None
        if gsr is not None:
            out.print(f"[bold]{plover} ({mode})[/bold]")
            out.print(format_report(gsr), highlight=False)
        summary[mode] = mode_figures(result, gsr)
    out.print(comparison_table(summary))


@app.command()
def schema() -> None:
    """Print the JSON Schema of the claim record."""
    sys.stdout.write(json.dumps(Claim.model_json_schema(), indent=2) + "\n")


mount_registry_commands()
mount_graph_commands()
mount_feed_commands()
mount_model_commands()
mount_review_commands()


def main() -> None:
    """Entry point with logging configured (the library only logs)."""
    logging.basicConfig(level=logging.WARNING)
    app()
