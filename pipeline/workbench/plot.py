"""The geometry of the claims-over-time plot of one actor pair: stacked bars per month and type,
drawn server-side as SVG by a template (no script, no library).

Owns the plot's layout; takes the rows of ``review_queries.pair_months`` and returns plain
numbers. Imports ``pipeline.records`` and the PLOVER tables of ``pipeline.knowledge``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.knowledge.plover import plover_tables
from pipeline.records import PLOVER_TYPES

WIDTH, HEIGHT, MARGIN = 760, 260, 40
# One hue per PLOVER type, cooperative types cool and conflictual types warm (models/ontology/plover.json).
COLORS = plover_tables().colors


@dataclass(frozen=True)
class Bar:
    """One stacked piece: ``count`` claims of ``plover`` in ``month``."""

    x: float
    y: float
    width: float
    height: float
    month: str
    plover: str
    count: int
    color: str


@dataclass(frozen=True)
class Plot:
    """Everything the template draws: bars, month labels (x, text), the tallest month and the types used."""

    bars: list[Bar] = field(default_factory=list)
    labels: list[tuple[float, str]] = field(default_factory=list)
    peak: int = 0
    legend: list[tuple[str, str]] = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT
    margin: int = MARGIN


def month_plot(rows: list[dict]) -> Plot:
    """Return the plot of ``rows`` (``month``, ``plover``, ``claims``), months left to right."""
    months = sorted({row["month"] for row in rows})
    if not months:
        return Plot()
    totals = {month: sum(row["claims"] for row in rows if row["month"] == month) for month in months}
    peak = max(totals.values())
    step = (WIDTH - 2 * MARGIN) / len(months)
    scale = (HEIGHT - 2 * MARGIN) / peak
    bars, stacked = [], dict.fromkeys(months, 0)
    for row in sorted(rows, key=lambda r: (r["month"], PLOVER_TYPES.index(r["plover"]))):
        height = row["claims"] * scale
        stacked[row["month"]] += height
        x = MARGIN + months.index(row["month"]) * step + step * 0.1
        y = HEIGHT - MARGIN - stacked[row["month"]]
        bars.append(Bar(x, y, step * 0.8, height, row["month"], row["plover"], row["claims"], COLORS[row["plover"]]))
    labels = [(MARGIN + i * step + step / 2, month) for i, month in enumerate(months)]
    used = [plover for plover in PLOVER_TYPES if any(row["plover"] == plover for row in rows)]
    return Plot(bars=bars, labels=labels, peak=peak, legend=[(plover, COLORS[plover]) for plover in used])
