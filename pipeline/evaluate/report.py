"""The plain-text tables of claim scores and GSR scores: ``format_report`` (what ``claimgraph
evaluate`` and ``benchmarks/extraction.py`` print).
"""

from __future__ import annotations

from pipeline.evaluate.claims import Scores
from pipeline.evaluate.counts import Counts
from pipeline.evaluate.gsr import GsrCounts, GsrScores


def format_report(scores: Scores | GsrScores) -> str:
    """Return a plain-text table of ``scores``: per type and overall (P/R/F1, or the four GSR accuracies)."""
    if isinstance(scores, GsrScores):
        return format_gsr_report(scores)
    header = f"{'type':<10} {'gold':>5} {'pred':>5} {'tp':>5} {'fp':>5} {'fn':>5} {'P':>6} {'R':>6} {'F1':>6}"
    rows = [header, "-" * len(header)]
    rows += [counts_row(name, counts) for name, counts in scores.per_type.items()]
    rows += ["-" * len(header), counts_row("overall", scores)]
    stance = "n/a" if scores.stance_accuracy is None else f"{scores.stance_accuracy:.3f}"
    rows.append(f"stance accuracy (polarity and modality, over {scores.tp} matched): {stance}")
    return "\n".join(rows)


def counts_row(name: str, counts: Counts) -> str:
    """Return one row of the claim table."""
    return (
        f"{name:<10} {counts.tp + counts.fn:>5} {counts.tp + counts.fp:>5} {counts.tp:>5} {counts.fp:>5} "
        f"{counts.fn:>5} {counts.precision:>6.3f} {counts.recall:>6.3f} {counts.f1:>6.3f}"
    )


def format_gsr_report(scores: GsrScores) -> str:
    """Return the GSR table: per gold type and overall, the four accuracies, then what was left out."""
    header = f"{'type':<10} {'n':>5} {'event':>7} {'source':>7} {'target':>7} {'triple':>7}"
    rows = [header, "-" * len(header)]
    rows += [gsr_row(name, counts) for name, counts in scores.per_type.items()]
    rows += ["-" * len(header), gsr_row("overall", scores)]
    left_out = ", ".join(f"{t} {n}" for t, n in sorted(scores.excluded.items())) or "none"
    rows.append(f"left out (type not in PLOVER v0.8): {left_out}")
    return "\n".join(rows)


def gsr_row(name: str, counts: GsrCounts) -> str:
    """Return one row of the GSR table; "-" where a check applies to no sentence."""
    cells = [counts.accuracy(check) for check in ("event", "source", "target", "triple")]
    shown = " ".join(f"{'-' if c is None else f'{c:.3f}':>7}" for c in cells)
    return f"{name:<10} {counts.sentences:>5} {shown}"
