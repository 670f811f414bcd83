"""The commands that read the stored claims: ``claims`` (list them), ``export`` (every claim record,
or the reviewed claims as gold) and ``schema`` (the claim record's JSON Schema).

Imports the shared ``pipeline.cli`` modules, and ``pipeline.cli.review`` for ``export --format gold``
(the same command as ``review export-gold``); never spaCy or Prefect.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Literal, TextIO

import typer
from rich.table import Table

from pipeline.cli.options import STDOUT_PATH, DbOption, ForceOption, check_out_path, open_db
from pipeline.cli.output import console, fail, out
from pipeline.cli.review import export_gold
from pipeline.records import PLOVER_TYPES, Claim, Entity

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
    type: Annotated[str | None, typer.Option("--type", help="PLOVER event type (AGREE, ASSAULT, ...)")] = None,
    source: Annotated[str | None, typer.Option(help="Outlet (article source)")] = None,
    format: Annotated[Literal["table", "jsonl"], typer.Option("--format", help="table or jsonl")] = "table",
) -> None:
    """List stored claims."""
    plover = checked_plover_type(type)
    with open_db(db) as store:
        found = store.claims(actor=actor, plover=plover, source=source)
    if format == "jsonl":
        for claim in found:
            sys.stdout.write(claim.model_dump_json() + "\n")
        return
    out.print(claims_table(found))
    out.print(f"{len(found)} claims")


def checked_plover_type(name: str | None) -> str | None:
    """Return ``name`` as a PLOVER type (any case), None for None; exit 2 naming the types when it is none."""
    if name is None or name.upper() in PLOVER_TYPES:
        return name.upper() if name else None
    fail(f"unknown PLOVER type {name!r} for --type: use one of {', '.join(PLOVER_TYPES)}")


def export(
    out_path: Annotated[Path, typer.Option("--out", help="File to write (- for standard output, jsonl only)")],
    format: Annotated[
        str, typer.Option("--format", help="jsonl (every claim record) or gold (reviewed claims as gold lines)")
    ] = "jsonl",
    db: DbOption = None,
    force: ForceOption = False,
) -> None:
    """Export every stored claim (JSON Lines: one claim record per line, as `claimgraph schema` describes),
    or with ``--format gold`` the reviewed claims as gold lines that `evaluate` and `train` read."""
    if format not in ("jsonl", "gold"):
        fail(f"unknown format {format!r}: use jsonl or gold (graph formats: export-graph)")
    if str(out_path) == STDOUT_PATH and format == "jsonl":
        with open_db(db) as store:
            count = write_claim_lines(store.iter_claims(), sys.stdout)
        console.print(f"wrote {count} claims to standard output")
        return
    check_out_path(out_path, force=force)
    if format == "gold":
        export_gold(out_path, db, force=True)
        return
    with open_db(db) as store, out_path.open("w", encoding="utf-8") as handle:
        count = write_claim_lines(store.iter_claims(), handle)
    out.print(f"wrote {count} claims to {out_path}")


def write_claim_lines(claims: Iterable[Claim], handle: TextIO) -> int:
    """Write ``claims`` to ``handle`` as JSON Lines, one claim record a line; return how many."""
    count = 0
    for claim in claims:
        handle.write(claim.model_dump_json() + "\n")
        count += 1
    return count


def schema() -> None:
    """Print the JSON Schema of the claim record."""
    sys.stdout.write(json.dumps(Claim.model_json_schema(), indent=2) + "\n")
