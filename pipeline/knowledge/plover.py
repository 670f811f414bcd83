"""The PLOVER v0.8 and CAMEO tables of ``models/ontology/plover.json``: quad classes, modes and
contexts per type, the old-to-v0.8 names, the CAMEO map, the type groups, what a frame recodes a
type to, CAMEO's country-code spellings, and a plot colour per type. ``pipeline.ontology`` exposes them
(``pipeline.evaluate`` reads the country codes, ``pipeline.workbench.plot`` the colours).

The one list of PLOVER types is the ``PloverType`` Literal of ``pipeline.records``
(``PLOVER_TYPES``): the loader checks that every per-type table covers exactly those types, so a
type added in one place and not the other fails on load. A leaf: imports the standard library,
``pipeline.knowledge``, ``pipeline.records`` and ``pipeline.errors`` only.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Any

from pipeline.errors import ModelError
from pipeline.knowledge import data_path
from pipeline.records import PLOVER_TYPES

PLOVER_FILE = data_path("ontology", "plover.json")

# A CAMEO code and a PLOVER mode a frame gives a type (mode None: the type takes none).
Recode = tuple[str, str | None]


@dataclass(frozen=True)
class FrameCodes:
    """What each frame turns a type into (``pipeline.ontology.reframe``)."""

    agree: Mapping[str, str]
    reject: Mapping[str, Recode]
    reject_default: Recode
    request: Mapping[str, Recode]
    request_default: Recode
    threat: Mapping[str, Recode]
    threat_default: Recode
    threat_by_coerce_mode: Mapping[str, Recode]
    threat_by_sanction_mode: Mapping[str, Recode]


@dataclass(frozen=True)
class PloverTables:
    """The tables of ``plover.json``, read-only."""

    quad: Mapping[str, int]
    modes: Mapping[str, frozenset[str]]
    contexts: frozenset[str]
    old_types: Mapping[str, str]
    cameo_roots: Mapping[str, str | None]
    cameo_exceptions: Mapping[str, str]
    cooperative: frozenset[str]
    material_conflict: frozenset[str]
    reciprocal: frozenset[str]
    frames: FrameCodes
    cameo_country_codes: Mapping[str, str]
    colors: Mapping[str, str]


@cache
def plover_tables() -> PloverTables:
    """Return the tables of ``models/ontology/plover.json`` (read once).

    Raises ``ModelError`` when the file is missing, malformed, or its per-type tables do not cover
    exactly ``PLOVER_TYPES``.
    """
    try:
        doc = json.loads(PLOVER_FILE.read_text(encoding="utf-8"))
        tables = _tables_of(doc)
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise _data_error("cannot be read as the PLOVER tables") from error
    for name, table in (("quad", tables.quad), ("modes", tables.modes), ("colors", tables.colors)):
        if tuple(table) != PLOVER_TYPES:
            raise _data_error(f"{name} must list exactly the PLOVER types of pipeline.records, in order")
    return tables


def _tables_of(doc: dict[str, Any]) -> PloverTables:
    groups = doc["groups"]
    return PloverTables(
        quad=_frozen({name: int(quad) for name, quad in doc["quad"].items()}),
        modes=_frozen({name: frozenset(modes) for name, modes in doc["modes"].items()}),
        contexts=frozenset(doc["contexts"]),
        old_types=_frozen(doc["old_types"]),
        cameo_roots=_frozen(doc["cameo_roots"]),
        cameo_exceptions=_frozen(doc["cameo_exceptions"]),
        cooperative=frozenset(groups["cooperative"]),
        material_conflict=frozenset(groups["material_conflict"]),
        reciprocal=frozenset(groups["reciprocal"]),
        frames=_frame_codes(doc["frames"]),
        cameo_country_codes=_frozen(doc["cameo_country_codes"]),
        colors=_frozen(doc["colors"]),
    )


def _frame_codes(frames: dict[str, Any]) -> FrameCodes:
    def recodes(name: str) -> Mapping[str, Recode]:
        return _frozen({key: _recode(value) for key, value in frames[name].items()})

    return FrameCodes(
        agree=_frozen(frames["agree"]),
        reject=recodes("reject"), reject_default=_recode(frames["reject_default"]),
        request=recodes("request"), request_default=_recode(frames["request_default"]),
        threat=recodes("threat"), threat_default=_recode(frames["threat_default"]),
        threat_by_coerce_mode=recodes("threat_by_coerce_mode"),
        threat_by_sanction_mode=recodes("threat_by_sanction_mode"),
    )


def _recode(value: list[str | None]) -> Recode:
    cameo, mode = value
    if not isinstance(cameo, str):
        raise TypeError(f"a frame's CAMEO code must be a string, not {cameo!r}")
    return cameo, mode


def _frozen(table: dict[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(table))


def _data_error(problem: str) -> ModelError:
    return ModelError(f"{PLOVER_FILE} {problem}: restore it from the repository", origin=str(PLOVER_FILE),
                      stage="knowledge")
