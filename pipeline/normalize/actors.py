"""The actor registry: what a mention names, as of the article's publication date.

Owns loading the registry data (every ``*.json`` of ``models/registry`` whose ``kind`` is states,
igos, actors or lexicon, the user's ``additions.json`` included), resolving a mention to an
``Entity``, and answering who held an office on a date. The words of a mention are read by
``actor_names`` and the registry's records and files are ``actor_entries`` (both re-exported here).
Imports the standard library, rapidfuzz, those siblings, ``pipeline.records``, ``pipeline.ids`` and
``pipeline.errors``; never another stage, never spaCy.

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

import re
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from pipeline.errors import ConfigError, ModelError
from pipeline.ids import content_id, slugify
from pipeline.normalize.actor_entries import (
    ActorEntry, Role, entry_of, parse_date, read_registry_json, write_json_atomic,
)
from pipeline.normalize.actor_names import (
    EDGE_PUNCT, Reading, Target, Token, Unit, alias_key, fold, is_acronym, tokenize,
)
from pipeline.records import Entity, EntityType

__all__ = [
    "ADDITIONS_FILE", "ActorEntry", "ActorRegistry", "Reading", "Role", "Target", "Token", "Unit",
    "alias_key", "fold", "is_acronym", "tokenize",
]

ADDITIONS_FILE = "additions.json"
FUZZY_TOKEN_CUTOFF = 88.0
FUZZY_NAME_CUTOFF = 90.0
MAX_NGRAM = 8
ENTITY_TYPES = ("person", "state", "organization", "armed_group", "igo", "location", "other")
LABEL_TYPES: dict[str, EntityType] = {"PERSON": "person", "ORG": "organization", "GPE": "location", "LOC": "location",
                                      "FAC": "location", "NORP": "other"}
PLACE_LABELS = frozenset({"GPE", "NORP", "LOC", "FAC"})
# Sectors through which a state acts as a state (the others name a part of its society).
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY"})
# Kinds of alias, best first: a tie between two aliases goes to the better kind.
KIND_RANK = {"actor": 0, "name": 1, "people": 2, "demonym": 2, "metonym": 3, "place": 4}
# Lexicon categories stripped from the front of an unknown actor's name ("President X" -> "X").
LEADING = frozenset({"titles", "office", "stopwords", "role_blockers"})
# Lower-case words that belong inside names ("Bashar al-Assad", "Secretary of State") and corporate
# titles written in capitals: neither ends a descriptor, or does ("CEO Steve Jobs").
NAME_PARTICLES = frozenset({"of", "the", "for", "and", "de", "da", "del", "der", "di", "du", "al", "el", "bin", "ibn",
                            "van", "von", "la", "le", "y", "on", "in", "at", "to", "from", "by", "with", "without",
                            "against", "&", "-"})
DESCRIPTOR_ACRONYMS = frozenset({"ceo", "cfo", "coo", "cto", "md", "mp", "mep"})
DESCRIPTORS = frozenset({"titles", "office", "sector", "role_blockers"})
# Capitalised words that end the name of a region ("West Darfur State", "Kaduna State"): after a
# place they name the region, not its government.
PLACE_SUFFIXES = frozenset({"State", "Province", "Region", "Governorate", "District", "Oblast"})


class ActorRegistry:
    """States, IGOs and actors with their aliases and dated roles; resolves mentions to ``Entity`` records."""

    def __init__(self, lexicon: dict[str, Any], *, additions_path: Path | None = None) -> None:
        self._state_words: dict[str, tuple[list[str], list[str]]] = {}
        self.entries: dict[str, ActorEntry] = {}
        self.additions_path = additions_path
        self._lexicon = lexicon
        self._folded: dict[str, list[Target]] = {}
        self._acronyms: dict[str, list[Target]] = {}
        self._fuzzy: dict[bool, dict[str, list[Target]]] = {False: {}, True: {}}
        self._holders: dict[tuple[str, str], list[str]] = {}
        self._executive: dict[str, list[Role]] = {}
        self._lex: dict[str, dict[str, str]] = {}
        self._index_lexicon(lexicon)

    # --- loading -------------------------------------------------------------------------------

    @classmethod
    def load(cls, directory: Path) -> ActorRegistry:
        """Return the registry built from every registry file in ``directory``.

        Raises ``ModelError`` when the directory, its lexicon or its states are missing or unreadable.
        """
        directory = Path(directory)
        by_kind: dict[str, list[dict[str, Any]]] = {}
        for path in sorted(directory.glob("*.json")):
            if path.name != ADDITIONS_FILE:
                doc = read_registry_json(path)
                by_kind.setdefault(doc.get("kind", ""), []).append(doc)
        if not by_kind.get("lexicon") or not by_kind.get("states"):
            raise ModelError(f"{directory} holds no lexicon.json or states.json: pass the models/registry directory",
                             origin=str(directory), stage="normalize")
        registry = cls(by_kind["lexicon"][0], additions_path=directory / ADDITIONS_FILE)
        for row in (r for doc in by_kind["states"] for r in doc["entries"]):
            registry._add_state(row)
        rows = [r for kind in ("igos", "actors") for doc in by_kind.get(kind, []) for r in doc["entries"]]
        if (directory / ADDITIONS_FILE).exists():
            rows += read_registry_json(directory / ADDITIONS_FILE)["entries"]
        for row in rows:
            registry._add_entry(entry_of(row))
        return registry

    def _index_lexicon(self, lexicon: dict[str, Any]) -> None:
        for category in ("titles", "modifiers", "role_blockers", "prepositions", "terminators", "patron_words",
                         "owner_markers", "stopwords", "groups", "stance_words"):
            for phrase in lexicon.get(category, []):
                self._lex.setdefault(alias_key(phrase), {})[category] = phrase
        pairs = [(phrase, "sector", sector) for sector, words in lexicon["sector_words"].items() for phrase in words]
        pairs += [(phrase, "homeland", code) for phrase, code in lexicon.get("group_homelands", {}).items()]
        pairs += [(phrase, "office", office) for phrase, office in lexicon["offices"].items()]
        for phrase, category, value in pairs:
            self._lex.setdefault(alias_key(phrase), {})[category] = value

    def _index(self, alias: str, target: Target) -> None:
        acronym = is_acronym(alias)
        table, key = (self._acronyms, alias.replace(".", "")) if acronym else (self._folded, alias_key(alias))
        if not key or target in table.get(key, []):
            return
        table.setdefault(key, []).append(target)
        table[key].sort(key=lambda t: KIND_RANK[t.kind])
        if not acronym and (" " in key or len(key) >= 5):
            self._fuzzy[" " in key].setdefault(key, []).append(target)

    def _add_state(self, row: dict[str, Any]) -> None:
        code = row["code"]
        self._state_words[code] = ([row["name"], *row.get("aliases", [])], [*row.get("demonyms", []), *row.get("people", [])])
        self.entries[code] = ActorEntry(code, row["name"], "state", code, None, row.get("wikidata"), tuple(row.get("aliases", [])))
        for alias in [row["name"], *row.get("aliases", [])]:
            self._index(alias, Target(code, "name"))
        for kind, aliases in (("demonym", row.get("demonyms", [])), ("people", row.get("people", []))):
            for alias in aliases:
                self._index(alias, Target(code, kind))
        for alias, sector in row.get("metonyms", {}).items():
            self._index(alias, Target(code, "metonym", sector))
        for alias in row.get("places", []):
            self._index(alias, Target(code, "place", None, alias))
        self._executive[code] = [Role(e["office"], code, "GOV", parse_date(e.get("start")), parse_date(e.get("end")))
                                 for e in row.get("executive", [])]

    def _add_entry(self, entry: ActorEntry) -> None:
        if entry.id in self.entries:
            raise ModelError(f"registry id {entry.id!r} is defined twice: rename one of them", stage="normalize")
        self.entries[entry.id] = entry
        for alias in (entry.name, *entry.aliases):
            self._index(alias, Target(entry.id, "actor"))
        for role in entry.roles:
            holders = self._holders.setdefault((role.of, role.office), [])
            if entry.id not in holders:
                holders.append(entry.id)

    # --- reading a mention ---------------------------------------------------------------------

    def _units(self, tokens: list[Token], *, fuzzy: bool = False) -> list[Unit]:
        units: list[Unit] = []
        i = 0
        while i < len(tokens):
            units.append(self._match_at(tokens, i) or (self._fuzzy_at(tokens[i]) if fuzzy else None) or Unit(tokens[i:i + 1]))
            i += len(units[-1].tokens)
        for left, right in zip(units, units[1:]):
            left.patron = left.patron or bool(left.targets) and "patron_words" in right.lex
            right.patron = bool(right.targets) and "stance_words" in left.lex
        return units

    def _match_at(self, tokens: list[Token], i: int) -> Unit | None:
        for j in range(min(len(tokens), i + MAX_NGRAM), i, -1):
            key = " ".join(t.key for t in tokens[i:j])
            folded = self._folded.get(key, [])
            if j == i + 1 and len(tokens[i].text) > 1 and tokens[i].text.isupper():
                # A word in capitals is an acronym, not the town spelled alike ("GAO" is no Gao, Mali).
                folded = [t for t in folded if t.kind != "place"]
            targets = folded + (self._acronyms.get(tokens[i].acronym, []) if j == i + 1 else [])
            if targets or key in self._lex:
                return Unit(tokens[i:j], list(targets), {} if targets else self._lex[key])
        return None

    def _fuzzy_at(self, token: Token) -> Unit | None:
        if not token.capitalized or len(token.key) < 6 or not token.key.isalpha():
            return None
        found = process.extractOne(token.key, self._fuzzy[False].keys(), scorer=fuzz.ratio, score_cutoff=FUZZY_TOKEN_CUTOFF)
        return Unit([token], list(self._fuzzy[False][found[0]])) if found else None

    def _fuzzy_name(self, tokens: list[Token]) -> list[Target]:
        words = [t.key for t in tokens if t.capitalized and t.key not in self._lex]
        if len(words) < 2:
            return []
        found = process.extractOne(" ".join(words), self._fuzzy[True].keys(), scorer=fuzz.token_sort_ratio,
                                   score_cutoff=FUZZY_NAME_CUTOFF)
        return list(self._fuzzy[True][found[0]]) if found else []

    def read(self, mention: str, *, on: date | None = None, label: str | None = None) -> Reading:
        """Return how ``mention`` reads: its base actor, office, sector and leftover name words."""
        tokens = tokenize(mention)
        units = self._units(tokens)
        if not any(u.targets for u in units):
            units = self._units(tokens, fuzzy=True)
        if not any(u.targets for u in units) and (targets := self._fuzzy_name(tokens)):
            units = [Unit(tokens, targets)]
        return self._reading(units, on=on, label=label)

    def _regions(self, units: list[Unit]) -> dict[str, list[Unit]]:
        """Split a mention into owner ("X's", "loyal to X"), head, and complement ("of/in Y")."""
        regions: dict[str, list[Unit]] = {"owner": [], "head": [], "complement": []}
        marks = [k for k, u in enumerate(units) if u.text == "'s"]
        if marks:
            regions["owner"], units = units[:marks[-1]], units[marks[-1] + 1:]
        current = "head"
        for unit in units:
            if not unit.targets and "owner_markers" in unit.lex:
                regions["owner"], current = [], "owner"
            elif not unit.targets and "terminators" in unit.lex and current != "owner":
                break
            elif not unit.targets and "prepositions" in unit.lex and current == "head":
                current = "complement"
            else:
                regions[current].append(unit)
        return regions

    def _pick(self, units: list[Unit], *, location: bool = False) -> Unit | None:
        found = [u for u in units if u.targets and not u.patron]
        named = [u for u in found if u.targets[0].kind == "actor"]
        persons = [u for u in named if self.entries[u.targets[0].id].type == "person"]
        if named:
            return persons[-1] if persons else named[0]
        if location:
            nouns = [u for u in found if u.targets[0].kind in ("name", "place", "metonym")]
            return (nouns or found or [None])[-1]
        return found[0] if found else None

    def _base_unit(self, regions: dict[str, list[Unit]]) -> tuple[Unit | None, str]:
        head, complement = regions["head"], regions["complement"]
        base = self._pick(head)
        kind = base.targets[0].kind if base else ""
        # People live where the phrase puts them ("Albanians of southern Serbia", "the Albanian
        # population of Kosovo"), and so does a minority, as event coders code it ("ethnic Albanian
        # guerrillas in Macedonia": MKD:REB); "Turkish troops in Syria" are Turkish.
        after = head[head.index(base) + 1:] if base is not None else []
        residents = bool(after) and all(u.lex.get("sector") == "CVL" for u in after)
        ethnic = any(u.text.lower() == "ethnic" for u in head)
        nominal = kind == "people" or (kind == "demonym" and (base is head[-1] or residents or ethnic))
        if base is not None and not (nominal and self._pick(complement, location=True)):
            return base, "head"
        for region, unit in (("complement", self._pick(complement, location=True)), ("owner", self._pick(regions["owner"]))):
            if unit is not None:
                return unit, region
        return None, ""

    def _reading(self, units: list[Unit], *, on: date | None, label: str | None) -> Reading:
        regions = self._regions(units)
        unit, region = self._base_unit(regions)
        head = regions["head"]
        reading = Reading(region=region, homeland=next((u.lex["homeland"] for u in units if "homeland" in u.lex), None))
        for k, u in enumerate(head):
            reading.office = u.lex.get("office", reading.office)
            if k and u.text in PLACE_SUFFIXES and head[k - 1].targets and head[k - 1].targets[0].kind == "place":
                continue  # "West Darfur State", "Kaduna State": part of a region's name, not a government
            if "sector" in u.lex and "office" not in u.lex:
                reading.sector = u.lex["sector"]
                reading.sector_follows = region == "owner" or any(v is unit for v in head[:k])
            reading.blocked |= "role_blockers" in u.lex
            reading.titled |= "titles" in u.lex or "office" in u.lex
        if reading.sector is None and region == "complement":
            reading.sector = next((u.lex["sector"] for u in reversed(regions["complement"]) if "sector" in u.lex), None)
        if reading.sector is None and region == "complement" and any(u.targets and u.targets[0].kind in ("people", "demonym") for u in head):
            # "ethnic Turks in Sweden" are people living in Sweden (SWE:CVL), not the Swedish state.
            reading.sector = "CVL"
        reading.remnant = [u.text for u in head if not u.targets and not u.lex and u.tokens[0].capitalized and u.text.isalpha()]
        if unit is not None:
            reading.base = self._choose(unit.targets, on=on, office=reading.office, label=label)
        return reading

    def _choose(self, targets: list[Target], *, on: date | None, office: str | None, label: str | None) -> Target:
        wanted = LABEL_TYPES.get(label or "")

        def score(item: tuple[int, Target]) -> tuple:
            rank, target = item
            entry = self.entries[target.id]
            roles = entry.roles if target.kind == "actor" else ()
            return (
                0 if wanted == "person" and entry.type == "person" or wanted == "location" and target.kind != "actor" else 1,
                0 if office and on and any(r.office == office and r.active(on) for r in roles) else 1,
                0 if office and any(r.office == office for r in roles) else 1,
                0 if on and any(r.active(on) for r in roles) else 1,
                KIND_RANK[target.kind], rank,
            )
        return min(enumerate(targets), key=score)[1]

    def _clean_name(self, mention: str, *, person: bool = False) -> str:
        """Return ``mention`` without leading titles and articles nor a trailing possessive, as written."""
        words = mention.strip().split()
        stripped = True
        while stripped and len(words) > 1:
            stripped = False
            for n in (3, 2, 1):
                key = alias_key(" ".join(words[:n]))
                if n < len(words) and (n == 1 and fold(words[0]) == "the" or key and LEADING & set(self._lex.get(key, {}))):
                    words, stripped = words[n:], True
                    break
        return re.sub(r"['’]s$", "", " ".join(self._after_descriptor(words, person=person))).strip(EDGE_PUNCT + " ")

    def _after_descriptor(self, words: list[str], *, person: bool) -> list[str]:
        """Return the proper name that ends ``words`` when a descriptor leads it in: "Russian flag carrier
        Aeroflot" -> Aeroflot. A descriptor is a common noun (a lower-case word, not a name particle);
        for a person also a title, office or sector word ("Apple Computer CEO Steve Jobs" -> Steve Jobs),
        which in an organization's name is part of the name ("Government Accountability Office")."""
        cut = 0
        for k, word in enumerate(words[:-1]):
            if word.casefold() in NAME_PARTICLES:
                continue
            common = word.isalpha() and word.islower()
            titled = person and (fold(word) in DESCRIPTOR_ACRONYMS or DESCRIPTORS & set(self._lex.get(alias_key(word) or "-", {})))
            if common or titled:
                cut = k + 1
        rest = words[cut:]
        return rest if rest and all(w[:1].isupper() for w in rest) else words

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
        kind: EntityType = "state" if sector in STATE_SECTORS else "armed_group" if sector in ("REB", "UAF") else "other"
        return Entity(id=f"{code}:{sector}", name=name, mention=mention, type=kind, country=code, sector=sector)

    def _unknown(self, reading: Reading, mention: str, label: str | None, country: str | None = None) -> Entity:
        titled_name = country and reading.titled and reading.remnant
        kind: EntityType = LABEL_TYPES.get(label or "", "other")
        person = kind == "person" or (label is None and reading.titled)
        name = " ".join(reading.remnant) if titled_name else self._clean_name(mention, person=person) or mention
        if label is None and reading.remnant:
            kind = "person" if reading.titled else "organization"
        return Entity(id=f"x:{slugify(fold(name)) or content_id('u', name, length=12)}", name=name, mention=mention, type=kind,
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
        """
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

    def _resolve_state(self, target: Target, reading: Reading, mention: str, on: date | None, label: str | None) -> Entity:
        code = target.id
        if reading.region == "head" and reading.remnant and label not in PLACE_LABELS:
            # "Michael Jordan" is a person, not Jordan; "Russian Foreign Minister X" is a Russian official.
            untitled_person = label == "PERSON" and not reading.titled and target.kind != "demonym"
            return self._unknown(reading, mention, label, country=None if untitled_person else code)
        holder = self._holder_for(code, reading, mention, on)
        if holder is not None:
            return holder
        sector = reading.sector or target.sector or self._office_sector(reading.office)
        if target.kind == "place" and sector is None:
            return Entity(id=f"loc:{slugify(fold(target.label))}", name=target.label, mention=mention, type="location", country=code)
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
        self._check_addition(entry)
        path = self.additions_path
        doc = read_registry_json(path) if path.exists() else {"kind": "actors", "schema": 1, "sources": "user additions", "entries": []}
        doc["entries"].append(entry.to_json())
        write_json_atomic(path, doc)
        self._add_entry(entry)
        return self._entity(entry, name, None)

    def _check_addition(self, entry: ActorEntry) -> None:
        if self.additions_path is None:
            raise ConfigError("this registry was not loaded from a directory: use ActorRegistry.load(path) first")
        if not entry.id or entry.id in self.entries:
            raise ConfigError(f"an actor with id {entry.id!r} exists: pass another id= or edit {ADDITIONS_FILE}")
        if entry.type not in ENTITY_TYPES:
            raise ConfigError(f"unknown actor type {entry.type!r}: use one of {', '.join(ENTITY_TYPES)}")
        sectors = self._lexicon["sector_names"]
        for sector in [entry.sector, *(r.sector for r in entry.roles)]:
            if sector is not None and sector not in sectors:
                raise ConfigError(f"unknown sector {sector!r}: use a CAMEO/PLOVER code such as {', '.join(list(sectors)[:6])}")

    def ruler_patterns(self) -> list[dict[str, str]]:
        """Return spaCy EntityRuler patterns (plain dicts): actors and IGOs (PERSON/ORG), state names
        (GPE) and demonyms (NORP), so the small model's label slips ("Erdogan" as GPE, "Ugandan"
        as PERSON, "Uzbekistan" unlabelled) do not hide an actor."""
        patterns = [{"label": "PERSON" if entry.type == "person" else "ORG", "pattern": alias, "id": entry.id}
                    for entry in self.entries.values() if entry.type != "state"
                    for alias in dict.fromkeys((entry.name, *entry.aliases)) if len(alias) >= 3 and not alias.islower()]
        for code, (names, demonyms) in self._state_words.items():
            patterns += [{"label": "GPE", "pattern": name, "id": code} for name in names if len(name) >= 4 and name[0].isupper()]
            patterns += [{"label": "NORP", "pattern": word, "id": code} for word in demonyms if len(word) >= 4 and word[0].isupper()]
        return patterns
