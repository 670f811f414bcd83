"""Tests of ``pipeline.convert.phoenix_actors``: Phoenix actor dictionaries and CountryInfo, written
here in their syntax with invented people, converted into a registry file beside a tiny hand-written
registry; and the shipped registry with the converted file it carries."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from pipeline.convert.countryinfo import Tenure, read_source_date, read_tenure
from pipeline.convert.phoenix_actors import CONFLICTS_FILE, CONVERTED_FILE, WORDS_FILE, main
from pipeline.convert.phoenix_names import display_name
from pipeline.errors import SourceError
from pipeline.normalize.actors import ActorRegistry

ROOT = Path(__file__).resolve().parents[3]
REGISTRY = ROOT / "models" / "registry"

COUNTRIES = """\
# an excerpt written for these tests, in the Phoenix syntax
ICELAND_  [ISL]
+REYKJAVIK_

DENETHOR_MARDIL_STEWARD_  # CountryInfo.txt
\t[ISLELI 300101-870101]
\t[ISLGOV 870101-940315]
\t[ISLELI 940315-050101]
BOROMIR_MACDONALD_  # CountryInfo.txt
+BOROMIR_
+B._MACDONALD_
+ELF_
\t[ISLGOV >030326]
\t[ISLELI]
FARAMIR_OF_ITHILIEN_
\t[ISLMIL 850101-890101]
THEODEN_MARKSON_  [NZLOPP]
THEODEN_GOLDEN_  [NZLELI]
GRIMA_WORMTONGUE_
+THE_GREY_COUNCILLOR_
\t[NZLGOV 950101-990101]
SARUMAN_CURUNIR_
+THE_GREY_COUNCILLOR_
\t[ISLGOV 950101-990101]
ARAGORN_ELESSAR_
\t[NZLGOV 000101-100101]
MERRY_BRANDYBUCK_
\t[ISLGOV 010101-020101]
MERRY_BRANDYBUCK_
\t[NZLGOV 010101-020101]
PIPPIN_TOOK_
\t[ISLGOV 050101-060101]
EOWYN_SHIELDMAIDEN_
\t[ISLGOV >160301]
ISLAND_GUARD_
\t[ISLMIL]
"""

INTERNATIONAL = """\
COUNCIL_OF_THE_WEST_ [IGOWST]
ELROND_HALFELVEN_\t[IGOWST 990101-091231] [ELI]
FALCON_WORKS_INC_\t[MNCISL]
+FALCON_
FRIENDS_OF_THE_ENTS_\t[NGOENV]
"""

MILNONSTATE = """\
ORC_LIBERATION_FRONT_(OLF)_ [NZLREB]
+WHITE_HAND_BRIGADES_
UGLUK_OF_ISENGARD__ [IMGREB]
"""

COUNTRYINFO = """\
<!-- the format's documentation block, skipped -->
<Country>
<CountryCode>ISL</CountryCode>
<CountryName>ICELAND</CountryName>
<Leaders>
\t<Prime ministers>
\t\tDENETHOR_MARDIL_STEWARD_\t\t\t[19870101 - 19940315]  [B:19300101]
\t</Prime ministers>
</Leaders>
<Government>
\tBOROMIR_MACDONALD_\t[ISLGOV >20030326]\t# Minister of Foreign Affairs
\tGANDALF_MITHRANDIR_\t[ISLGOVMIL 20050101 - 20100631]\t# Minister of Defense
\tTHEODEN_EORLING_\t[ISLGOV 20050101 - 20060101]\t# Minister of Horses
\tTHEODEN_HORNBURG_\t[ISLGOV 20060101 - 20070101][ISLGOVCOP 20070101 - 20080101]\t# Minister of Horses & Marshal of Police
</Government>
</Country>
"""

HAND_ACTORS = [
    {"id": "aragorn_elessar", "name": "Aragorn Elessar", "type": "person", "country": "NZL", "sector": "ELI",
     "wikidata": None, "aliases": [], "roles": []},
    {"id": "pippin_took", "name": "Peregrin Took", "type": "person", "country": "ISL", "sector": "ELI",
     "wikidata": None, "aliases": [], "roles": []},
]
HAND_IGOS = [{"id": "council_of_the_west", "name": "Council of the West", "type": "igo", "country": "IGO",
              "sector": None, "wikidata": None, "aliases": []}]


def role(office: str, of: str, sector: str, start: str | None, end: str | None) -> dict:
    return {"office": office, "of": of, "sector": sector, "start": start, "end": end}


def person(entry_id: str, name: str, country: str, sector: str | None, roles: list[dict], source: str,
           aliases: list[str] | None = None) -> dict:
    return {"id": entry_id, "name": name, "type": "person", "country": country, "sector": sector, "wikidata": None,
            "aliases": aliases or [], "roles": roles, "source": source}


EXPECTED = [
    person("boromir_macdonald", "Boromir MacDonald", "ISL", "ELI",
           [role("foreign minister", "ISL", "GOV", "2003-03-26", "2015-01-01")],  # open: closed at the snapshot
           "countryinfo:ISL; phoenix:Countries:BOROMIR_MACDONALD_", ["B. MacDonald"]),
    person("denethor_mardil_steward", "Denethor Mardil Steward", "ISL", "ELI",
           [role("prime minister", "ISL", "GOV", "1987-01-01", "1994-03-15")],
           "countryinfo:ISL; phoenix:Countries:DENETHOR_MARDIL_STEWARD_"),
    person("elrond_halfelven", "Elrond Halfelven", "IGO", "ELI",
           [role("official", "council_of_the_west", "GOV", "1999-01-01", "2009-12-31")],
           "phoenix:International:ELROND_HALFELVEN_"),
    person("eowyn_shieldmaiden", "Eowyn Shieldmaiden", "ISL", "ELI",
           [role("government official", "ISL", "GOV", "2016-03-01", None)],  # open, begun after the snapshot
           "phoenix:Countries:EOWYN_SHIELDMAIDEN_"),
    {"id": "falcon_works_inc", "name": "Falcon Works Inc", "type": "organization", "country": "ISL", "sector": "BUS",
     "wikidata": None, "aliases": ["Falcon Works"], "roles": [], "source": "phoenix:International:FALCON_WORKS_INC_"},
    {"id": "friends_of_the_ents", "name": "Friends of the Ents", "type": "organization", "country": "NGO",
     "sector": None, "wikidata": None, "aliases": [], "roles": [], "source": "phoenix:International:FRIENDS_OF_THE_ENTS_"},
    person("gandalf_mithrandir", "Gandalf Mithrandir", "ISL", "ELI",
           [role("defence minister", "ISL", "GOV", "2005-01-01", "2010-06-30")], "countryinfo:ISL"),
    person("grima_wormtongue", "Grima Wormtongue", "NZL", "ELI",
           [role("government official", "NZL", "GOV", "1995-01-01", "1999-01-01")],
           "phoenix:Countries:GRIMA_WORMTONGUE_"),
    person("merry_brandybuck", "Merry Brandybuck", "ISL", "ELI",
           [role("government official", "ISL", "GOV", "2001-01-01", "2002-01-01")],
           "phoenix:Countries:MERRY_BRANDYBUCK_"),
    person("merry_brandybuck_nzl", "Merry Brandybuck", "NZL", "ELI",
           [role("government official", "NZL", "GOV", "2001-01-01", "2002-01-01")],
           "phoenix:Countries:MERRY_BRANDYBUCK_"),
    {"id": "orc_liberation_front", "name": "Orc Liberation Front", "type": "armed_group", "country": "NZL",
     "sector": "REB", "wikidata": None, "aliases": ["White Hand Brigades"], "roles": [],
     "source": "phoenix:MilNonState:ORC_LIBERATION_FRONT_(OLF)_"},
    person("pippin_took_isl", "Pippin Took", "ISL", "ELI",
           [role("government official", "ISL", "GOV", "2005-01-01", "2006-01-01")], "phoenix:Countries:PIPPIN_TOOK_"),
    person("saruman_curunir", "Saruman Curunir", "ISL", "ELI",
           [role("government official", "ISL", "GOV", "1995-01-01", "1999-01-01")], "phoenix:Countries:SARUMAN_CURUNIR_"),
    person("theoden_eorling", "Theoden Eorling", "ISL", "ELI",
           [role("minister of horses", "ISL", "GOV", "2005-01-01", "2006-01-01")], "countryinfo:ISL"),
    person("theoden_hornburg", "Theoden Hornburg", "ISL", "ELI",
           [role("minister of horses", "ISL", "GOV", "2006-01-01", "2007-01-01"),
            role("marshal of police", "ISL", "GOV", "2007-01-01", "2008-01-01")], "countryinfo:ISL"),
    person("theoden_markson", "Theoden Markson", "NZL", "OPP", [], "phoenix:Countries:THEODEN_MARKSON_"),
    person("ugluk_of_isengard", "Ugluk of Isengard", "IMG", "REB", [], "phoenix:MilNonState:UGLUK_OF_ISENGARD__"),
]


@pytest.fixture
def dirs(tmp_path: Path) -> tuple[Path, Path]:
    petrarch, countryinfo = tmp_path / "data/lexicons/petrarch2", tmp_path / "data/lexicons/countryinfo"
    registry = tmp_path / "models/registry"
    for folder in (petrarch, countryinfo, registry):
        folder.mkdir(parents=True)
    for name, text in (("Countries", COUNTRIES), ("International", INTERNATIONAL), ("MilNonState", MILNONSTATE)):
        (petrarch / f"Phoenix.{name}.actors.txt").write_text(text, encoding="utf-8")
    (petrarch / "SOURCE.txt").write_text("repository: example/petrarch\ncommit: 1111\n", encoding="utf-8")
    (countryinfo / "CountryInfo.120116.txt").write_text(COUNTRYINFO, encoding="utf-8")
    (countryinfo / "SOURCE.txt").write_text("repository: example/countryinfo\ncommit: 2222\n", encoding="utf-8")
    for name in ("lexicon.json", "words.json", "states.json", WORDS_FILE):
        shutil.copy(REGISTRY / name, registry / name)
    for kind, rows in (("actors", HAND_ACTORS), ("igos", HAND_IGOS)):
        doc = {"kind": kind, "schema": 1, "sources": "tests", "entries": rows}
        (registry / f"{kind}.json").write_text(json.dumps(doc), encoding="utf-8")
    return tmp_path / "data", tmp_path / "models"


def converted(models: Path) -> dict:
    return json.loads((models / "registry" / CONVERTED_FILE).read_text(encoding="utf-8"))


def test_phoenix_actors_converts_whole_entries(dirs: tuple[Path, Path]) -> None:
    data, models = dirs
    main(data, models)
    doc = converted(models)
    assert doc["entries"] == EXPECTED
    assert (doc["kind"], doc["schema"]) == ("actors", 1)
    assert "example/petrarch at 1111, MIT" in doc["sources"] and "example/countryinfo at 2222, CC BY-SA 3.0" in doc["sources"]


def test_phoenix_actors_lists_what_it_did_not_merge(dirs: tuple[Path, Path]) -> None:
    data, models = dirs
    summary = main(data, models)
    conflicts = (models / "registry" / CONFLICTS_FILE).read_text(encoding="utf-8")
    assert ("Aragorn Elessar [person NZL] (phoenix:Countries:ARAGORN_ELESSAR_) -> aragorn_elessar: would add 1 roles: "
            "government official of NZL 2000-01-01..2010-01-01") in conflicts
    assert "Council of the West [igo IGO] (phoenix:International:COUNCIL_OF_THE_WEST_) -> council_of_the_west: adds nothing" in conflicts
    assert "grey councillor: Grima Wormtongue (NZL), Saruman Curunir (ISL)" in conflicts
    assert "merry brandybuck: Merry Brandybuck (ISL), Merry Brandybuck (NZL)" in conflicts
    assert "phoenix:Countries:ISLAND_GUARD_ ISLMIL" in conflicts
    for line in ("17 entries (1 armed_group, 2 organization, 14 person), 13 dated roles",
                 "alias dropped: one word of a person's name: 1", "alias dropped: shorter than 4 characters: 2",
                 "alias dropped: common English word: 1", "alias dropped: shared by entries of different countries: 2",
                 "person dropped: every dated code ended before 1990: 1",
                 "person dropped: undated, no government/military/opposition/rebel code: 1",
                 "not added: a hand-written entry has its name or an alias: 2"):
        assert line in summary


def test_phoenix_actors_reruns_give_the_same_bytes(dirs: tuple[Path, Path]) -> None:
    data, models = dirs
    main(data, models)
    first = [(models / "registry" / name).read_bytes() for name in (CONVERTED_FILE, CONFLICTS_FILE)]
    main(data, models)  # the converted file of the first run is not read as hand-written
    assert [(models / "registry" / name).read_bytes() for name in (CONVERTED_FILE, CONFLICTS_FILE)] == first


def test_phoenix_actors_registry_loads_the_converted_file(dirs: tuple[Path, Path]) -> None:
    data, models = dirs
    main(data, models)
    registry = ActorRegistry.load(models / "registry")
    assert registry.resolve("Boromir MacDonald", on=date(2005, 1, 1)).id == "boromir_macdonald"
    assert registry.role_holder("ISL", "foreign minister", date(2005, 1, 1)).id == "boromir_macdonald"
    assert registry.role_holder("ISL", "foreign minister", date(2016, 1, 1)) is None  # closed at the snapshot
    assert registry.role_holder("ISL", "government official", date(2020, 1, 1)).id == "eowyn_shieldmaiden"
    assert registry.resolve("Aragorn Elessar").id == "aragorn_elessar"


def test_phoenix_actors_missing_input_writes_nothing(dirs: tuple[Path, Path]) -> None:
    data, models = dirs
    (data / "lexicons/countryinfo/CountryInfo.120116.txt").unlink()
    with pytest.raises(SourceError):
        main(data, models)
    assert not (models / "registry" / CONVERTED_FILE).exists()


@pytest.mark.parametrize(("text", "expected"), [
    ("690801", date(1969, 8, 1)), ("030326", date(2003, 3, 26)), ("300101", date(2030, 1, 1)),
    ("310101", date(1931, 1, 1)), ("19200101", date(1920, 1, 1)), ("20100631", date(2010, 6, 30)),
    ("2004017", None), ("041301", None),
])
def test_phoenix_actors_reads_two_and_four_digit_years(text: str, expected: date | None) -> None:
    assert read_source_date(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("USAGOV 690801-741014", Tenure("USAGOV", date(1969, 8, 1), date(1974, 10, 14), dated=True)),
    ("USAGOV >030326", Tenure("USAGOV", date(2003, 3, 26), None, dated=True)),
    ("HTIOPPMED <061231", Tenure("HTIOPPMED", None, date(2006, 12, 31), dated=True)),
    ("USAELI", Tenure("USAELI")), ("KORGOVBUS 2004017-20061201", None), ("USAGOV 741014-690801", None),
])
def test_phoenix_actors_reads_restrictions(text: str, expected: Tenure | None) -> None:
    assert read_tenure(text) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("JOHN MORSE HAYDON", "John Morse Haydon"), ("OSAMA BIN LADEN", "Osama bin Laden"),
    ("MUHAMMAD AL-BARADEI", "Muhammad al-Baradei"), ("JOHN MCCAIN", "John McCain"),
    ("RAMSAY MACDONALD", "Ramsay MacDonald"), ("EMMANUEL MACRON", "Emmanuel Macron"), ("CONOR O'BRIEN", "Conor O'Brien"),
    ("B. LYNN PASCOE", "B. Lynn Pascoe"), ("POPE JOHN PAUL II", "Pope John Paul II"), ("JUAN DE LA CRUZ", "Juan de la Cruz"),
])
def test_phoenix_actors_writes_names_in_title_case(raw: str, expected: str) -> None:
    particles = frozenset({"al", "bin", "de", "la", "of", "the"})
    assert display_name(raw, particles) == expected


# --- the shipped registry ------------------------------------------------------------------------------------

SHIPPED_CONVERTED = [
    ("Chen Shui-bian", date(2005, 1, 1), "chen_shui_bian"),
    ("Ivars Godmanis", date(2008, 6, 1), "ivars_godmanis"),
    ("Mizengo Pinda", date(2009, 1, 1), "mizengo_pinda"),
]


@pytest.fixture(scope="module")
def shipped() -> ActorRegistry:
    return ActorRegistry.load(REGISTRY)


def shipped_ids(kind: str) -> set[str]:
    files = [CONVERTED_FILE] if kind == "converted" else ["actors.json", "igos.json"]
    return {r["id"] for name in files for r in json.loads((REGISTRY / name).read_text(encoding="utf-8"))["entries"]}


@pytest.mark.parametrize(("mention", "on", "actor_id"), SHIPPED_CONVERTED)
def test_phoenix_actors_shipped_registry_knows_converted_people(shipped: ActorRegistry, mention: str, on: date,
                                                                actor_id: str) -> None:
    assert shipped.resolve(mention, label="PERSON", on=on).id == actor_id
    assert actor_id in shipped_ids("converted") - shipped_ids("hand")


def test_phoenix_actors_shipped_hand_entries_still_win(shipped: ActorRegistry) -> None:
    assert shipped.resolve("Recep Tayyip Erdogan", label="PERSON", on=date(2020, 11, 20)).id == "recep_tayyip_erdogan"
    assert shipped.resolve("Kofi Annan", label="PERSON", on=date(2000, 1, 1)).id == "kofi_annan"
    assert {"recep_tayyip_erdogan", "kofi_annan"} & shipped_ids("converted") == set()
