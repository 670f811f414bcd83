"""What each Phoenix record and CountryInfo office holder would add to the actor registry.

Owns ``ConvertTables`` (the registry's tables the conversion reads: states, sectors, particles,
offices, ``convert_words.json``), ``Codebook`` (a CAMEO actor code read as country, sector and
IGO), ``Candidate`` (an incoming registry entry before the filters and the merge) and
``build_candidates``: typing each record (person, organization, igo, armed group, or skipped with
a reason), its dated roles (CountryInfo's office where it names one, else a generic office of the
sector) and its names. Imports the standard library, ``pipeline.knowledge``, ``pipeline.records``,
``pipeline.normalize.actor_entries``/``actor_names`` and the siblings ``countryinfo`` and
``phoenix_names``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from pipeline.convert.countryinfo import OfficeHolder, Tenure
from pipeline.convert.phoenix_names import PhoenixRecord, display_name, split_name
from pipeline.knowledge.words import word_set
from pipeline.normalize.actor_entries import Role
from pipeline.normalize.actor_names import alias_key
from pipeline.records import EntityType

NON_STATE = ("IGO", "NGO", "IMG")
COMPANY = "MNC"
ACRONYM_MAX = 5  # a one-word organization name this short is an acronym, written in capitals
# The sources' last update (the Phoenix dictionaries run to about 2014): a role they leave open ("[>030326]")
# is closed here, so that a holder of 2011 never answers for "the Latvian prime minister" of a 2020 article.
SOURCE_SNAPSHOT_END = date(2015, 1, 1)
CORPORATE_SUFFIXES = word_set("corporate_suffixes")


@dataclass(frozen=True)
class ConvertTables:
    """The registry's tables the conversion reads, and the words of ``convert_words.json``."""

    states: frozenset[str]
    renames: Mapping[str, str]
    sectors: frozenset[str]
    recodes: Mapping[str, str]
    particles: frozenset[str]
    state_sectors: frozenset[str]
    armed_sectors: frozenset[str]
    offices: Mapping[str, str]
    generic_offices: Mapping[str, str]
    undated_person_sectors: frozenset[str]
    organization_words: frozenset[str]
    common_words: frozenset[str]


@dataclass(frozen=True)
class Codebook:
    """CAMEO actor codes read against the registry: ``AFGGOVAGR`` is Afghanistan, sector GOV."""

    tables: ConvertTables
    igo_codes: Mapping[str, str] = field(default_factory=dict)

    def state(self, chunk: str) -> str | None:
        code = self.tables.renames.get(chunk, chunk)
        return code if code in self.tables.states else None

    def country(self, code: str) -> str | None:
        """Return the code's registry country: a state (a territory where one follows its state:
        ``GBRVGB`` is VGB, ``SUNRUS`` is RUS), IGO, NGO or IMG; a company's state; else None."""
        head = code[:3]
        if head in NON_STATE:
            return head
        if head == COMPANY:
            return self.state(code[3:6])
        return (self.state(code[3:6]) if self.state(head) or head in self.tables.renames else None) or self.state(head)

    def sector(self, code: str) -> str | None:
        """Return the first chunk after the country that is a registry sector (CAMEO MED read as JRN)."""
        start = 6 if code.startswith(COMPANY) else 3
        chunks = (self.tables.recodes.get(code[k:k + 3], code[k:k + 3]) for k in range(start, len(code), 3))
        return next((c for c in chunks if c in self.tables.sectors), None)

    def igo(self, code: str) -> str | None:
        """Return the registry IGO id of an ``IGO...`` code: that of its longest known prefix."""
        prefixes = (code[:k] for k in range(len(code) - len(code) % 3, 5, -3))
        return next((self.igo_codes[p] for p in prefixes if p in self.igo_codes), None)


