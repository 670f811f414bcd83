"""Registry commands of the ``claimgraph`` CLI: the actors the store could not resolve, adding an
actor to the registry, and the stored entities.

``actors_app`` is mounted as ``claimgraph actors`` and ``entities`` as ``claimgraph entities`` by
``pipeline.cli``. The registry grows only through ``ActorRegistry.add_actor`` (its additions file),
never by editing code. Imports the shared ``pipeline.cli`` modules, typer, rich, ``pipeline.records``,
``pipeline.errors`` and ``pipeline.normalize.actors``; never a command module, spaCy or Prefect.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from pipeline.cli.options import DbOption, ListFormatOption, open_db, settings_for
from pipeline.cli.output import console, fail, out
from pipeline.errors import ClaimgraphError, ConfigError
from pipeline.normalize.actors import ActorRegistry, Role
from pipeline.records import Claim, EntityType

ADDABLE_TYPES: tuple[EntityType, ...] = ("person", "state", "organization", "armed_group", "igo", "other")
# PLOVER's codes for actors that belong to no one state, as the registry uses them.
NON_STATE_COUNTRIES = frozenset({"IGO", "NGO", "IMG"})
QID = re.compile(r"Q[1-9]\d*")
UNRESOLVED_PREFIX = "x:"
FORMATS = ("table", "json")
UNRESOLVED_COLUMNS = ("id", "name", "type", "mentions", "claims", "aliases")
ENTITY_COLUMNS = ("id", "name", "type", "country", "sector", "wikidata", "aliases", "mentions")

actors_app = typer.Typer(help="Grow the actor registry: see what went unresolved, add actors.", no_args_is_help=True)


def check_format(format: str) -> None:
    """Exit with an error unless ``format`` is one the listing commands print."""
    if format not in FORMATS:
        fail(f"unknown format {format!r}: use {' or '.join(FORMATS)}")


def cell(value: Any) -> str:
    """Return a value as a table cell: lists joined by "; ", None as "-"."""
    if isinstance(value, list):
        return "; ".join(value) or "-"
    return "-" if value is None else str(value)


def print_rows(rows: list[dict[str, Any]], columns: Sequence[str], *, format: str, noun: str) -> None:
    """Print ``rows`` as a JSON array (every key) or as a table of ``columns`` with a count under it."""
    if format == "json":
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    table = Table()
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(cell(row[column]) for column in columns))
    out.print(table)
    out.print(f"{len(rows)} {noun}")


def claim_counts(claims: Iterable[Claim]) -> Counter[str]:
    """Return how many claims name each entity id (as subject, object or speaker; once per claim)."""
    counts: Counter[str] = Counter()
    for claim in claims:
        counts.update(
            {entity.id for entity in (claim.subject, claim.object, claim.attributed_to) if entity is not None}
        )
    return counts


def unresolved_rows(stored: list[dict[str, Any]], counts: Counter[str]) -> list[dict[str, Any]]:
    """Return the ``x:`` entities with their mention and claim counts, most mentioned first (then most claims, id)."""
    rows = [
        {
            "id": e["id"],
            "name": e["name"],
            "type": e["type"],
            "mentions": e["mentions"],
            "claims": counts[e["id"]],
            "aliases": e["aliases"],
        }
        for e in stored
        if e["id"].startswith(UNRESOLVED_PREFIX)
    ]
    return sorted(rows, key=lambda row: (-row["mentions"], -row["claims"], row["id"]))


@actors_app.command("unresolved")
def unresolved(
    db: DbOption = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="Show at most this many actors")] = None,
    format: ListFormatOption = "table",
) -> None:
    """List the stored actors the registry did not know (ids "x:..."), most mentioned first, with their mention texts."""  # noqa: E501  (the help text typer shows, kept on one line)
    check_format(format)
    with open_db(db) as store:
        rows = unresolved_rows(store.entities(), claim_counts(store.iter_claims()))
    print_rows(rows[:limit], UNRESOLVED_COLUMNS, format=format, noun="unresolved actors")


def entity_matches(entity: dict[str, Any], actor: str) -> bool:
    """True when ``actor`` is the entity's id or a case-insensitive part of its name or of one of its aliases."""
    wanted = actor.casefold()
    return entity["id"] == actor or any(wanted in text.casefold() for text in (entity["name"], *entity["aliases"]))


def entities(
    db: DbOption = None,
    actor: Annotated[str | None, typer.Option("--actor", help="Entity id, or part of a name or mention text")] = None,
    format: ListFormatOption = "table",
) -> None:
    """List the stored entities: id, name, type, country, sector, wikidata, aliases (mention texts) and mentions."""
    check_format(format)
    with open_db(db) as store:
        rows = [e for e in store.entities() if actor is None or entity_matches(e, actor)]
    print_rows(rows, ENTITY_COLUMNS, format=format, noun="entities")


# --- adding an actor --------------------------------------------------------------------------


def checked_type(value: str) -> EntityType:
    """Return ``value`` as an actor type; raise ``ConfigError`` for any other word."""
    for kind in ADDABLE_TYPES:
        if value == kind:
            return kind
    raise ConfigError(f"unknown actor type {value!r}: use one of {', '.join(ADDABLE_TYPES)}")


