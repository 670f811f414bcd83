"""Tests of ``pipeline.convert.companies`` and ``company_names``: company records written here in the package's shape
(invented companies), converted beside a tiny hand-written registry; the names and countries read from them; and
the shipped registry with the converted file it carries."""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from pipeline.convert import companies
from pipeline.convert.companies import (
    ALIAS_FAULTS,
    ALIAS_NAMED,
    ALIAS_SHARED,
    COMPANIES_FILE,
    COMPANY_CONFLICTS_FILE,
    NAMED_BY_HAND,
    NO_ID,
    SHARED_IDS,
    AliasRules,
    convert_companies,
    registry_names,
)
from pipeline.convert.company_names import (
    Listing,
    country_names,
    display_name,
    read_listings,
    without_legal_form,
)
from pipeline.convert.phoenix_actors import WORDS_FILE, read_hand_registry
from pipeline.knowledge.words import word_set
from pipeline.normalize.actors import ActorRegistry
from pipeline.records import Article

ROOT = Path(__file__).resolve().parents[3]
REGISTRY = ROOT / "models" / "registry"
LEGAL_FORMS = word_set("corporate_suffixes") | frozenset(
    json.loads((REGISTRY / WORDS_FILE).read_text(encoding="utf-8"))["company_legal_forms"])


def record(name: str, *, isins: list[str] | None = None, symbol: str | None = None, country: str | None = None,
           headquarters: str | None = None, akas: list[str] | None = None) -> dict[str, Any]:
    """A company as the package writes it (fields the conversion does not read included)."""
    row: dict[str, Any] = {"name": name, "industries": ["Widgets"]}
    if symbol:
        row["symbol"] = symbol
        row["symbols"] = [{"yahoo": symbol, "google": f"NYSE:{symbol}", "currency": "USD"}]
    if country:
        row["country"] = country
    if headquarters:
        row["metadata"] = {"headquarters": headquarters, "wikipedia_url": "https://en.wikipedia.org/wiki/Example"}
    if isins:
        row["isins"] = isins
    if akas:
        row["akas"] = akas
    return row


# An excerpt written for these tests, in the package's shape: invented companies of two invented indices.
INDICES = {
    "TEST 30": {"name": "TEST 30", "companies": [
        record("Orchard Computers Inc.", isins=["US0000000019"], symbol="ORCH", country="United States",
               headquarters="Cupertino, California , U.S."),
        record("Fjord Motors AG (Class A)", isins=["US0000000027", "DE0000000001"], symbol="FJM.DE", country="Germany",
               headquarters="Stuttgart , Germany"),
        record("Elessar plc", isins=["GB0000000031"], symbol="ELS.L", country="United Kingdom",
               headquarters="London , England"),
        record("Council of the West", symbol="COW", country="United States"),
        record("Harmonic Corporation", isins=["US0000000043"], symbol="HRM", country="Atlanta, Georgia"),
        record("Springfield Group", symbol="SPG", country="Springfield, Illinois"),
        record("Nameless Holdings", country="Japan"),
        record("Gondor Rail", symbol="GDR", country="Atlanta, Georgia", akas=["Gondor Railways"]),
        record("Mordor Mining", isins=["FR0000000042"], symbol="MMN.PA", country="France"),
        record("Mordor Minerals", isins=["FR0000000042"], symbol="MMX.PA", country="France"),
        record("Rohan Steel AG", isins=["DE0000000059"], symbol="RST.DE", country="Germany"),
        record("Rohan Steel Inc.", isins=["US0000000068"], symbol="RST", country="United States"),
    ]},
    "TEST 100": {"name": "TEST 100", "companies": [
        record("Orchard Computers Inc.", isins=["US0000000019"], symbol="ORCH.F", country="Cupertino, California"),
    ]},
}
RULES = AliasRules(legal_forms=LEGAL_FORMS, common_words=frozenset({"harmonic", "target"}),
                   places=frozenset({"springfield"}))
