"""The actor registry's data, indexed: aliases by folded key, office holders, lexicon phrases.

Owns ``ActorIndex``, the base of ``ActorRegistry``: loading every ``*.json`` of ``models/registry``
by its ``kind`` (states, igos, actors, lexicon, words; the user's ``additions.json`` too), the
tables a mention is read against, and the spaCy ruler patterns of the names. Reading a mention is
``actor_reading``, resolving it to an ``Entity`` is ``actors``. Imports the standard library,
``pipeline.knowledge``, ``pipeline.errors``, ``pipeline.records``, ``pipeline.cache`` (a built registry is
kept on disk: ``load`` with a cache) and the siblings ``actor_entries`` and ``actor_names``; never spaCy or
another stage.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Self

import pipeline.errors
import pipeline.ids
import pipeline.knowledge
import pipeline.normalize
import pipeline.records
from pipeline.cache import DiskCache, cache_key
from pipeline.errors import ModelError
from pipeline.knowledge.registry_words import REGISTRY_WORDS_FILE, RegistryWords, load_registry_words
from pipeline.normalize.actor_entries import HAND_SOURCE, ActorEntry, Role, entry_of, parse_date, read_registry_json
from pipeline.normalize.actor_names import Target, alias_key, is_acronym

ADDITIONS_FILE = "additions.json"
# Kinds of alias, best first: a tie between two aliases goes to the better kind.
KIND_RANK = {"actor": 0, "name": 1, "people": 2, "demonym": 2, "metonym": 3, "place": 4}


class ActorIndex:
    """States, IGOs and actors with their aliases and dated roles, indexed for reading mentions."""

    def __init__(self, lexicon: dict[str, Any], *, additions_path: Path | None = None,
                 words: RegistryWords | None = None) -> None:
        self._state_words: dict[str, tuple[list[str], list[str]]] = {}
        self.entries: dict[str, ActorEntry] = {}
        self.additions_path = additions_path
        self._lexicon = lexicon
        self.words = words if words is not None else load_registry_words()
        self._folded: dict[str, list[Target]] = {}
        self._acronyms: dict[str, list[Target]] = {}
        self._fuzzy: dict[bool, dict[str, list[Target]]] = {False: {}, True: {}}
        self._holders: dict[tuple[str, str], list[str]] = {}
        self._executive: dict[str, list[Role]] = {}
        self._lex: dict[str, dict[str, str]] = {}
        # resolve()'s answers by (mention, label, date): an article resolves the same names many times (its home
        # country, its state mentions, its name chains, each claim). Cleared when an entry is added.
        self._resolved: dict[tuple[str, str | None, Any], Any] = {}
        # the fuzzy matches' answers by (whole name?, words) (``actor_reading``); cleared when an entry is added.
        self._fuzzy_found: dict[tuple[bool, str], tuple[Target, ...]] = {}
        # ``name_words``' answers by (mention, person?) (``actor_reading``).
        self._names_found: dict[tuple[str, bool], tuple[str, ...]] = {}
        self._index_lexicon(lexicon)

    # --- loading -------------------------------------------------------------------------------

    @classmethod
    def load(cls, directory: Path, *, cache: DiskCache | None = None) -> Self:
        """Return the registry built from every registry file in ``directory`` (its ``words.json`` too,
        else the shipped one); from ``cache`` when it holds one built from the same files and code, else built
        (and kept there).

        Raises ``ModelError`` when the directory, its lexicon or its states are missing or unreadable.
        """
        directory = Path(directory)
        if cache is None:
            return cls._build(directory)
        return cache.fetch(lambda: cls._build(directory), name="registry", key=registry_key(directory), kind=cls)

    @classmethod
    def _build(cls, directory: Path) -> Self:
        by_kind: dict[str, list[dict[str, Any]]] = {}
        for path in sorted(directory.glob("*.json")):
            if path.name != ADDITIONS_FILE:
                doc = read_registry_json(path)
                by_kind.setdefault(doc.get("kind", ""), []).append(doc)
        if not by_kind.get("lexicon") or not by_kind.get("states"):
            raise ModelError(f"{directory} holds no lexicon.json or states.json: pass the models/registry directory",
                             origin=str(directory), stage="normalize")
        words = RegistryWords.from_json(by_kind["words"][0], origin=str(directory)) if by_kind.get("words") else None
        registry = cls(by_kind["lexicon"][0], additions_path=directory / ADDITIONS_FILE, words=words)
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

    def _index(self, alias: str, target: Target, *, fuzzy: bool = True) -> None:
        acronym = is_acronym(alias)
        table, key = (self._acronyms, alias.replace(".", "")) if acronym else (self._folded, alias_key(alias))
        if not key or target in table.get(key, []):
            return
        table.setdefault(key, []).append(target)
        table[key].sort(key=lambda t: KIND_RANK[t.kind])
        if fuzzy and not acronym and (" " in key or len(key) >= 5):
            self._fuzzy[" " in key].setdefault(key, []).append(target)

    def _add_state(self, row: dict[str, Any]) -> None:
        code = row["code"]
        names, demonyms = [row["name"], *row.get("aliases", [])], [*row.get("demonyms", []), *row.get("people", [])]
        self._state_words[code] = (names, demonyms)
        self.entries[code] = ActorEntry(code, row["name"], "state", code, None, row.get("wikidata"),
                                        tuple(row.get("aliases", [])))
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
        self._resolved.clear()
        self._fuzzy_found.clear()
        self.entries[entry.id] = entry
        # Converted entries (tens of thousands of names) match as written only: fuzzy matching against them
        # is slow and finds strangers ("Infogear Technology" read as another company).
        for alias in (entry.name, *entry.aliases):
            self._index(alias, Target(entry.id, "actor"), fuzzy=entry.source == HAND_SOURCE)
        for role in entry.roles:
            holders = self._holders.setdefault((role.of, role.office), [])
            if entry.id not in holders:
                holders.append(entry.id)

    def ruler_patterns(self) -> list[dict[str, str]]:
        """Return spaCy EntityRuler patterns (plain dicts): hand-written actors and IGOs (PERSON/ORG), state names
        (GPE) and demonyms (NORP), so the small model's label slips ("Erdogan" as GPE, "Ugandan"
        as PERSON, "Uzbekistan" unlabelled) do not hide an actor."""
        # Hand-written entries only: the ruler over the ~24,000 converted names took 30 s to build, and spaCy's
        # own NER finds their full names; the registry resolves whatever it finds.
        patterns = [{"label": "PERSON" if entry.type == "person" else "ORG", "pattern": alias, "id": entry.id}
                    for entry in self.entries.values() if entry.type != "state" and entry.source == HAND_SOURCE
                    for alias in dict.fromkeys((entry.name, *entry.aliases)) if len(alias) >= 3 and not alias.islower()]
        for code, (names, demonyms) in self._state_words.items():
            patterns += [{"label": "GPE", "pattern": name, "id": code}
                         for name in names if len(name) >= 4 and name[0].isupper()]
            patterns += [{"label": "NORP", "pattern": word, "id": code}
                         for word in demonyms if len(word) >= 4 and word[0].isupper()]
        return patterns


def registry_key(directory: Path) -> str:
    """Return the cache key of the registry of ``directory``: its registry files (``additions.json`` too) and
    the shipped words, and the code that builds it and defines its records."""
    files = sorted({*directory.glob("*.json"), directory / ADDITIONS_FILE, REGISTRY_WORDS_FILE})
    return cache_key(files=files, values=[str(directory.resolve())],
                     modules=[pipeline.normalize, pipeline.knowledge, pipeline.records, pipeline.errors, pipeline.ids])
