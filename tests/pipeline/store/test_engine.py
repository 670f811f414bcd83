"""Tests of ``pipeline.store.engine`` and ``open_store``: URL rewriting, SQLite settings, and
``StoreError`` for URLs and servers the store cannot use."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from pipeline.errors import StoreError
from pipeline.store import open_store
from pipeline.store.engine import parse_url


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgresql://postgres@127.0.0.1:5432/test", "postgresql+psycopg://postgres@127.0.0.1:5432/test"),
        ("postgres://u:secret@db/claims", "postgresql+psycopg://u:***@db/claims"),
        ("postgresql+psycopg://u@db/claims", "postgresql+psycopg://u@db/claims"),
        ("sqlite:///data/claims.db", "sqlite:///data/claims.db"),
        ("sqlite://", "sqlite://"),
    ],
)
def test_engine_parse_url_rewrites_postgresql_to_psycopg(given: str, expected: str) -> None:
    assert parse_url(given).render_as_string(hide_password=True) == expected


@pytest.mark.parametrize(
    ("db_url", "message"),
    [
        ("", "not a database URL"),
        ("claims.db", "not a database URL"),
        ("mysql://root@localhost/claims", "unsupported database 'mysql'"),
        ("nosuchdb://x", "unsupported database 'nosuchdb'"),
        ("postgresql+psycopg2://postgres@127.0.0.1/test", "no driver for postgresql\\+psycopg2"),
        ("postgresql://postgres:secret@127.0.0.1:1/test", "cannot open the store at .*:\\*\\*\\*@127.0.0.1:1/test"),
    ],
)
def test_engine_bad_url_raises_store_error(db_url: str, message: str) -> None:
    with pytest.raises(StoreError, match=message) as raised:
        open_store(db_url)

    assert "secret" not in str(raised.value)


def test_engine_sqlite_creates_directory_and_turns_on_foreign_keys_and_wal(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "claims.db"
    with open_store(f"sqlite:///{path}") as store, store.engine.connect() as connection:
        pragmas = [connection.execute(text(f"PRAGMA {name}")).scalar_one() for name in ("foreign_keys", "journal_mode")]

    assert (path.is_file(), pragmas) == (True, [1, "wal"])


def test_engine_sqlite_in_memory_store_opens(tmp_path: Path) -> None:
    with open_store("sqlite://") as store:
        assert store.counts()["claims"] == 0
