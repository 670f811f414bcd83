"""Keeping the converted actors useful, and apart from the hand-written registry.

Owns the filters (people kept by date; aliases dropped when one word for a person, shorter than
``MIN_ALIAS`` characters, a common English word, or shared by incoming entries of different
countries), the merge policy (an incoming entry whose name or alias folds to a name or alias of a
hand-written entry is not added, but listed with what it would add) and the ids (the slug of the
name; on a collision the country code, then a number). Imports the standard library,
``pipeline.ids``, ``pipeline.knowledge``, ``pipeline.normalize.actor_entries``/``actor_names`` and
the sibling ``actor_candidates``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from pipeline.convert.actor_candidates import Candidate, ConvertTables, names_an_office
from pipeline.ids import content_id, slugify
from pipeline.knowledge.text import fold
from pipeline.normalize.actor_entries import ActorEntry, Role
from pipeline.normalize.actor_names import alias_key

# People whose every dated code (office or ELI period) ended before this day are left out.
KEEP_FROM = date(1990, 1, 1)
MIN_ALIAS = 4


@dataclass(frozen=True)
class HandRegistry:
    """The hand-written registry: its actor and IGO entries by id, and every folded name or alias
    (of states too: names, aliases and metonyms) with the ids it points to."""

    entries: Mapping[str, ActorEntry]
    keys: Mapping[str, tuple[str, ...]]
    ids: frozenset[str]


@dataclass
class Review:
    """What the filters and the merge did: counts by reason and the lines of the conflicts file."""

    counts: Counter[str] = field(default_factory=Counter)
    conflicts: list[str] = field(default_factory=list)
    shared_aliases: list[str] = field(default_factory=list)
    shared_names: list[str] = field(default_factory=list)


def keep_people(candidates: list[Candidate], tables: ConvertTables, review: Review) -> list[Candidate]:
    """Return the candidates without the people of no use to news since 1990: every dated code
    ended before ``KEEP_FROM``, or undated without a government, military, opposition or rebel code."""
    kept = []
    for candidate in candidates:
        if candidate.type != "person":
            kept.append(candidate)
        elif candidate.latest is not None and candidate.latest < KEEP_FROM:
            review.counts["person dropped: every dated code ended before 1990"] += 1
        elif candidate.latest is None and candidate.undated_sector not in tables.undated_person_sectors:
            review.counts["person dropped: undated, no government/military/opposition/rebel code"] += 1
        else:
            kept.append(candidate)
    return kept


def filter_aliases(candidates: list[Candidate], tables: ConvertTables, review: Review) -> list[Candidate]:
    """Return the candidates with their faulty aliases dropped; a faulty name gives way to the first
    alias kept, and a candidate with none is dropped."""
    kept = []
    for candidate in candidates:
        aliases: list[str] = []
        for alias in candidate.aliases:
            fault = alias_fault(alias, candidate, tables)
            if fault:
                review.counts[f"alias dropped: {fault}"] += 1
            elif alias_key(alias) not in {alias_key(a) for a in (candidate.name, *aliases)}:
                aliases.append(alias)
        if alias_fault(candidate.name, candidate, tables):
            if not aliases:
                review.counts["entry dropped: one-word, short or common name and no alias to stand in"] += 1
                continue
            candidate.name, aliases = aliases[0], aliases[1:]
        candidate.aliases = aliases
        kept.append(candidate)
    return kept


def alias_fault(alias: str, candidate: Candidate, tables: ConvertTables) -> str:
    """Return why ``alias`` of ``candidate`` would make false matches ("" when it would not)."""
    words = alias_key(alias).split()
    if len(alias.replace(" ", "")) < MIN_ALIAS or not words:
        return f"shorter than {MIN_ALIAS} characters"
    if candidate.type == "person" and len(words) < 2:
        return "one word of a person's name"
    if len(words) == 1 and words[0] in tables.common_words:
        return "common English word"
    if candidate.type != "person" and candidate.sector != "BUS" and names_an_office(words, tables.offices):
        return "an office, not a name (the lexicon reads it)"
    return ""


def drop_shared_aliases(candidates: list[Candidate], review: Review) -> None:
    """Drop every alias that names incoming entries of different countries, and list them; names
    shared so are listed and kept (their ids then carry the country)."""
    countries: dict[str, set[str]] = defaultdict(set)
    holders: dict[str, list[str]] = defaultdict(list)
    for candidate in candidates:
        for key in dict.fromkeys([candidate.key, *(alias_key(a) for a in candidate.aliases)]):
            countries[key].add(candidate.country)
            holders[key].append(f"{candidate.name} ({candidate.country})")
    shared = {key for key, found in countries.items() if len(found) > 1}
    names = {c.key for c in candidates}
    for candidate in candidates:
        kept = [a for a in candidate.aliases if alias_key(a) not in shared]
        review.counts["alias dropped: shared by entries of different countries"] += len(candidate.aliases) - len(kept)
        candidate.aliases = kept
    for key in sorted(shared):
        line = f"{key}: {', '.join(sorted(holders[key]))}"
        (review.shared_names if key in names else review.shared_aliases).append(line)


def merge_with_hand(candidates: list[Candidate], hand: HandRegistry, review: Review) -> list[Candidate]:
    """Return the candidates no hand-written entry names; list the others with what they would add."""
    added = []
    for candidate in candidates:
        keys = dict.fromkeys([candidate.key, *(alias_key(a) for a in candidate.aliases)])
        hits = sorted({hit for key in keys for hit in hand.keys.get(key, ())})
        if not hits:
            added.append(candidate)
            continue
        review.counts["not added: a hand-written entry has its name or an alias"] += 1
        review.conflicts.append(_conflict(candidate, hits, hand))
    return added


def _conflict(candidate: Candidate, hits: list[str], hand: HandRegistry) -> str:
    sources = "; ".join(candidate.sources)
    head = f"{candidate.name} [{candidate.type} {candidate.country}] ({sources}) -> {', '.join(hits)}"
    entry = next((hand.entries[h] for h in hits if h in hand.entries), None)
    if entry is None:
        return f"{head}: names a state"
    extra = [r for r in candidate.roles if not any(_same_role(r, h) for h in entry.roles)]
    notes = [f"would add {len(extra)} roles: " + "; ".join(_role_text(r) for r in extra)] if extra else []
    if candidate.country != entry.country:
        notes.append(f"country {candidate.country} (hand: {entry.country})")
    return f"{head}: {', '.join(notes) or 'adds nothing'}"


def _same_role(a: Role, b: Role) -> bool:
    return a.of == b.of and (a.start or date.min) < (b.end or date.max) and (b.start or date.min) < (a.end or date.max)


def _role_text(role: Role) -> str:
    start = role.start.isoformat() if role.start else "?"
    return f"{role.office} of {role.of} {start}..{role.end.isoformat() if role.end else 'open'}"


def assign_ids(candidates: list[Candidate], taken: frozenset[str]) -> list[tuple[str, Candidate]]:
    """Return ``(id, candidate)`` pairs sorted by id: the slug of the name ("recep_tayyip_erdogan"), or
    on a collision with ``taken`` or an earlier candidate (in name, country, type order) the slug and
    the country code ("john_smith_usa"), then a number ("john_smith_usa_2")."""
    used = set(taken)
    pairs = []
    for candidate in sorted(candidates, key=lambda c: (c.key, c.country, c.type, c.name, c.sources)):
        base = slugify(fold(candidate.name)) or content_id("a", candidate.name, length=12)
        choice, number = base, 1
        while choice in used:
            number += 1
            choice = f"{base}_{candidate.country.lower()}" + (f"_{number - 1}" if number > 2 else "")
        used.add(choice)
        pairs.append((choice, candidate))
    return sorted(pairs, key=lambda pair: pair[0])
