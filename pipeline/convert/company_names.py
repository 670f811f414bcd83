"""A listed company's names and country, read from its records in the pytickersymbols package.

Owns ``Listing`` (one company: its records of every stock index merged by name), ``display_name`` (the name
without Wikipedia's disambiguation and the share-class letter the package glues on: "Rio Tinto (corporation)"
-> "Rio Tinto", "KalmarB" -> "Kalmar"), ``without_legal_form`` ("Apple Inc." -> "Apple", "The Coca-Cola Company"
-> "Coca-Cola"), and ``CountryNames`` (a state named in the package's country or headquarters text, read with
the registry's own state names and aliases, its capitals and the US states). Imports the standard library,
``pipeline.normalize.actor_names`` (the registry's alias key) and ``pipeline.knowledge``; no spaCy.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pipeline.knowledge.text import fold
from pipeline.normalize.actor_names import alias_key

# Wikipedia's disambiguation ("Puma (brand)", "Clearway Energy, Inc. (Class A)"): not part of the name.
_DISAMBIGUATION = re.compile(r"\s*\([^)]*\)")
# The share class the package glues to some Swedish names ("KalmarB", "IndustrivärdenC").
_SHARE_CLASS = re.compile(r"(?<=[a-zäöå])[A-D]$")
# What joins a legal form to the name before it ("Merck & Co.", "Nike, Inc.").
_JOINERS = frozenset({"&", "and", "the"})
# Where a place text ("Leiden, Netherlands (legal headquarters) Blagnac, France") splits into names.
_PLACE_PARTS = re.compile(r"[,;:()]")


@dataclass(frozen=True)
class Listing:
    """One company of the package: its records of every index, merged by display name (``countries`` keeps one
    value per record, so the most frequent can be told)."""

    name: str
    written: tuple[str, ...]
    indices: tuple[str, ...]
    isins: tuple[str, ...]
    symbols: tuple[str, ...]
    countries: tuple[str, ...]
    headquarters: str
    akas: tuple[str, ...]


def display_name(written: str) -> str:
    """Return the company's name as news writes it: without disambiguation in parentheses or a share-class
    letter glued on ("Puma (brand)" -> "Puma", "LifcoB" -> "Lifco")."""
    name = " ".join(_DISAMBIGUATION.sub("", written).split())
    return _SHARE_CLASS.sub("", name) if " " not in name else name


def read_listings(indices: Mapping[str, Mapping[str, Any]]) -> list[Listing]:
    """Return the companies of the package's index data (``{index: {"companies": [record, ...]}}``), one per
    display name, sorted by it; every field is the union over the company's records, sorted."""
    records: dict[str, list[tuple[str, Mapping[str, Any]]]] = {}
    for index, data in indices.items():
        for record in data.get("companies") or []:
            if record.get("name"):
                records.setdefault(display_name(record["name"]), []).append((index, record))
    return [_listing(name, found) for name, found in sorted(records.items())]


def _listing(name: str, found: list[tuple[str, Mapping[str, Any]]]) -> Listing:
    def union(values: Iterable[Any]) -> tuple[str, ...]:
        return tuple(sorted({v.strip() for v in values if isinstance(v, str) and v.strip() and v.strip() != "-"}))

    records = [record for _, record in found]
    headquarters = union((r.get("metadata") or {}).get("headquarters") for r in records)
    return Listing(name=name, written=union(r["name"] for r in records), indices=union(i for i, _ in found),
                   isins=union(i for r in records for i in r.get("isins") or []),
                   symbols=union(r.get("symbol") for r in records),
                   countries=tuple(sorted(r["country"].strip() for r in records if (r.get("country") or "").strip())),
                   headquarters=headquarters[0] if headquarters else "",
                   akas=union(a for r in records for a in r.get("akas") or []))


def _word_key(word: str) -> str:
    return fold(word).strip(".,;").replace(".", "")