HAND_ACTORS = [{"id": "aragorn_elessar", "name": "Aragorn Elessar", "type": "person", "country": "NZL",
                "sector": "ELI", "wikidata": None, "aliases": ["Elessar"], "roles": []}]
HAND_IGOS = [{"id": "council_of_the_west", "name": "Council of the West", "type": "igo", "country": "IGO",
              "sector": None, "wikidata": None, "aliases": []}]


def company(entry_id: str, name: str, country: str, aliases: list[str], source: str) -> dict[str, Any]:
    return {"id": entry_id, "name": name, "type": "organization", "country": country, "sector": "BUS",
            "wikidata": None, "aliases": aliases, "roles": [], "source": f"pytickersymbols 9.9:{source}"}


EXPECTED = [
    company("isin_de0000000001", "Fjord Motors AG", "DEU", ["Fjord Motors"], "TEST 30:Fjord Motors AG (Class A)"),
    company("isin_de0000000059", "Rohan Steel AG", "DEU", [], "TEST 30:Rohan Steel AG"),
    company("isin_gb0000000031", "Elessar plc", "GBR", [], "TEST 30:Elessar plc"),
    company("isin_us0000000019", "Orchard Computers Inc.", "USA", ["Orchard Computers"],
            "TEST 100, TEST 30:Orchard Computers Inc."),
    company("isin_us0000000043", "Harmonic Corporation", "USA", [], "TEST 30:Harmonic Corporation"),
    company("isin_us0000000068", "Rohan Steel Inc.", "USA", [], "TEST 30:Rohan Steel Inc."),
    company("ticker_gdr", "Gondor Rail", "USA", ["Gondor Railways"], "TEST 30:Gondor Rail"),
    company("ticker_mmn_pa", "Mordor Mining", "FRA", [], "TEST 30:Mordor Mining"),
    company("ticker_mmx_pa", "Mordor Minerals", "FRA", [], "TEST 30:Mordor Minerals"),
    company("ticker_spg", "Springfield Group", "USA", [], "TEST 30:Springfield Group"),
]
EXPECTED_SECTIONS = {
    SHARED_IDS: ["FR0000000042: Mordor Minerals, Mordor Mining"],
    NAMED_BY_HAND: ["Council of the West [USA] (pytickersymbols:TEST 30:Council of the West) -> council_of_the_west: "
                    "country USA (hand: IGO)"],
    ALIAS_FAULTS: ["Harmonic (Harmonic Corporation): one common word",
                   "Springfield (Springfield Group): a town or region"],
    ALIAS_NAMED: ["Elessar (Elessar plc) -> aragorn_elessar"],
    NO_ID: ["Nameless Holdings (pytickersymbols:TEST 30:Nameless Holdings)"],
    ALIAS_SHARED: ["Rohan Steel (Rohan Steel AG): Rohan Steel Inc.", "Rohan Steel (Rohan Steel Inc.): Rohan Steel AG"],
}


@pytest.fixture
def registry_dir(tmp_path: Path) -> Path:
    """A registry folder: the shipped states, lexicon and words, a tiny hand-written registry."""
    folder = tmp_path / "models" / "registry"
    folder.mkdir(parents=True)
    for name in ("states.json", "lexicon.json", "words.json", "places.json", WORDS_FILE):
        shutil.copy(REGISTRY / name, folder / name)
    for kind, rows in (("actors", HAND_ACTORS), ("igos", HAND_IGOS)):
        doc = {"kind": kind, "schema": 1, "sources": "tests", "entries": rows}
        (folder / f"{kind}.json").write_text(json.dumps(doc), encoding="utf-8")
    return folder


