"""The project's own mappings of external label sets onto PLOVER, read from data files.

The tables are data (``models/ontology/aida_to_plover.json``, ``kairos_to_plover.json``,
``cameo_quad_to_plover.json``, ``stance_to_plover.json``; each file's ``doc`` says how to read it);
this module owns their typed loaders and lookups. It imports only the standard library and the
leaves ``pipeline.errors``, ``pipeline.ontology`` and ``pipeline.knowledge``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, cast, get_args

from pipeline.errors import ModelError
from pipeline.evalsets.records import Direction, Polarity, Role
from pipeline.knowledge import data_path
from pipeline.ontology import MODES, PLOVER_TYPES

AIDA_MAPPING = "aida_to_plover.json"
KAIROS_MAPPING = "kairos_to_plover.json"
QUAD_MAPPING = "cameo_quad_to_plover.json"
STANCE_MAPPING = "stance_to_plover.json"


def mapping_path(name: str) -> Path:
    """Return the path of a shipped mapping file (``mapping_path(AIDA_MAPPING)``)."""
    return data_path("ontology", name)


@dataclass(frozen=True)
class TypeRule:
    """How one upstream event type maps: its PLOVER type and mode (None: unmapped), role overrides,
    the roles one of which must be filled for the event to map, and whether the two sides are reciprocal."""

    plover: str | None
    mode: str | None = None
    roles: Mapping[str, Role | None] = field(default_factory=dict)
    requires: tuple[str, ...] = ()
    reciprocal: bool = False


@dataclass(frozen=True)
class EventMapping:
    """An event ontology (AIDA, KAIROS) mapped onto PLOVER: type rules and the default role table."""

    name: str
    version: str
    roles: Mapping[str, Role | None]
    types: Mapping[str, TypeRule]

    def rule_for(self, event_type: str) -> TypeRule | None:
        """Return the rule of the most specific key naming ``event_type`` (a.b.c, then a.b, then a), or None."""
        parts = event_type.split(".")
        for length in range(len(parts), 0, -1):
            rule = self.types.get(".".join(parts[:length]))
            if rule is not None:
                return rule
        return None

    def role_of(self, event_type: str, role: str, ordinal: int | None = None) -> Role | None:
        """Return the side (source, target, location) an argument role plays in ``event_type``, or None.

        The type's own roles come first, then the defaults; in each, ``role#ordinal`` before ``role``.
        """
        rule = self.rule_for(event_type)
        name = role.lower()
        keys = ([f"{name}#{ordinal}"] if ordinal is not None else []) + [name]
        for table in (rule.roles if rule else {}, self.roles):
            for key in keys:
                if key in table:
                    return table[key]
        return None

    def image(self) -> frozenset[str]:
        """Return the PLOVER types some rule maps onto."""
        return frozenset(rule.plover for rule in self.types.values() if rule.plover is not None)

    def unmapped_types(self) -> list[str]:
        """Return the type keys that map to no PLOVER type, sorted."""
        return sorted(key for key, rule in self.types.items() if rule.plover is None)


def direction_of(rule: TypeRule | None) -> Direction | None:
    """Return "reciprocal" for a reciprocal type, "forward" for another mapped type, None for an unmapped one."""
    if rule is None or rule.plover is None:
        return None
    return "reciprocal" if rule.reciprocal else "forward"


@dataclass(frozen=True)
class StanceLabel:
    """One directed-stance label: its PLOVER type, direction and polarity (all None for "none")."""

    plover: str | None
    direction: Direction | None
    polarity: Polarity | None
    name: str


@dataclass(frozen=True)
class StanceMapping:
    """Directed-stance labels onto PLOVER, and the table reading a claim's PLOVER type as a stance."""

    labels: Mapping[str, StanceLabel]
    polarity_of_plover: Mapping[str, Polarity]

    def label_for(self, direction: Direction | None, polarity: Polarity | None) -> str:
        """Return the label of a predicted direction and polarity ("0" when either is None)."""
        for label, meaning in self.labels.items():
            if meaning.direction == direction and meaning.polarity == polarity:
                return label
        return self.none_label

    @property
    def none_label(self) -> str:
        """The label that means no stance."""
        return next(label for label, meaning in self.labels.items() if meaning.polarity is None)