def without_legal_form(name: str, legal_forms: frozenset[str]) -> str:
    """Return ``name`` without a leading "The" and the legal forms that end it ("Merck & Co." -> "Merck", "ZOZO Co.,
    Ltd" -> "ZOZO"); ``name`` itself when nothing is left out or nothing would be left."""
    words = name.split()
    if len(words) > 1 and _word_key(words[0]) == "the":
        words = words[1:]
    while len(words) > 1 and (_word_key(words[-1]) in legal_forms or _word_key(words[-1]) in _JOINERS):
        words = words[:-1]
    stripped = " ".join(words).rstrip(",;&- ")
    return stripped if alias_key(stripped) and _word_key(words[-1]) not in legal_forms else name


@dataclass(frozen=True)
class CountryNames:
    """Names of states, folded: the registry's state names and aliases, its states' capitals, the US states
    (``us_states``) and ISO alpha-2 codes (the prefix of an ISIN) -> ISO alpha-3."""

    states: Mapping[str, str]
    capitals: Mapping[str, str]
    us_states: frozenset[str]
    alpha2: Mapping[str, str]

    def named_in(self, text: str) -> list[str]:
        """Return the states ``text`` names, in order, one per part between commas and parentheses: "Atlanta,
        Georgia, U.S." -> [USA, USA]; a US state after a town is the US state, not the country Georgia. A part
        that names none whole is read by its first words, then its last ones: the package runs an address's
        lines together ("Eindhoven, Netherlands Austin, United States")."""
        found = []
        for position, part in enumerate(p for p in _PLACE_PARTS.split(text) if alias_key(p)):
            states = (self._state(key, position=position) for key in _whole_then_edges(alias_key(part).split()))
            code = next((c for c in states if c), None)
            if code is not None:
                found.append(code)
        return found

    def _state(self, key: str, *, position: int) -> str | None:
        if key in self.us_states and (position > 0 or key not in self.states):
            return "USA"
        return self.states.get(key) or self.capitals.get(key)

    def country_of(self, listing: Listing) -> tuple[str | None, str]:
        """Return the company's country and what gave it: the package's country where its headquarters name it
        too (the one most records give), else the last state its headquarters name (the outermost of an address),
        else the package's country most records give, else the country of its ISIN; ``(None, "")`` when nothing
        names a state."""
        named = self.named_in(listing.headquarters)
        given = Counter(found[-1] for found in map(self.named_in, listing.countries) if found)
        agreed = [code for code in named if code in given]
        if agreed:
            return min(agreed, key=lambda code: -given[code]), "country and headquarters"
        if named:
            return named[-1], "headquarters"
        if given:
            return min(given, key=lambda code: (-given[code], code)), "country"
        by_isin = sorted({self.alpha2[isin[:2]] for isin in listing.isins if isin[:2] in self.alpha2})
        return (by_isin[0], "ISIN") if by_isin else (None, "")


def _whole_then_edges(words: list[str]) -> list[str]:
    """Return the keys to try for a part's words: the whole, its first words (longest first), its last words."""
    firsts = [words[:n] for n in range(len(words) - 1, 0, -1)]
    lasts = [words[n:] for n in range(1, len(words))]
    return [" ".join(keys) for keys in (words, *firsts, *lasts)]


def country_names(states: Sequence[Mapping[str, Any]], *, us_states: Iterable[str],
                  alpha2: Mapping[str, str]) -> CountryNames:
    """Return the country names of the registry's ``states.json`` rows, the US states' names and the ISO alpha-2
    to alpha-3 table (``alpha2``, kept where the registry has the state)."""
    names: dict[str, str] = {}
    capitals: dict[str, str] = {}
    for row in states:
        for name in (row["name"], *row.get("aliases", [])):
            names.setdefault(alias_key(name), row["code"])
        if row.get("capital"):
            capitals.setdefault(alias_key(row["capital"]), row["code"])
    codes = {row["code"] for row in states}
    return CountryNames(states=names, capitals=capitals, us_states=frozenset(map(alias_key, us_states)),
                        alpha2={two: three for two, three in alpha2.items() if three in codes})
