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
from pipeline.compare import report
from pipeline.compare.refresh import RefreshStats, refresh_graph
from pipeline.errors import ClaimgraphError
from pipeline.records import ClusterSummary
from pipeline.settings import Settings
from pipeline.store import Store, graph, lookups

if TYPE_CHECKING:
    from fastapi import FastAPI
    from sqlalchemy import Connection

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
    sectors: Annotated[bool, typer.Option(
        "--sectors/--no-sectors", help="A state stands for its government, military and other sector actors too"
    )] = True,
) -> None:
    """Compare outlets: what each says about an actor or pair (--actor), what one reports that another
    does not and where they contradict (--outlet A --outlet B), else the agreement matrix and every contradiction."""
    if len(actor or []) > 2 or len(outlet or []) not in (0, 2) or (actor and outlet):
        fail("give one or two --actor, or two --outlet, or neither")
    try:
        with open_db(db) as store:
            if refresh_first:
                refresh(store)
            report = compare_report(store, actors=actor or [], outlets=outlet or [], limit=limit, sectors=sectors)
    except ClaimgraphError as error:
        fail(str(error))
    show_report(report, format)


def compare_report(store: Store, *, actors: list[str], outlets: list[str], limit: int = 100,
                   sectors: bool = True) -> dict[str, Any]:
    """Return the report the options ask for (see ``compare``); raise ``ClaimgraphError`` for an actor or outlet
    the store does not know."""
    with store.transaction("compare outlets") as connection:
        if actors:
            return actor_comparison(connection, actors, limit=limit, sectors=sectors)
        if outlets:
            return outlet_comparison(connection, outlets, limit=limit)
        contradicted = graph.select_cluster_summaries(connection, contradicted=True, limit=limit)
        names = lookups.entity_names(connection, cluster_actor_ids(contradicted))
        return {
            "agreement": report.agreement_matrix(graph.outlet_stances(connection)),
            "contradictions": report.contradictions(contradicted, names),
        }


def cluster_actor_ids(clusters: list[ClusterSummary]) -> set[str]:
    """Return the subject and object ids of ``clusters``."""
    return {entity for c in clusters for entity in (c.subject_id, c.object_id) if entity}


def actor_comparison(connection: Connection, actors: list[str], *, limit: int, sectors: bool) -> dict[str, Any]:
    """Return what each outlet says about an actor or pair: a state with its sector actors unless ``sectors`` is
    False."""
    families = [lookups.resolve_family(connection, name, sectors=sectors) for name in actors]
    unknown = [name for name, family in zip(actors, families, strict=True) if not family]
    if unknown:
        raise ClaimgraphError(f"no actor in the store matches {unknown[0]!r}: give an entity id, name or mention "
                              "(claimgraph entities lists them)", stage="compare")
    clusters = graph.select_cluster_summaries(connection, families=families, limit=limit)
    names = lookups.entity_names(connection, cluster_actor_ids(clusters) | {i for f in families for i in f})
    return {"actors": [", ".join(names.get(i, i) for i in family) for family in families],
            **report.actor_report(clusters, names)}


def outlet_comparison(connection: Connection, outlets: list[str], *, limit: int) -> dict[str, Any]:
    """Return what one outlet reports that the other does not, and where they agree and contradict; outlet names
    are matched case-insensitively."""
    known = lookups.known_outlets(connection)
    resolved, unknown = report.resolve_outlets(outlets, known)
    if unknown:
        raise ClaimgraphError(f"unknown outlet {unknown[0]!r}: the store knows {', '.join(known) or 'none'}",
                              stage="compare")
    clusters = {c.id: c for o in resolved for c in graph.select_cluster_summaries(connection, outlet=o, limit=limit)}
    ordered = [clusters[k] for k in sorted(clusters)]
    names = lookups.entity_names(connection, cluster_actor_ids(ordered))
    return report.outlet_pair_report(ordered, resolved[0], resolved[1], names)


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
            out.print(f"{title}: {readable(value)}", highlight=False)


def readable(value: Any) -> str:
    """Return a report value as text: lists joined by "; ", an empty one as "none"."""
    if isinstance(value, list):
        return "; ".join(map(str, value)) or "none"
    return str(value)


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
            row.get("subject_name") or row["subject"],
            row["plover"],
            row.get("object_name") or row["object"] or "-",
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
        subject, target = row.get("subject_name") or row["subject"], row.get("object_name") or row["object"] or "-"
        table.add_row(f"{subject} {row['plover']} {target}", *sides)
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
    allow_open: Annotated[
        bool, typer.Option("--allow-open", help="Serve beyond this machine with no review token (anyone can review)")
    ] = False,
) -> None:
    """Serve the HTTP API (/api/entities, /api/claims, /api/clusters, /api/graph; OpenAPI at /openapi.json, Swagger UI at /docs) and the review workbench at /review."""  # noqa: E501  (the help text typer shows, kept on one line)
    import uvicorn

    from pipeline.workbench.security import check_exposure

    try:
        check_exposure(host, settings_for(db), allow_open=allow_open)
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
