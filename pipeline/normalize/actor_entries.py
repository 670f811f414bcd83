"""The records of the actor registry's data and their JSON files.

Owns ``Role`` (an office held between two dates) and ``ActorEntry`` (a state, an IGO or an actor
with its aliases and roles), reading them from the registry JSON and writing the user's additions
file atomically. Imports the standard library, ``pipeline.records`` and ``pipeline.errors``; never
spaCy or another stage.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pipeline.errors import ModelError
from pipeline.records import EntityType


def parse_date(value: str | None) -> date | None:
    """Return the ISO date ``value`` as a date, or None when it is empty."""
    return date.fromisoformat(value) if value else None


@dataclass(frozen=True)
class Role:
    """An office of ``of`` (a state code or an IGO id) held from ``start`` (inclusive) to ``end`` (exclusive)."""

    office: str
    of: str
    sector: str
    start: date | None = None
    end: date | None = None

    def active(self, on: date) -> bool:
        """True when the role is held on ``on``."""
        return (self.start is None or self.start <= on) and (self.end is None or on < self.end)

    def to_json(self) -> dict[str, Any]:
        """Return the role as its registry JSON."""
        return {"office": self.office, "of": self.of, "sector": self.sector,
                "start": self.start.isoformat() if self.start else None,
                "end": self.end.isoformat() if self.end else None}


HAND_SOURCE = "claimgraph"


@dataclass(frozen=True)
class ActorEntry:
    """One registry record: a state, an IGO or an actor, with its aliases and dated roles."""

    id: str
    name: str
    type: EntityType
    country: str | None
    sector: str | None = None
    wikidata: str | None = None
    aliases: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    # Where the entry comes from: "claimgraph" (hand-written), else the converted source ("phoenix:...").
    source: str = HAND_SOURCE

    def role_on(self, on: date | None) -> Role | None:
        """Return the role held on ``on`` (the latest begun if several), or the latest role when ``on`` is None."""
        roles = [r for r in self.roles if on is None or r.active(on)]
        return max(roles, key=lambda r: r.start or date.min, default=None)

    def to_json(self) -> dict[str, Any]:
        """Return the entry as its registry JSON row."""
        row = {**asdict(self), "aliases": list(self.aliases), "roles": [r.to_json() for r in self.roles]}
        if self.source == HAND_SOURCE:
            del row["source"]
        return row


def read_registry_json(path: Path) -> dict[str, Any]:
    """Return the JSON document at ``path``; raise ``ModelError`` when it cannot be read or parsed."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise ModelError(f"cannot read registry file {path}: {e}; restore it from git or fix the JSON",
                         origin=str(path), stage="normalize") from e


def write_json_atomic(path: Path, doc: dict[str, Any]) -> None:
    """Write ``doc`` to ``path`` through a temporary file, so a failed write leaves the old file whole."""
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=".additions-", suffix=".json")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(json.dumps(doc, ensure_ascii=False, indent=1) + "\n")
    os.replace(tmp, path)


def entry_of(row: dict[str, Any]) -> ActorEntry:
    """Return the registry entry a JSON row of kind igos or actors describes."""
    roles = tuple(Role(r["office"], r["of"], r["sector"], parse_date(r.get("start")), parse_date(r.get("end")))
                  for r in row.get("roles", []))
    return ActorEntry(id=row["id"], name=row["name"], type=row["type"], country=row.get("country"),
                      sector=row.get("sector"),
                      wikidata=row.get("wikidata"), aliases=tuple(row.get("aliases", [])), roles=roles,
                      source=row.get("source") or HAND_SOURCE)
