"""Tests of ``pipeline.normalize.places``: countries, cities by population and context, regions
from the registry's places.json, and non-places."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.errors import ModelError
from pipeline.normalize.places import Gazetteer, place_key
from pipeline.records import ResolvedPlace

ROOT = Path(__file__).resolve().parents[3]
REGISTRY = ROOT / "models" / "registry"


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load(REGISTRY)


@pytest.mark.parametrize(("name", "context", "expected"), [
    ("Tripoli", (), ResolvedPlace("Tripoli", 2210247, "LBY", 32.88743, 13.18733, "P.PPLC")),
    ("Tripoli", ("LBN",), ResolvedPlace("Tripoli", 266826, "LBN", 34.43352, 35.84415, "P.PPL")),
    ("Georgia", (), ResolvedPlace("Georgia", 614540, "GEO", None, None, "A.PCLI")),
    ("Georgia", ("USA",), ResolvedPlace("Georgia", 4197000, "USA", None, None, "A.ADM1")),
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