@dataclass
class Candidate:
    """An incoming registry entry: what a source record (or several) would add."""

    name: str
    type: EntityType
    country: str
    sector: str | None
    aliases: list[str]
    roles: list[Role]
    sources: list[str]
    latest: date | None = None
    undated_sector: str | None = None

    @property
    def key(self) -> str:
        return alias_key(self.name)


@dataclass
class Built:
    """The candidates of the sources, and how many records were skipped, by reason."""

    candidates: list[Candidate]
    skipped: Counter[str]
    institutions: list[str]


def build_candidates(records: list[PhoenixRecord], holders: list[OfficeHolder], codebook: Codebook) -> Built:
    """Return the candidates of the Phoenix records and CountryInfo holders, merged by name, country and type.

    A Phoenix person CountryInfo also lists (same name, same country) takes CountryInfo's offices;
    holders Phoenix lacks become candidates of their own.
    """
    built = Built([], Counter(), [])
    by_holder: dict[tuple[str, str], OfficeHolder] = {}
    for holder in holders:
        country = codebook.country(holder.country)
        if country is None:
            built.skipped["CountryInfo holder without a registry country"] += 1
        else:
            by_holder[(_key(holder.name, codebook), country)] = OfficeHolder(
                holder.name, holder.synonyms, country, holder.tenures)
    used: set[tuple[str, str]] = set()
    people = {k for k, _ in by_holder}
    given = given_names(people)
    for record in records:
        kind, reason = classify(record, codebook, people, given)
        if kind is None:
            built.skipped[reason] += 1
            if reason == "state institution (stands for <code>:<SECTOR>)":
                built.institutions.append(f"{record.source} {record.tenures[0].code}")
            continue
        candidate = _candidate(record, kind, codebook, by_holder, used)
        if candidate is None:
            built.skipped[f"{kind} without a registry country"] += 1
        else:
            built.candidates.append(candidate)
    for place, holder in by_holder.items():
        if place not in used:
            built.candidates.append(_holder_candidate(holder, codebook))
    built.candidates = _merged(built.candidates)
    return built


def _key(raw: str, codebook: Codebook) -> str:
    return alias_key(display_name(split_name(raw)[0], codebook.tables.particles))


def given_names(people: set[str]) -> frozenset[str]:
    """Return the words that begin at least two CountryInfo people's names ("john", "mohammad", "kim")."""
    firsts = Counter(key.split()[0] for key in people if " " in key)
    return frozenset(word for word, n in firsts.items() if n >= 2)


def classify(record: PhoenixRecord, codebook: Codebook, people: set[str],
             given: frozenset[str] = frozenset()) -> tuple[EntityType | None, str]:
    """Return the type of a record's actor, or None and why it is not converted.

    A person is one CountryInfo lists (same name), one the MilNonState dictionary marks so (a name
    ending in two underscores), or a name of two or more words without an organization word that
    either has dated codes or begins with a given name of CountryInfo's people (``given``).
    """
    phrase = split_name(record.name)[0]
    words = alias_key(phrase).split()
    code = next((t.code for t in record.tenures if not t.dated), record.tenures[0].code)
    if _is_person(record, words, codebook, people, given):
        return "person", ""
    head, sector = code[:3], codebook.sector(code)
    if head != COMPANY and names_an_office(words, codebook.tables.offices):
        return None, "role phrase (read through the lexicon's offices)"
    if head in ("IGO", "NGO", COMPANY):
        return ("igo" if head == "IGO" else "organization"), ""
    if head == "IMG" or sector in codebook.tables.armed_sectors:
        return "armed_group", ""
    if codebook.country(code) is None:
        return None, "no registry country (region or unknown code)"
    if sector is None:
        return None, "state or territory (states.json)"
    if sector in codebook.tables.state_sectors:
        return None, "state institution (stands for <code>:<SECTOR>)"
    return "organization", ""


