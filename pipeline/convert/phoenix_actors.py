"""The Phoenix actor dictionaries and CountryInfo, converted into a registry file with dated roles.

Owns ``main`` (``claimgraph convert``): it reads ``lexicons/petrarch2/Phoenix.{Countries,
International,MilNonState}.actors.txt`` (MIT) and ``lexicons/countryinfo/CountryInfo.120116.txt``
(CC BY-SA 3.0) under the data directory, and writes ``models/registry/converted_actors.json``
(kind ``actors``; every entry with its ``source``) and ``converted_conflicts.txt`` (what was not
merged, and why). The hand-written registry files win, and so do the listed companies of
``converted_companies.json`` (``pipeline.convert.companies``, converted first): see ``actor_merge``. Reruns on the same
inputs write the same bytes. A composition module: imports the standard library,
``pipeline.errors``, ``pipeline.knowledge``, ``pipeline.normalize.actor_entries``/``actor_names``
and its siblings; the stages only read what it wrote, through ``ActorRegistry.load``.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.convert.actor_candidates import Candidate, Codebook, ConvertTables, build_candidates
from pipeline.convert.actor_merge import (
    HandRegistry,
    Review,
    assign_ids,
    drop_shared_aliases,
    filter_aliases,
    keep_people,
    merge_with_hand,
)
from pipeline.convert.countryinfo import OfficeHolder, read_countryinfo
from pipeline.convert.phoenix_names import PhoenixRecord, read_phoenix, split_name
from pipeline.errors import ModelError, SourceError
from pipeline.knowledge.plover import plover_tables
from pipeline.knowledge.registry_words import RegistryWords
from pipeline.knowledge.words import word_set
from pipeline.normalize.actor_entries import ActorEntry, entry_of, read_registry_json
from pipeline.normalize.actor_names import alias_key

PHOENIX_FILES = ("Countries", "International", "MilNonState")
COUNTRYINFO_FILE = "CountryInfo.120116.txt"
CONVERTED_FILE = "converted_actors.json"
CONFLICTS_FILE = "converted_conflicts.txt"
WORDS_FILE = "convert_words.json"
LICENCE = ("CC BY-SA 3.0 (share-alike: this file carries CountryInfo's licence; the Phoenix dictionaries are MIT, "
           "Copyright (c) 2014 Open Event Data Alliance; CountryInfo Copyright (c) 2012 Philip A. Schrodt)")


@dataclass(frozen=True)
class Conversion:
    """The converted entries (registry JSON rows with ``source``), and the review of what was left out."""

    entries: list[dict[str, Any]]
    review: Review
    skipped: Counter[str]
    institutions: list[str]


def main(data_dir: Path, models_dir: Path) -> str:
    """Convert the dictionaries under ``data_dir`` into ``models_dir/registry``; return a summary.

    Raises ``SourceError`` when an input file is missing and ``ModelError`` when a registry file
    is missing or unreadable.
    """
    registry_dir, lexicons = Path(models_dir) / "registry", Path(data_dir) / "lexicons"
    tables = load_tables(registry_dir)
    hand = read_hand_registry(registry_dir)
    records = [r for name in PHOENIX_FILES
               for r in read_phoenix(_input(lexicons / "petrarch2" / f"Phoenix.{name}.actors.txt"), name)]
    holders = read_countryinfo(_input(lexicons / "countryinfo" / COUNTRYINFO_FILE), offices=tables.offices)
    conversion = convert(records, holders, Codebook(tables, igo_codes(records, hand, tables)), hand)
    sources = describe_sources(lexicons)
    write_converted(registry_dir / CONVERTED_FILE, conversion.entries, sources)
    write_conflicts(registry_dir / CONFLICTS_FILE, conversion, sources)
    return summarize(conversion)


def convert(records: list[PhoenixRecord], holders: list[OfficeHolder], codebook: Codebook,
            hand: HandRegistry) -> Conversion:
    """Return the registry rows of the records and holders after the filters and the merge, sorted by id."""
    built = build_candidates(records, holders, codebook)
    review = Review()
    candidates = keep_people(built.candidates, codebook.tables, review)
    candidates = filter_aliases(candidates, codebook.tables, review)
    drop_shared_aliases(candidates, review)
    candidates = merge_with_hand(candidates, hand, review)
    entries = [_row(entry_id, c) for entry_id, c in assign_ids(candidates, hand.ids)]
    return Conversion(entries, review, built.skipped, sorted(built.institutions))


def _row(entry_id: str, candidate: Candidate) -> dict[str, Any]:
    entry = ActorEntry(entry_id, candidate.name, candidate.type, candidate.country, candidate.sector, None,
                       tuple(candidate.aliases), tuple(candidate.roles))
    return {**entry.to_json(), "source": "; ".join(sorted(candidate.sources))}


def _input(path: Path) -> Path:
    if not path.is_file():
        raise SourceError(f"{path} is missing: pass --data the shared data folder that holds lexicons/",
                          origin=str(path), stage="convert")
    return path


# --- the registry's tables -------------------------------------------------------------------------


def load_tables(registry_dir: Path) -> ConvertTables:
    """Return the tables of ``registry_dir`` (lexicon, words, states, ``convert_words.json``) and the
    shipped word sets. Raises ``ModelError`` when a file is missing or lacks a table."""
    lexicon = read_registry_json(registry_dir / "lexicon.json")
    words = RegistryWords.from_json(read_registry_json(registry_dir / "words.json"), origin=str(registry_dir))
    convert = read_registry_json(registry_dir / WORDS_FILE)
    states = read_registry_json(registry_dir / "states.json")
    try:
        return ConvertTables(
            states=frozenset(row["code"] for row in states["entries"]),
            renames={**plover_tables().cameo_country_codes, **convert["former_state_codes"]},
            sectors=frozenset(lexicon["sector_names"]), recodes=convert["sector_recodes"],
            particles=words.name_particles, state_sectors=words.state_sectors, armed_sectors=words.armed_group_sectors,
            offices=lexicon["offices"], generic_offices=convert["generic_offices"],
            undated_person_sectors=frozenset(convert["undated_person_sectors"]),
            organization_words=frozenset(convert["organization_words"]) | _group_words(),
            common_words=frozenset(convert["common_words"]) | _group_words() | _lexicon_words(lexicon))
    except KeyError as e:
        raise ModelError(f"{registry_dir} lacks the table {e}: restore it from git",
                         origin=str(registry_dir), stage="convert") from e


def _group_words() -> frozenset[str]:
    return word_set("group_heads") | word_set("group_nouns") | word_set("corporate_suffixes")


def _lexicon_words(lexicon: dict[str, Any]) -> frozenset[str]:
    phrases = [p for words in lexicon["sector_words"].values() for p in words] + list(lexicon["offices"])
    phrases += [p for name in ("titles", "modifiers", "stopwords", "groups") for p in lexicon.get(name, [])]
    return frozenset(key for key in map(alias_key, phrases) if key and " " not in key)


def read_hand_registry(registry_dir: Path, *, skip: Collection[str] = (CONVERTED_FILE,)) -> HandRegistry:
    """Return the registry this conversion defers to: every file of kind states, igos or actors of
    ``registry_dir`` (the user's ``additions.json`` and the listed companies of ``converted_companies.json``
    too) but those named in ``skip`` (the converted one)."""
    entries: dict[str, ActorEntry] = {}
    keys: dict[str, set[str]] = {}
    for path in sorted(registry_dir.glob("*.json")):
        doc = read_registry_json(path) if path.name not in skip else {}
        for row in doc.get("entries", []) if doc.get("kind") in ("igos", "actors") else []:
            entry = entries.setdefault(row["id"], entry_of(row))
            for alias in (entry.name, *entry.aliases):
                keys.setdefault(alias_key(alias), set()).add(entry.id)
        for row in doc.get("entries", []) if doc.get("kind") == "states" else []:
            for alias in (row["name"], *row.get("aliases", []), *row.get("metonyms", {})):
                keys.setdefault(alias_key(alias), set()).add(row["code"])
    ids = frozenset(entries) | frozenset(code for found in keys.values() for code in found)
    return HandRegistry(entries, {k: tuple(sorted(v)) for k, v in keys.items() if k}, ids)


def igo_codes(records: list[PhoenixRecord], hand: HandRegistry, tables: ConvertTables) -> dict[str, str]:
    """Return the CAMEO IGO codes the hand-written IGOs answer to ("IGOUNO" -> "un", "IGOWSTNAT" ->
    "nato"): those of the undated dictionary entries named as the IGO is, by majority."""
    votes: dict[str, Counter[str]] = {}
    igos = {i for i, entry in hand.entries.items() if entry.type == "igo" or entry.country == "IGO"}
    for record in records:
        codes = [t.code for t in record.tenures if not t.dated and t.code.startswith("IGO")]
        names = [split_name(n)[0] for n in (record.name, *record.aliases)]
        found = {i for n in names for i in hand.keys.get(alias_key(n), ()) if i in igos}
        for code in codes[:1]:
            votes.setdefault(code, Counter()).update(found)
    return {code: min(c, key=lambda i: (-c[i], i)) for code, c in sorted(votes.items()) if c and len(code) >= 6}


# --- writing -----------------------------------------------------------------------------------------


def describe_sources(lexicons: Path) -> str:
    """Return the ``sources`` line: both sources with repository, commit (from their SOURCE.txt) and licence."""
    petrarch = _source_fields(lexicons / "petrarch2" / "SOURCE.txt")
    countryinfo = _source_fields(lexicons / "countryinfo" / "SOURCE.txt")
    return (f"Phoenix actor dictionaries (Countries, International, MilNonState) from {petrarch['repository']} "
            f"at {petrarch['commit']}, MIT; {COUNTRYINFO_FILE} from {countryinfo['repository']} at "
            f"{countryinfo['commit']}, CC BY-SA 3.0; converted by claimgraph convert (pipeline.convert.phoenix_actors)")


def _source_fields(path: Path) -> dict[str, str]:
    lines = _input(path).read_text(encoding="utf-8").splitlines()
    fields = dict(line.split(":", 1) for line in lines if ":" in line and not line.startswith(" "))
    return {"repository": "unknown", "commit": "unknown"} | {k.strip(): v.strip() for k, v in fields.items()}


def write_converted(path: Path, entries: list[dict[str, Any]], sources: str, *, licence: str = LICENCE) -> None:
    """Write the registry file: its head, then one entry per line (reviewable diffs, identical bytes on reruns)."""
    head = json.dumps({"kind": "actors", "schema": 1, "sources": sources, "licence": licence}, ensure_ascii=False)
    rows = ",\n".join(json.dumps(e, ensure_ascii=False) for e in entries)
    path.write_text(f'{head[:-1]}, "entries": [\n{rows}\n]}}\n', encoding="utf-8")


def write_conflicts(path: Path, conversion: Conversion, sources: str) -> None:
    """Write what the conversion did not merge: hand-written entries that won, aliases and names
    shared across countries, and the state institutions left to states.json."""
    review = conversion.review
    sections = [
        ("Hand-written entries and listed companies win: these incoming entries were not added (what they would add "
         "follows)",
         sorted(review.conflicts)),
        ("Aliases shared by incoming entries of different countries: dropped from all of them", review.shared_aliases),
        ("Names shared by incoming entries of different countries: kept, their ids carry the country",
         review.shared_names),
        ("State institutions not converted: they stand for <code>:<SECTOR> (candidates for states.json metonyms)",
         conversion.institutions),
    ]
    text = [f"# {CONFLICTS_FILE}: written by claimgraph convert; edit the hand-written files, not this one.",
            f"# {sources}", ""]
    for title, lines in sections:
        text += [f"## {title} ({len(lines)})", *lines, ""]
    path.write_text("\n".join(text), encoding="utf-8")


def summarize(conversion: Conversion) -> str:
    """Return the counts of a conversion, one per line: entries by type, roles, what was filtered and why."""
    types = Counter(e["type"] for e in conversion.entries)
    roles = sum(len(e["roles"]) for e in conversion.entries)
    lines = [f"{CONVERTED_FILE}: {len(conversion.entries)} entries ("
             + ", ".join(f"{n} {t}" for t, n in sorted(types.items())) + f"), {roles} dated roles"]
    lines += [f"  records skipped, {reason}: {n}" for reason, n in sorted(conversion.skipped.items())]
    lines += [f"  {reason}: {n}" for reason, n in sorted(conversion.review.counts.items())]
    return "\n".join(lines)
