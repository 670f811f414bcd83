"""Graph commands of the ``claimgraph`` CLI: ``cluster`` (refresh clusters and the change log),
``compare`` (by actor or pair, by outlet pair, agreement matrix), ``export-graph`` (GraphML, JSON Lines
graph, Neo4j, RDF, PLOVER; ``--since`` for what changed) and ``serve`` (the HTTP API and the review
workbench under uvicorn).

Imports the shared ``pipeline.cli`` modules, typer, rich, compare, export and the store; never a
command module, spaCy or Prefect.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from pipeline.cli.options import DbOption, ForceOption, check_out_path, open_db, settings_for
from pipeline.cli.output import console, fail, out
from pipeline.compare.refresh import RefreshStats, refresh_graph
from pipeline.errors import ClaimgraphError
from pipeline.settings import Settings
from pipeline.store import Store, graph

if TYPE_CHECKING:
    from fastapi import FastAPI

RefreshOption = Annotated[
    bool, typer.Option("--refresh/--no-refresh", help="Bring clusters and the change log up to date first")
]
NoParaphrase = Annotated[
    bool, typer.Option("--no-paraphrase", help="Merge clusters by type only (no sentence encoder)")
]


class CompareFormat(StrEnum):
    table = "table"
    json = "json"


class GraphFormat(StrEnum):
    graphml = "graphml"
    jsonl_graph = "jsonl-graph"
    neo4j = "neo4j"
    rdf = "rdf"
    plover = "plover"


def refresh(store: Store, *, paraphrase: bool = True) -> RefreshStats:
    """Refresh clusters and the change log of ``store``, loading the sentence encoder only if needed."""
    from pipeline.compare.embed import load_sentence_encoder

    return refresh_graph(store, encoder=load_sentence_encoder if paraphrase else None)


def cluster(db: DbOption = None, no_paraphrase: NoParaphrase = False) -> None:
    """Recompute the claim clusters and the graph change log for what changed since last time."""
    try:
        with open_db(db) as store:
            stats = refresh(store, paraphrase=not no_paraphrase)
    except ClaimgraphError as error:
        fail(str(error))
    out.print(
        f"changed: {stats.entities} entities, {stats.claims} claims, {stats.clusters} clusters; "
        f"{stats.deleted} removed; cursor {stats.cursor}"
    )


def compare(
    db: DbOption = None,
    actor: Annotated[
        list[str] | None, typer.Option("--actor", help="Actor id, name or mention; twice for a pair")
    ] = None,
    outlet: Annotated[list[str] | None, typer.Option("--outlet", help="Outlet; twice to compare two outlets")] = None,
    format: Annotated[CompareFormat, typer.Option("--format")] = CompareFormat.table,
    limit: Annotated[
        int, typer.Option("--limit", min=1, max=100_000, help="At most this many clusters per query")
    ] = 100,
    refresh_first: RefreshOption = True,
) -> None:
    """Compare outlets: what each says about an actor or pair (--actor), what one reports that another
    does not and where they contradict (--outlet A --outlet B), else the agreement matrix and every contradiction."""
    if len(actor or []) > 2 or len(outlet or []) not in (0, 2) or (actor and outlet):
        fail("give one or two --actor, or two --outlet, or neither")
    try:
        with open_db(db) as store:
            if refresh_first:
                refresh(store)
            report = compare_report(store, actors=actor or [], outlets=outlet or [], limit=limit)
    except ClaimgraphError as error:
        fail(str(error))
    show_report(report, format)


def compare_report(store: Store, *, actors: list[str], outlets: list[str], limit: int = 100) -> dict[str, Any]:
    """Return the report the options ask for (see ``compare``)."""
    from pipeline.compare import report

    with store.transaction("compare outlets") as connection:
        if actors:
            ids = [graph.resolve_actor(connection, name) for name in actors]
            unknown = [name for name, found in zip(actors, ids, strict=True) if found is None]
            if unknown:
                return {"actors": actors, "unknown": unknown, "clusters": [], "by_outlet": {}, "contradictions": []}
            known = [found for found in ids if found is not None]
            return {
                "actors": known,
                **report.actor_report(graph.select_cluster_summaries(connection, actors=known, limit=limit)),
            }
        if outlets:
            clusters = {
                c.id: c for o in outlets for c in graph.select_cluster_summaries(connection, outlet=o, limit=limit)
            }
            return report.outlet_pair_report([clusters[k] for k in sorted(clusters)], outlets[0], outlets[1])
        contradicted = graph.select_cluster_summaries(connection, contradicted=True, limit=limit)
        return {
            "agreement": report.agreement_matrix(graph.outlet_stances(connection)),
            "contradictions": report.contradictions(contradicted),
        }


def show_report(report: dict[str, Any], format: CompareFormat) -> None:
    """Print a report as JSON, or as rich tables (cluster lists, the matrix, contradictions with both sentences)."""
    if format is CompareFormat.json:
        sys.stdout.write(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
        return
    for title, value in report.items():
        if title == "agreement":
            out.print(matrix_table(value))
        elif title in ("contradictions", "contradict"):
            out.print(contradictions_table(value, title))
        elif title == "by_outlet":
            for outlet, rows in value.items():
                out.print(clusters_table(rows, f"{outlet} says"))
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            out.print(clusters_table(value, title))
        elif title != "clusters":
            out.print(f"{title}: {value}", highlight=False)


def clusters_table(rows: list[dict[str, Any]], title: str) -> Table:
    """Return cluster summaries as a table."""
    table = Table(title=title)
    for column in ("subject", "type", "object", "time", "stance", "asserted by", "contradicted by"):
        table.add_column(column, overflow="fold")
    for row in rows:
        time = (
            row["time_start"] or "-"
            if row["time_start"] == row["time_end"] or not row["time_end"]
            else f"{row['time_start']}..{row['time_end']}"
        )
        table.add_row(
            row["subject"],
            row["plover"],
            row["object"] or "-",
            time,
            row.get("stance", "-"),
            ", ".join(row["asserted_by"]),
            ", ".join(row["contradicted_by"]),
        )
    return table


def contradictions_table(rows: list[dict[str, Any]], title: str) -> Table:
    """Return contradictions with the asserting and contradicting sentences and their outlets."""
    table = Table(title=title, show_lines=True)
    for column in ("claim", "asserting", "contradicting"):
        table.add_column(column, overflow="fold")
    for row in rows:
        sides = [
            " / ".join(f"{', '.join(e['outlets'])}: {e['sentence']}" for e in row.get(side, []))
            for side in ("asserting", "contradicting")
        ]
        table.add_row(f"{row['subject']} {row['plover']} {row['object'] or '-'}", *sides)
    return table


def matrix_table(matrix: dict[str, dict[str, dict[str, Any]]]) -> Table:
    """Return the agreement matrix: agreement (agree/disagree) for every pair of outlets."""
    outlets = sorted(matrix)
    table = Table(title="agreement (agree/disagree)")
    table.add_column("outlet")
    for outlet in outlets:
        table.add_column(outlet)
    for first in outlets:
        cells = [matrix[first][second] if second != first else None for second in outlets]
        table.add_row(
            first,
            *(
                "-"
                if c is None
                else f"{c['agreement'] if c['agreement'] is not None else 'n/a'} ({c['agree']}/{c['disagree']})"
                for c in cells
            ),
        )
    return table


def export_graph(
    out_path: Annotated[Path, typer.Option("--out", help="File to write (a directory for neo4j)")],
    format: Annotated[GraphFormat, typer.Option("--format")] = GraphFormat.jsonl_graph,
    since: Annotated[
        int, typer.Option("--since", min=0, help="Only what changed after this cursor (0: everything live)")
    ] = 0,
    db: DbOption = None,
    refresh_first: RefreshOption = True,
    force: ForceOption = False,
) -> None:
    """Export the graph (entities; clusters and claims as edges) in the contract of docs/graph-contract.md; prints the next cursor."""  # noqa: E501  (the help text typer shows, kept on one line)
    check_out_path(out_path, force=force)
    from pipeline.export.writers import WRITERS
    from pipeline.store.feed import read_feed

    try:
        with open_db(db) as store:
            if refresh_first:
                refresh(store)
            feed = read_feed(store, since)
    except ClaimgraphError as error:
        fail(str(error))
    written = WRITERS[format.value](feed, out_path)
    out.print(f"wrote {written.summary()} to {', '.join(map(str, written.paths))}")
    console.print(f"cursor {feed.cursor}: pass --since {feed.cursor} next time")


def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option("--host")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535)] = 8000,
    refresh_first: RefreshOption = True,
) -> None:
    """Serve the HTTP API (/api/entities, /api/claims, /api/clusters, /api/graph; OpenAPI at /openapi.json) and the review workbench at /review."""  # noqa: E501  (the help text typer shows, kept on one line)
    import uvicorn

    try:
        store = open_db(db)
        if refresh_first:
            refresh(store)
    except ClaimgraphError as error:
        fail(str(error))
    with store:
        uvicorn.run(service_app(store, settings_for(db)), host=host, port=port)


def service_app(store: Store, settings: Settings) -> FastAPI:
    """Return what ``serve`` serves: the API over ``store`` with the review workbench mounted beside it."""
    from pipeline.web.app import WORKBENCH_PATH, create_app
    from pipeline.workbench import create_workbench_app

    app = create_app(store)
    # The API and the workbench are separate packages that never import each other: joined here, at the edge.
    app.mount(WORKBENCH_PATH, create_workbench_app(store, settings))
    return app
