"""The commands that read the stored claims: ``claims`` (list them), ``export`` (every claim record,
or the reviewed claims as gold) and ``schema`` (the claim record's JSON Schema).

Imports the shared ``pipeline.cli`` modules, and ``pipeline.cli.review`` for ``export --format gold``
(the same command as ``review export-gold``); never spaCy or Prefect.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from pipeline.cli.options import DbOption, ForceOption, check_out_path, open_db
from pipeline.cli.output import fail, out
from pipeline.cli.review import export_gold
from pipeline.records import Claim, Entity

CLAIM_COLUMNS = ("subject", "predicate", "type", "object", "stance", "time", "place", "speaker", "conf")


def entity_cell(entity: Entity) -> str:
    """Return an entity as the table shows it: canonical name, and the words as written when they differ."""
    return entity.name if entity.mention == entity.name else f"{entity.name} ({entity.mention})"


def claim_cells(claim: Claim) -> tuple[str, ...]:
    """Return one claim as the cells of a ``claims`` table row (``CLAIM_COLUMNS``)."""
    stance = claim.polarity if claim.modality == "asserted" else f"{claim.polarity}/{claim.modality}"
    return (
        entity_cell(claim.subject),
        claim.predicate.text,
        f"{claim.predicate.plover}{':' + claim.predicate.mode if claim.predicate.mode else ''} {claim.kind}",
        entity_cell(claim.object) if claim.object else "-",
        stance,
        (claim.time.start or claim.time.text) if claim.time else "-",
        claim.location.name if claim.location else "-",
        claim.attributed_to.name if claim.attributed_to else "-",
        f"{claim.confidence:.2f}",
    )


def claims_table(claims: list[Claim]) -> Table:
    """Return the claims as a rich table."""
    table = Table(show_lines=False)
    for column in CLAIM_COLUMNS:
        table.add_column(column, overflow="fold")
    for claim in claims:
        table.add_row(*claim_cells(claim))
    return table


def claims(
    db: DbOption = None,
    actor: Annotated[str | None, typer.Option(help="Entity id or name (subject or object)")] = None,
    type: Annotated[str | None, typer.Option("--type", help="PLOVER event type")] = None,
    source: Annotated[str | None, typer.Option(help="Outlet (article source)")] = None,
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


def export(
    out_path: Annotated[Path, typer.Option("--out", help="File to write")],
    format: Annotated[
        str, typer.Option("--format", help="jsonl (every claim record) or gold (reviewed claims as gold lines)")
    ] = "jsonl",
    db: DbOption = None,
    force: ForceOption = False,
) -> None:
    """Export every stored claim (JSON Lines: one claim record per line, as `claimgraph schema` describes),
    or with ``--format gold`` the reviewed claims as gold lines that `evaluate` and `train` read."""
    check_out_path(out_path, force=force)
    if format == "gold":
        export_gold(out_path, db, force=True)
        return
    if format != "jsonl":
        fail(f"unknown format {format!r}: use jsonl or gold (graph formats: export-graph)")
    count = 0
    with open_db(db) as store, out_path.open("w", encoding="utf-8") as handle:
        for claim in store.iter_claims():
            handle.write(claim.model_dump_json() + "\n")
            count += 1
    out.print(f"wrote {count} claims to {out_path}")


def schema() -> None:
    """Print the JSON Schema of the claim record."""
    sys.stdout.write(json.dumps(Claim.model_json_schema(), indent=2) + "\n")