def _is_person(record: PhoenixRecord, words: list[str], codebook: Codebook, people: set[str],
               given: frozenset[str]) -> bool:
    if record.file == "MilNonState" and record.name.endswith("__"):
        return True  # that dictionary marks most of the people in it so
    if "CountryInfo" in record.comment or " ".join(words) in people:
        return True
    organization = codebook.tables.organization_words
    if len(words) < 2 or any(w in organization for w in words) or record.tenures[0].code.startswith(COMPANY):
        return False
    return any(t.dated for t in record.tenures) or words[0] in given


def names_an_office(words: list[str], offices: Mapping[str, str]) -> bool:
    """True when the words hold an office phrase of the lexicon ("UN Secretary General", "US Secretary of State")."""
    text = f" {' '.join(words)} "
    return any(f" {phrase} " in text for phrase in offices if " " in phrase or len(phrase) > 3)


def _candidate(record: PhoenixRecord, kind: EntityType, codebook: Codebook,
               by_holder: Mapping[tuple[str, str], OfficeHolder], used: set[tuple[str, str]]) -> Candidate | None:
    country = _person_country(record.tenures, codebook) if kind == "person" else _entry_country(record, codebook)
    if country is None:
        return None
    phrase, acronyms = split_name(record.name)
    tenures = list(record.tenures)
    holder = by_holder.get((_key(record.name, codebook), country)) if kind == "person" else None
    synonyms: list[str] = []
    if holder is not None:
        used.add((_key(record.name, codebook), country))
        tenures = [*holder.tenures, *tenures]
        synonyms = list(holder.synonyms)
    sources = [record.source] + ([f"countryinfo:{holder.country}"] if holder else [])
    raw_aliases = [*(split_name(a)[0] for a in record.aliases), *(split_name(s)[0] for s in synonyms)]
    return _assemble(kind, country, phrase, [*raw_aliases, *acronyms], tenures, sources, codebook)


def _holder_candidate(holder: OfficeHolder, codebook: Codebook) -> Candidate:
    aliases = [split_name(s)[0] for s in holder.synonyms]
    return _assemble("person", holder.country, split_name(holder.name)[0], aliases, list(holder.tenures),
                     [f"countryinfo:{holder.country}"], codebook)


def _assemble(kind: EntityType, country: str, phrase: str, aliases: list[str], tenures: list[Tenure],
              sources: list[str], codebook: Codebook) -> Candidate:
    undated = next((t for t in tenures if not t.dated), None)
    roles = roles_of(tenures, codebook)
    default = codebook.sector(undated.code) if undated else None
    if kind == "person":
        sector = "ELI" if roles else default
    else:
        sector = "BUS" if tenures[0].code.startswith(COMPANY) else default or codebook.sector(tenures[0].code)
    names = [_show(p, kind, codebook.tables.particles) for p in (phrase, *aliases) if p] or [""]
    if sector == "BUS" and kind != "person":
        names += [short for short in map(_without_legal_form, names) if short]
    names += [n.title() for n in names if kind != "person" and n.isupper() and len(n) >= 4 and " " not in n]
    return Candidate(names[0], kind, country, sector, list(dict.fromkeys(names[1:])), roles, sources,
                     _latest(tenures), default)


def _without_legal_form(name: str) -> str:
    """Return a company's name without its trailing legal form ("Cisco Systems Inc" -> "Cisco Systems"),
    or "" when none or one word would be left: a one-word short name ("Apple Inc" -> "Apple") takes
    the company for a descriptor ("Apple Computer CEO Steve Jobs" would read as Apple)."""
    words = name.split()
    if len(words) < 3 or words[-1].lower().strip(".,") not in CORPORATE_SUFFIXES:
        return ""
    return " ".join(words[:-1]).strip(" ,")


def _show(phrase: str, kind: EntityType, particles: frozenset[str]) -> str:
    """Return ``phrase`` as a name; a short one-word organization name is an acronym, kept in capitals."""
    if kind != "person" and " " not in phrase and len(phrase) <= ACRONYM_MAX and "." not in phrase:
        return phrase.upper()
    return display_name(phrase, particles)


