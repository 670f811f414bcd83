"""The actor registry: what a mention names, as of the article's publication date.

Owns ``ActorRegistry``: resolving a mention to an ``Entity``, answering who held an office on a
date, and adding actors to the user's ``additions.json``. It stands on two layers: ``actor_index``
(``ActorIndex``: loading every ``*.json`` of ``models/registry`` by its ``kind`` and indexing it)
and ``actor_reading`` (``MentionReader``: what the words of a mention name). The registry's
records and files are ``actor_entries``, the words of a mention ``actor_names``. Imports the
standard library, those siblings, ``pipeline.knowledge``, ``pipeline.records``, ``pipeline.ids``
and ``pipeline.errors``; never another stage, never spaCy.

Entity ids, one convention:

- a state is its ISO 3166 alpha-3 code (``TUR``); a state acting through one sector is
  ``<code>:<SECTOR>`` ("the Turkish air force" and "Turkish troops" are ``TUR:MIL``, "the Kremlin"
  and "Erdogan's government" are ``RUS:GOV``/``TUR:GOV``); ``country`` is the code either way;
- an IGO is its registry id (``nato``, country ``IGO``), with a sector the same way (``nato:MIL``);
- a registry actor (person, armed group, organization) is its registry id (``recep_tayyip_erdogan``),
  with country and sector taken from the role it held on the date;
- a place named as an actor is ``loc:<slug>``; anything unknown is ``x:<slug>`` of its cleaned name.

Resolution: exact aliases (case-, diacritic- and "al-"-insensitive; all-capital acronyms such as
"US", "WHO" or "IS" only in capitals), then phrase analysis (possessives, "X of/in Y", titles,
office words resolved to the office holder, sector words), then fuzzy matching of unknown
capitalised words (``rapidfuzz.fuzz.ratio`` >= ``FUZZY_TOKEN_CUTOFF`` for single words of six or
more letters, ``token_sort_ratio`` >= ``FUZZY_NAME_CUTOFF`` for whole names).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, get_args

from pipeline.errors import ConfigError
from pipeline.ids import content_id, slugify
from pipeline.knowledge.labels import HOMELAND_LABELS
from pipeline.knowledge.text import fold
from pipeline.normalize.actor_entries import HAND_SOURCE, ActorEntry, Role, read_registry_json, write_json_atomic
from pipeline.normalize.actor_index import ADDITIONS_FILE
from pipeline.normalize.actor_names import Reading, Target, name_part
from pipeline.normalize.actor_reading import LABEL_TYPES, MentionReader
from pipeline.records import Entity, EntityType

__all__ = ["ADDITIONS_FILE", "ActorRegistry", "Role"]

ENTITY_TYPES: tuple[str, ...] = get_args(EntityType)


# How many resolved names the registry keeps before it starts over (a few MB).
RESOLVED_KEPT = 50_000

class ActorRegistry(MentionReader):
    """States, IGOs and actors with their aliases and dated roles; resolves mentions to ``Entity`` records."""

    # --- building entities ---------------------------------------------------------------------

    def _entity(self, entry: ActorEntry, mention: str, on: date | None, sector: str | None = None) -> Entity:
        # Without a date an organization is what it is by default; a person is best known by the latest office.
        role = entry.role_on(on) if on is not None or entry.type == "person" else None
        holder = self.entries.get(role.of) if role else None
        country = entry.country if role is None else holder.country if holder else role.of
        return Entity(id=entry.id if sector is None else f"{entry.id}:{sector}", name=entry.name, mention=mention,
                      type=entry.type, country=country, sector=sector or (role.sector if role else entry.sector),
                      wikidata=entry.wikidata if sector is None else None)

    def _state_entity(self, code: str, mention: str, sector: str | None) -> Entity:
        entry = self.entries[code]
        if sector is None:
            return self._entity(entry, mention, None)
        name = f"{entry.name} ({self._lexicon['sector_names'].get(sector, sector.lower())})"
        kind: EntityType = ("state" if sector in self.words.state_sectors
                             else "armed_group" if sector in self.words.armed_group_sectors else "other")
        return Entity(id=f"{code}:{sector}", name=name, mention=mention, type=kind, country=code, sector=sector)

    def _unknown(self, reading: Reading, mention: str, label: str | None, country: str | None = None) -> Entity:
        kind: EntityType = LABEL_TYPES.get(label or "", "other")
        # "US automaker General Motors": a title word inside an organization's name is part of it
        titled_name = country and reading.titled and reading.remnant and kind != "organization"
        person = kind == "person" or (label is None and reading.titled)
        name = " ".join(reading.remnant) if titled_name else self._clean_name(mention, person=person) or mention
        if label is None and reading.remnant:
            kind = "person" if reading.titled else "organization"
        entity_id = f"x:{slugify(fold(name)) or content_id('u', name, length=12)}"
        return Entity(id=entity_id, name=name, mention=mention, type=kind,
                      country=country, sector=reading.sector or self._office_sector(reading.office))

    def _office_sector(self, office: str | None) -> str | None:
        return None if office is None else self._lexicon["office_sectors"].get(office, "GOV")

    def _holder_for(self, of: str, reading: Reading, mention: str, on: date | None) -> Entity | None:
        if not reading.office or reading.blocked or on is None:
            return None
        holder = self.role_holder(of, reading.office, on)
        return holder.model_copy(update={"mention": mention}) if holder else None

    def resolve(self, mention: str, *, label: str | None = None, on: date | None = None) -> Entity:
        """Return the ``Entity`` ``mention`` names on ``on`` (the article's date); unknown actors get an ``x:`` id.

        ``label`` is the spaCy NER label, used to break ties and to type unknown actors. Titled role
        mentions ("the Turkish President") resolve to the office holder only when ``on`` is given.
        Answers are kept (the same name is resolved many times per article); adding an actor forgets them.
        """
        key = (mention, label, on)
        found = self._resolved.get(key)
        if found is None:
            if len(self._resolved) >= RESOLVED_KEPT:
                self._resolved.clear()
            name = name_part(mention)
            found = self._resolve(name, label=label, on=on)
            if name != mention:
                found = found.model_copy(update={"mention": mention})
            self._resolved[key] = found
        return found

    def _resolve(self, mention: str, *, label: str | None, on: date | None) -> Entity:
        reading = self.read(mention, on=on, label=label)
        if reading.base is None:
            if reading.homeland:
                return self._state_entity(reading.homeland, mention, reading.sector)
            return self._unknown(reading, mention, label)
        target, entry = reading.base, self.entries[reading.base.id]
        if entry.type == "person":
            person = self._entity(entry, mention, on)
            state = self.entries.get(person.country or "")
            if reading.sector and reading.sector_follows and state is not None and state.type == "state":
                return self._state_entity(state.id, mention, reading.sector)
            return person
        if target.kind == "actor" and entry.type == "organization" and label == "PERSON" and reading.remnant:
            # "James Roche", "Apple CEO Steve Jobs": a person named beside a company's name is not the company.
            return self._unknown(reading, mention, label)
        if target.kind == "actor" and entry.type == "organization" and entry.source != HAND_SOURCE and reading.trailing:
            # A converted company matches its names as written (legal forms aside): more name words make another
            # organization, a namesake, a unit or an event of its ("Apple Corps", "Saab Automobile", "Apple
            # Worldwide Developers Conference"). A former name ("Apple Computer") is lost with them.
            return self._unknown(reading, mention, label)
        if target.kind == "actor":
            return self._resolve_actor(entry, reading, mention, on)
        return self._resolve_state(target, reading, mention, on, label)

    def _resolve_actor(self, entry: ActorEntry, reading: Reading, mention: str, on: date | None) -> Entity:
        if entry.type != "igo":
            return self._entity(entry, mention, on)
        sector = reading.sector or self._office_sector(reading.office)
        holder = self._holder_for(entry.id, reading, mention, on)
        if holder is None and sector and sector != entry.sector:
            return self._entity(entry, mention, on, sector=sector)
        return holder or self._entity(entry, mention, on)

    def _resolve_state(self, target: Target, reading: Reading, mention: str, on: date | None,
                       label: str | None) -> Entity:
        code = target.id
        if reading.region == "head" and reading.remnant and label not in HOMELAND_LABELS:
            # "Michael Jordan" is a person, not Jordan; "Russian Foreign Minister X" is a Russian official.
            untitled_person = label == "PERSON" and not reading.titled and target.kind != "demonym"
            return self._unknown(reading, mention, label, country=None if untitled_person else code)
        holder = self._holder_for(code, reading, mention, on)
        if holder is not None:
            return holder
        sector = reading.sector or target.sector or self._office_sector(reading.office)
        if target.kind == "place" and sector is None:
            return Entity(id=f"loc:{slugify(fold(target.label))}", name=target.label, mention=mention, type="location",
                          country=code)
        return self._state_entity(code, mention, sector)

    def is_actor(self, text: str) -> bool:
        """True when ``text`` names a registry actor or is a role phrase ("the army", "Turkish officials")."""
        reading = self.read(text)
        known = reading.base is not None and (reading.base.kind != "place" or reading.sector is not None)
        return known or reading.office is not None or reading.sector is not None

    # --- offices and additions ------------------------------------------------------------------

    def role_holder(self, country: str, office: str, on: date) -> Entity | None:
        """Return who held ``office`` of ``country`` (ISO alpha-3 or an IGO id such as ``nato``) on ``on``, or None."""
        office = self._lexicon["offices"].get(fold(office).strip(), fold(office).strip())
        offices = [office]
        if office == "leader":
            executive = [r.office for r in self._executive.get(country, []) if r.active(on)]
            offices = ["leader", *executive, *self._lexicon["leader_offices"]]
        for name in offices:
            holders = [(r.start or date.min, self.entries[i]) for i in self._holders.get((country, name), [])
                       for r in self.entries[i].roles if r.of == country and r.office == name and r.active(on)]
            if holders:
                entry = max(holders, key=lambda h: h[0])[1]
                return self._entity(entry, entry.name, on)
        return None

    def add_actor(self, name: str, *, type: EntityType, country: str | None = None, sector: str | None = None,
                  aliases: Sequence[str] = (), wikidata: str | None = None, roles: Iterable[Role] = (),
                  id: str | None = None) -> Entity:
        """Add an actor, append it to ``additions.json`` beside the registry data, and return its entity.

        Raises ``ConfigError`` for an id already taken, an unknown type or sector, or a registry
        loaded without a directory; nothing is written then.
        """
        entry = ActorEntry(id=id or slugify(fold(name)), name=name, type=type, country=country, sector=sector,
                           wikidata=wikidata, aliases=tuple(aliases), roles=tuple(roles))
        path = self._check_addition(entry)
        empty: dict[str, Any] = {"kind": "actors", "schema": 1, "sources": "user additions", "entries": []}
        doc = read_registry_json(path) if path.exists() else empty
        doc["entries"].append(entry.to_json())
        write_json_atomic(path, doc)
        self._add_entry(entry)
        return self._entity(entry, name, None)

    def _check_addition(self, entry: ActorEntry) -> Path:
        """Return the additions file ``entry`` goes to; raise ``ConfigError`` when it cannot be added."""
        if self.additions_path is None:
            raise ConfigError("this registry was not loaded from a directory: use ActorRegistry.load(path) first")
        if not entry.id or entry.id in self.entries:
            raise ConfigError(f"an actor with id {entry.id!r} exists: pass another id= or edit {ADDITIONS_FILE}")
        if entry.type not in ENTITY_TYPES:
            raise ConfigError(f"unknown actor type {entry.type!r}: use one of {', '.join(ENTITY_TYPES)}")
        sectors = self._lexicon["sector_names"]
        for sector in [entry.sector, *(r.sector for r in entry.roles)]:
            if sector is not None and sector not in sectors:
                raise ConfigError(f"unknown sector {sector!r}: use a CAMEO/PLOVER code such as "
                                  f"{', '.join(list(sectors)[:6])}")
        return self.additions_path
