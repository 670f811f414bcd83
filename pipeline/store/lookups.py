"""Lookups a comparison makes before it reads clusters: what an actor stands for (a state and its
sector entities), which outlets the store knows, and the names of entities to print.

Imports the store's own modules only; SQLAlchemy expressions only.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, func, select

from pipeline.store.graph import chunks, resolve_actor
from pipeline.store.models import ArticleRow, EntityRow, SightingRow


def actor_family(connection: Connection, entity_id: str) -> list[str]:
    """Return ``entity_id`` and, for a state, its sector entities (``RUS``: ``RUS``, ``RUS:GOV``, ``RUS:MIL``...),
    sorted: what "Russia" stands for in a comparison."""
    row = connection.execute(select(EntityRow.type).where(EntityRow.id == entity_id)).first()
    if row is None or row.type != "state" or ":" in entity_id:
        return [entity_id]
    return sorted({entity_id, *state_sectors(connection, entity_id)})


def known_outlets(connection: Connection) -> list[str]:
    """Return every outlet the store knows: article sources and sighting outlets, sorted."""
    sources = select(ArticleRow.source).where(ArticleRow.source.is_not(None)).distinct()
    sighted = select(SightingRow.outlet).distinct()
    return sorted({*connection.scalars(sources), *connection.scalars(sighted)})


def entity_names(connection: Connection, entity_ids: Iterable[str]) -> dict[str, str]:
    """Return the names of the stored entities among ``entity_ids``, by id."""
    ids = sorted(set(entity_ids))
    found: dict[str, str] = {}
    for part in chunks(ids):
        found.update({row.id: row.name for row in connection.execute(
            select(EntityRow.id, EntityRow.name).where(EntityRow.id.in_(part)))})
    return found


def state_sectors(connection: Connection, name: str) -> list[str]:
    """Return the sector entities of the state ``name`` names (by code, ``RUS``, or by name, "Russia": the
    entities ``RUS:GOV`` "Russia (government)", ``RUS:MIL``...), sorted; empty when none is stored."""
    lowered = name.lower()
    by_code = func.lower(func.substr(EntityRow.id, 1, len(name) + 1)) == lowered + ":"
    by_name = func.lower(func.substr(EntityRow.name, 1, len(name) + 2)) == lowered + " ("
    statement = select(EntityRow.id).where(EntityRow.id.contains(":"), by_code | by_name)
    return sorted(connection.scalars(statement))


def resolve_family(connection: Connection, name: str, *, sectors: bool = True) -> list[str]:
    """Return the entity ids an actor ``name`` stands for in a comparison: the entity it names (``resolve_actor``)
    and, with ``sectors``, a state's sector entities, even when the state itself is not stored; empty when the
    store has none of them."""
    found = resolve_actor(connection, name)
    if not sectors:
        return [found] if found else []
    if found is not None:
        return actor_family(connection, found)
    return state_sectors(connection, name)