def read_json(path: Path) -> dict[str, Any]:
    """Return the JSON object of a mapping file; raise ``ModelError`` when it is missing or not an object."""
    try:
        value = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise ModelError(
            f"mapping file {path} cannot be read ({e}); restore it from the repository",
            origin=str(path),
            stage="evalsets",
        ) from e
    if not isinstance(value, dict):
        raise ModelError("a mapping file must hold a JSON object", origin=str(path), stage="evalsets")
    return value


def load_event_mapping(path: Path) -> EventMapping:
    """Return the event mapping of an AIDA or KAIROS file; raise ``ModelError`` for an unknown type, mode or role."""
    raw = read_json(path)
    roles = check_roles(raw.get("roles", {}), path)
    types = {key: type_rule(key, value, path) for key, value in raw.get("types", {}).items()}
    return EventMapping(
        name=str(raw.get("name", "")),
        version=str(raw.get("version", "")),
        roles=MappingProxyType(roles),
        types=MappingProxyType(types),
    )


def type_rule(key: str, value: dict[str, Any], path: Path) -> TypeRule:
    """Return the rule of one type entry, checked against the PLOVER tables."""
    plover, mode = value.get("plover"), value.get("mode")
    if plover is not None and plover not in PLOVER_TYPES:
        raise _error(path, f"{key}: unknown PLOVER type {plover!r}")
    if mode is not None and (plover is None or mode not in MODES[plover]):
        raise _error(path, f"{key}: mode {mode!r} is not a mode of {plover}")
    return TypeRule(
        plover=plover,
        mode=mode,
        roles=MappingProxyType(check_roles(value.get("roles", {}), path)),
        requires=tuple(r.lower() for r in value.get("requires", ())),
        reciprocal=bool(value.get("reciprocal", False)),
    )


def check_roles(roles: dict[str, Any], path: Path) -> dict[str, Role | None]:
    """Return the role table with lower-cased names; raise ``ModelError`` for a side that is not a ``Role``."""
    sides = get_args(Role)
    for role, side in roles.items():
        if side is not None and side not in sides:
            raise _error(path, f"role {role!r}: side {side!r} is not one of {list(sides)} or null")
    return {role.lower(): cast("Role | None", side) for role, side in roles.items()}


def load_quad_mapping(path: Path) -> Mapping[str, int | None]:
    """Return {cameo_class label: QuadClass 1-4 or None}; raise ``ModelError`` for a quad outside 1-4."""
    labels = read_json(path).get("labels", {})
    quads = {str(label): value.get("quad") for label, value in labels.items()}
    bad = {label: q for label, q in quads.items() if q is not None and q not in (1, 2, 3, 4)}
    if bad:
        raise _error(path, f"quad classes must be 1-4 or null, found {bad}")
    return MappingProxyType(quads)


def load_stance_mapping(path: Path) -> StanceMapping:
    """Return the directed-stance mapping; raise ``ModelError`` for an unknown type, direction or polarity."""
    raw = read_json(path)
    labels = {str(label): stance_label(str(label), value, path) for label, value in raw.get("labels", {}).items()}
    table: dict[str, Polarity] = {}
    for polarity, types in raw.get("polarity_of_plover", {}).items():
        if polarity not in get_args(Polarity) or set(types) - set(PLOVER_TYPES):
            raise _error(path, f"polarity_of_plover: {polarity!r} -> {types} names an unknown polarity or type")
        table.update({plover: cast(Polarity, polarity) for plover in types})
    return StanceMapping(labels=MappingProxyType(labels), polarity_of_plover=MappingProxyType(table))


def stance_label(label: str, value: dict[str, Any], path: Path) -> StanceLabel:
    """Return one checked stance label."""
    plover, direction, polarity = value.get("plover"), value.get("direction"), value.get("polarity")
    if plover is not None and plover not in PLOVER_TYPES:
        raise _error(path, f"label {label}: unknown PLOVER type {plover!r}")
    if direction not in (None, *get_args(Direction)) or polarity not in (None, *get_args(Polarity)):
        raise _error(path, f"label {label}: direction {direction!r} or polarity {polarity!r} unknown")
    return StanceLabel(plover=plover, direction=direction, polarity=polarity, name=str(value.get("name", "")))


def _error(path: Path, message: str) -> ModelError:
    return ModelError(f"{Path(path).name}: {message}; fix the mapping file", origin=str(path), stage="evalsets")