def checked_country(value: str | None, registry: ActorRegistry) -> str | None:
    """Return ``value`` as an ISO 3166 alpha-3 code the registry knows (or IGO/NGO/IMG); raise
    ``ConfigError`` otherwise."""
    if value is None:
        return None
    code = value.upper()
    entry = registry.entries.get(code)
    if code in NON_STATE_COUNTRIES or (entry is not None and entry.type == "state"):
        return code
    raise ConfigError(f"unknown country {value!r}: use an ISO 3166 alpha-3 code such as TUR, or IGO, NGO or IMG")


def checked_wikidata(value: str | None) -> str | None:
    """Return ``value`` as a Wikidata QID ("Q39259"); raise ``ConfigError`` for anything else."""
    if value is None or QID.fullmatch(value):
        return value
    raise ConfigError(f"{value!r} is not a Wikidata QID: write Q followed by digits (Q39259), or leave --wikidata out")


def role_date(value: str, spec: str) -> date | None:
    """Return one date bound of a ``--role`` (empty: unbounded); raise ``ConfigError`` when it is not ISO."""
    try:
        return date.fromisoformat(value) if value else None
    except ValueError as e:
        raise ConfigError(f"bad date {value!r} in --role {spec!r}: write YYYY-MM-DD, or leave it empty") from e


def role_holder_of(value: str, spec: str, registry: ActorRegistry) -> str:
    """Return the state code or IGO id a role is held in; raise ``ConfigError`` when the registry has neither."""
    key = value if value in registry.entries else value.upper()
    entry = registry.entries.get(key)
    if entry is None or entry.type not in ("state", "igo"):
        raise ConfigError(
            f"unknown country {value!r} in --role {spec!r}: "
            "use an ISO 3166 alpha-3 code (TUR) or an IGO id (nato, un, eu)"
        )
    return key


def parse_role(spec: str, registry: ActorRegistry) -> Role:
    """Return the role ``--role "OFFICE:COUNTRY:SECTOR:START:END"`` describes (dates ISO, either may be empty).

    The office is read like a mention ("foreign secretary" is the office "foreign minister"). Raises
    ``ConfigError`` for a malformed spec, an unknown office or country, or bad or inverted dates.
    """
    parts = [part.strip() for part in spec.split(":")]
    if not 3 <= len(parts) <= 5:
        raise ConfigError(
            f'bad --role {spec!r}: write OFFICE:COUNTRY:SECTOR:START:END, e.g. "president:TUR:GOV:2014-08-28:"'
        )
    office_text, country, sector, start_text, end_text = parts + [""] * (5 - len(parts))
    reading = registry.read(office_text)
    if reading.office is None or reading.base is not None:
        raise ConfigError(
            f"unknown office {office_text!r} in --role {spec!r}: use an office of the registry lexicon "
            "such as president, prime minister or foreign minister"
        )
    start, end = role_date(start_text, spec), role_date(end_text, spec)
    if start and end and end <= start:
        raise ConfigError(f"--role {spec!r} ends before it starts: the end date is exclusive and must follow the start")
    return Role(reading.office, role_holder_of(country, spec, registry), sector.upper(), start, end)


def load_registry(directory: Path) -> ActorRegistry:
    """Return the registry in ``directory``, exiting with an error when it cannot be loaded."""
    try:
        return ActorRegistry.load(directory)
    except ClaimgraphError as error:
        fail(error.message)


@actors_app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="The actor's canonical name")],
    type: Annotated[str, typer.Option("--type", help=", ".join(ADDABLE_TYPES))],
    country: Annotated[
        str | None, typer.Option("--country", help="ISO 3166 alpha-3 code (TUR), or IGO/NGO/IMG")
    ] = None,
    sector: Annotated[
        str | None, typer.Option("--sector", help="CAMEO/PLOVER sector code (GOV, MIL, REB, ...)")
    ] = None,
    alias: Annotated[list[str] | None, typer.Option("--alias", help="Another name it goes by (repeatable)")] = None,
    wikidata: Annotated[
        str | None, typer.Option("--wikidata", help="Wikidata QID (Q39259); leave out when unsure")
    ] = None,
    role: Annotated[
        list[str] | None,
        typer.Option("--role", help="Dated office OFFICE:COUNTRY:SECTOR:START:END, end exclusive (repeatable)"),
    ] = None,
    actor_id: Annotated[str | None, typer.Option("--id", help="Registry id (default: the name as a slug)")] = None,
    registry_dir: Annotated[
        Path | None, typer.Option("--registry", help="Registry directory (default: the bundled models/registry)")
    ] = None,
) -> None:
    """Add an actor to the registry's additions file and print its id; later runs resolve its names to it."""
    registry = load_registry(registry_dir or settings_for(None).registry_dir)
    try:
        entity = registry.add_actor(
            name,
            type=checked_type(type),
            country=checked_country(country, registry),
            sector=sector.upper() if sector else None,
            aliases=alias or [],
            wikidata=checked_wikidata(wikidata),
            roles=[parse_role(spec, registry) for spec in role or []],
            id=actor_id,
        )
    except ClaimgraphError as error:
        fail(error.message)
    typer.echo(entity.id)
    console.print(f"added to {escape(str(registry.additions_path))}")