def _person_country(tenures: list[Tenure], codebook: Codebook) -> str | None:
    undated = [codebook.country(t.code) for t in tenures if not t.dated]
    states = [c for c in (codebook.country(t.code) for t in tenures) if c in codebook.tables.states]
    if undated and undated[0] in codebook.tables.states:
        return undated[0]
    if states:
        return Counter(states).most_common(1)[0][0]
    return next((t.code[:3] for t in tenures if t.code[:3] in NON_STATE), None)


def _entry_country(record: PhoenixRecord, codebook: Codebook) -> str | None:
    code = next((t.code for t in record.tenures if not t.dated), record.tenures[0].code)
    return codebook.country(code)


def roles_of(tenures: list[Tenure], codebook: Codebook) -> list[Role]:
    """Return the dated roles of ``tenures`` (ELI periods are not roles: ELI is the default sector),
    one per office, state or IGO and dates; a generic office gives way to a named one it overlaps."""
    roles: dict[tuple[str, date | None, date | None], Role] = {}
    for tenure in tenures:
        role = _role(tenure, codebook)
        if role is not None:
            roles.setdefault((role.of, role.start, role.end), role)
    generic = set(codebook.tables.generic_offices.values())
    named = [r for r in roles.values() if r.office not in generic]
    kept = [r for r in roles.values() if r.office not in generic or not any(_overlap(r, n) for n in named)]
    return sorted(kept, key=lambda r: (r.start or date.min, r.end or date.max, r.of, r.office))


def _role(tenure: Tenure, codebook: Codebook) -> Role | None:
    igo = codebook.igo(tenure.code) if tenure.code.startswith("IGO") else None
    sector = codebook.sector(tenure.code) or ("GOV" if igo else None)  # an IGO's officials, as the hand roles code them
    if not tenure.dated or sector is None or sector == "ELI":
        return None
    of = igo or codebook.country(tenure.code)
    if of is None or of in NON_STATE:
        return None
    generic = codebook.tables.generic_offices
    office = tenure.office or generic.get("IGO" if igo else sector, generic["default"])
    # The sources' ranges include their end, which is also the successor's first day: that day is
    # the registry's exclusive end, but a one-day tenure ("20040517 - 20040517") keeps its day.
    end = tenure.end + timedelta(days=1) if tenure.end is not None and tenure.start == tenure.end else tenure.end
    if end is None and (tenure.start is None or tenure.start < SOURCE_SNAPSHOT_END):
        end = SOURCE_SNAPSHOT_END
    return Role(office, of, sector, tenure.start, end)


def _overlap(a: Role, b: Role) -> bool:
    return a.of == b.of and (a.start or date.min) < (b.end or date.max) and (b.start or date.min) < (a.end or date.max)


def _latest(tenures: list[Tenure]) -> date | None:
    ends = [t.end or date.max for t in tenures if t.dated]
    return max(ends, default=None)


def _merged(candidates: list[Candidate]) -> list[Candidate]:
    """Return the candidates with those of one name, country and type merged (aliases, roles, sources)."""
    merged: dict[tuple[str, str, str], Candidate] = {}
    for candidate in candidates:
        place = (candidate.key, candidate.country, candidate.type)
        old = merged.setdefault(place, candidate)
        if old is not candidate:
            old.aliases = list(dict.fromkeys([*old.aliases, candidate.name, *candidate.aliases]))
            old.roles = sorted(set(old.roles) | set(candidate.roles),
                               key=lambda r: (r.start or date.min, r.end or date.max, r.of, r.office))
            old.sources = sorted({*old.sources, *candidate.sources})
            old.latest = max((d for d in (old.latest, candidate.latest) if d), default=None)
            old.undated_sector = old.undated_sector or candidate.undated_sector
    return list(merged.values())
