"""The ``claimgraph evaluate`` command: score the pipeline against gold claims, rules only and with
the committed model (the pair model by default) side by side: model only, and combined with the rules.

The scoring is ``pipeline.assess`` and ``pipeline.evaluate``; this module turns options into
arguments and prints the reports. Imports the shared ``pipeline.cli`` modules; never a command module.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from pipeline.cli.corpora import DEFAULT_GOLD, TEXTS_HELP, checked_text_sources
from pipeline.cli.options import settings_for
from pipeline.cli.output import console, out
from pipeline.settings import Settings

if TYPE_CHECKING:
    from pipeline.assess import GoldResult
    from pipeline.evaluate import GsrScores
    from pipeline.score.propose import PairScorer
    from pipeline.score.rescore import Scorer


def evaluate(
    gold: Annotated[
        Path, typer.Argument(help="Gold claims (JSON Lines), e.g. corpora/gold/claims.jsonl")
    ] = DEFAULT_GOLD,
    texts: Annotated[list[str] | None, typer.Option("--texts", help=TEXTS_HELP)] = None,
    plover: Annotated[
        Path | None, typer.Option("--plover", help="PLOVER gold-standard records (JSON Lines) to score as well")
    ] = None,
) -> None:
    """Score the pipeline against gold claims (precision, recall, F1 per PLOVER type, dev and test parts apart):
    rules only, and with the committed model (the pair model: its claims alone, and combined with the rules) side by side."""  # noqa: E501  (the help text typer shows, kept on one line)
    from pipeline.assess import evaluate_gold, evaluate_plover_gsr, pipeline_variants
    from pipeline.evaluate import format_report
    from pipeline.run import build_pipeline

    sources = checked_text_sources(gold, texts)
    settings = settings_for(None)
    summary = {}
    for mode, pipeline in pipeline_variants(
        build_pipeline(settings.with_options(classifier=False)), committed_scorer(settings)
    ).items():
        result = evaluate_gold(pipeline, gold, sources)
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


def committed_scorer(settings: Settings) -> Scorer | PairScorer | None:
    """Return the model committed at ``settings.classifier_dir`` (the pair model by default) with its policy,
    or None when there is none there."""
    from pipeline.steps import load_model_scorer

    if not (settings.classifier_dir / "manifest.json").exists():
        console.print(f"no model at {settings.classifier_dir}: scoring the rules only "
                      "(run `claimgraph train --data ../shared/data`)")
        return None
    return load_model_scorer(settings)


def mode_figures(result: GoldResult, gsr: GsrScores | None) -> dict[str, float | None]:
    """Return the headline figures of one mode: F1 and stance accuracy on dev and test, and the GSR accuracies."""
    figures = {
        "dev F1": result.dev.f1,
        "test F1": result.test.f1,
        "test P": result.test.precision,
        "test R": result.test.recall,
        "test stance": result.test.stance_accuracy,
    }
    if gsr is not None:
        figures.update({f"GSR {check}": gsr.accuracy(check) for check in ("event", "source", "target", "triple")})
    return figures


def comparison_table(results: dict[str, dict[str, float | None]]) -> Table:
    """Return the side-by-side figures of each mode (rules, model, combined) as a table."""
    columns = list(next(iter(results.values())))
    table = Table("mode", *columns)
    for mode, figures in results.items():
        table.add_row(mode, *("-" if figures[c] is None else f"{figures[c]:.3f}" for c in columns))
    return table