def test_companies_converts_whole_entries_and_lists_what_it_left_out(registry_dir: Path) -> None:
    names = country_names(json.loads((registry_dir / "states.json").read_text(encoding="utf-8"))["entries"],
                          us_states=["California", "Georgia", "Illinois"], alpha2={"US": "USA"})
    conversion = convert_companies(read_listings(INDICES), hand=registry_names(registry_dir), names=names,
                                   rules=RULES, version="9.9")
    assert conversion.entries == EXPECTED
    assert conversion.review.sections == EXPECTED_SECTIONS


def test_companies_main_writes_the_file_the_registry_and_phoenix_read(registry_dir: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(companies, "read_package", lambda: (INDICES, "9.9"))
    summary = companies.main(registry_dir.parent.parent / "data", registry_dir.parent)
    written = [(registry_dir / name).read_bytes() for name in (COMPANIES_FILE, COMPANY_CONFLICTS_FILE)]
    doc = json.loads(written[0])
    # the real rules: "harmonic" is an English adjective, Springfield a town
    assert doc["entries"] == EXPECTED and (doc["kind"], doc["schema"]) == ("actors", 1)
    assert "MIT" in doc["licence"] and "pytickersymbols 9.9" in doc["sources"]
    assert summary.splitlines()[0] == "converted_companies.json: 10 organizations (6 ids by ISIN, 4 by ticker), 3 aliases"
    companies.main(registry_dir.parent.parent / "data", registry_dir.parent)  # its own file is not read as hand-written
    assert [(registry_dir / name).read_bytes() for name in (COMPANIES_FILE, COMPANY_CONFLICTS_FILE)] == written
    registry = ActorRegistry.load(registry_dir)
    assert {registry.resolve(m, label="ORG").id for m in ("Orchard Computers Inc.", "Orchard Computers")} == {
        "isin_us0000000019"}
    # the Phoenix conversion, run next, defers to the companies as to the hand-written entries
    assert read_hand_registry(registry_dir).keys["orchard computers"] == ("isin_us0000000019",)


def test_companies_missing_package_writes_nothing(registry_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(companies, "PACKAGE", "pytickersymbols_not_installed")
    with pytest.raises(companies.SourceError, match="pip install"):
        companies.main(registry_dir.parent.parent / "data", registry_dir.parent)
    assert not (registry_dir / COMPANIES_FILE).exists()


@pytest.mark.parametrize(("name", "expected"), [
    ("Apple Inc.", "Apple"), ("The Coca-Cola Company", "Coca-Cola"), ("Merck & Co.", "Merck"),
    ("ZOZO Co., Ltd", "ZOZO"), ("Nike, Inc.", "Nike"), ("Aer Lingus Group PLC", "Aer Lingus"),
    ("Nomura Holdings", "Nomura"), ("KSB SE & Co. KGaA", "KSB"), ("General Motors", "General Motors"),
    ("Group plc", "Group plc"),  # nothing would be left: the name stays
])
def test_companies_strips_legal_forms(name: str, expected: str) -> None:
    assert without_legal_form(name, LEGAL_FORMS) == expected


@pytest.mark.parametrize(("written", "expected"), [
    ("Rio Tinto (corporation)", "Rio Tinto"), ("Clearway Energy, Inc. (Class C)", "Clearway Energy, Inc."),
    ("KalmarB", "Kalmar"), ("IndustrivärdenC", "Industrivärden"), ("MongoDB", "MongoDB"), ("Apple Inc.", "Apple Inc."),
])
def test_companies_display_names(written: str, expected: str) -> None:
    assert display_name(written) == expected


def listing(countries: tuple[str, ...] = (), headquarters: str = "", isins: tuple[str, ...] = ()) -> Listing:
    return Listing("X", ("X",), ("TEST",), isins, (), countries, headquarters, ())


@pytest.mark.parametrize(("found", "expected"), [
    (listing(("United Kingdom",), "Shinjuku , Tokyo , Japan"), ("JPN", "headquarters")),  # the package's slip
    (listing(("Lebanon, Tennessee",), "Lebanon, Tennessee , US"), ("USA", "country and headquarters")),
    (listing((), "Atlanta , Georgia , U.S."), ("USA", "headquarters")),
    (listing(("France", "Netherlands", "Netherlands"),
             "Leiden , Netherlands (legal headquarters) Blagnac , France (main office of operations)"),
     ("NLD", "country and headquarters")),
    (listing(("Netherlands",), "High Tech Campus , Eindhoven , Netherlands Austin , United States"),
     ("NLD", "country and headquarters")),
    (listing((), "London"), ("GBR", "headquarters")),  # a capital
    (listing(("New York City, New York",)), ("USA", "country")),
    (listing((), "", ("DE0000000001",)), ("DEU", "ISIN")),
    (listing(), (None, "")),
])
def test_companies_reads_the_country(found: Listing, expected: tuple[str | None, str]) -> None:
    names = country_names(json.loads((REGISTRY / "states.json").read_text(encoding="utf-8"))["entries"],
                          us_states=["Georgia", "Tennessee", "New York"], alpha2={"DE": "DEU"})
    assert names.country_of(found) == expected


# --- the shipped registry ------------------------------------------------------------------------------------

APPLE = "isin_us0378331005"


@pytest.fixture(scope="module")
def shipped() -> ActorRegistry:
    return ActorRegistry.load(REGISTRY)


@pytest.mark.parametrize(("mention", "label"), [
    ("Apple Inc.", "ORG"), ("Apple", "ORG"), ("Apple", "PERSON"), ("Apple", "GPE"), ("Apple", None),
])
def test_companies_shipped_company_named_alone_stays_the_company(shipped: ActorRegistry, mention: str,
                                                                 label: str | None) -> None:
    entity = shipped.resolve(mention, label=label)
    assert (entity.id, entity.type, entity.country, entity.sector) == (APPLE, "organization", "USA", "BUS")


@pytest.mark.parametrize(("mention", "expected"), [
    ("James Roche", "x:james_roche"), ("Apple Computer CEO Steve Jobs", "x:steve_jobs"),
])
def test_companies_shipped_person_beside_a_company_name_is_a_person(shipped: ActorRegistry, mention: str,
                                                                    expected: str) -> None:
    entity = shipped.resolve(mention, label="PERSON")
    assert (entity.id, entity.type) == (expected, "person")


@pytest.mark.parametrize("mention", ["Apple Corps", "Apple Records", "Apple Worldwide Developers Conference"])
def test_companies_shipped_longer_name_beginning_with_a_company_is_another_organization(shipped: ActorRegistry,
                                                                                        mention: str) -> None:
    # a converted company matches its names as written: more name words make a namesake, a unit or an event
    entity = shipped.resolve(mention, label="ORG")
    assert entity.id != APPLE and entity.id.startswith("x:")


@pytest.mark.parametrize("mention", ["Apple Inc", "Apple, Inc.", "the Apple Inc."])
def test_companies_shipped_legal_forms_and_articles_keep_the_company(shipped: ActorRegistry, mention: str) -> None:
    assert shipped.resolve(mention, label="ORG").id == APPLE


def test_companies_shipped_sentence_names_apple_once(rules_pipeline: Any) -> None:
    from pipeline.run import annotate_articles, process_batch

    text = "Apple Inc. sued Samsung in a California court on Monday. Apple accused Samsung of copying the iPhone."
    article = Article(id="apple-test", text=text, published_at=datetime(2011, 4, 18))
    [annotation] = annotate_articles(rules_pipeline, [article])
    apples = {(m.text, m.id) for m in annotation.entities if m.text.startswith("Apple")}
    assert apples == {("Apple Inc.", APPLE), ("Apple", APPLE)}
    assert not [p for p in annotation.places if p.text.startswith("Apple")]
    [result] = process_batch(rules_pipeline, [article])
    subjects = {(c.subject.mention, c.subject.id, c.subject.type) for c in result.claims if c.subject}
    assert subjects == {("Apple Inc.", APPLE, "organization"), ("Apple", APPLE, "organization")}
