"""Build the SQLAlchemy engine of a store from a URL: SQLite or PostgreSQL (psycopg 3).

Owns URL checking and rewriting (``postgresql://`` -> ``postgresql+psycopg://``), the SQLite
connection settings (foreign keys on, WAL, real transactions) and the translation of connection
errors into ``StoreError``. Imports SQLAlchemy and ``pipeline.errors`` only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from pipeline.errors import StoreError

SUPPORTED_BACKENDS = ("sqlite", "postgresql")
POSTGRES_ALIASES = {"postgresql", "postgres"}
CONNECT_TIMEOUT_S = 10
SQLITE_BUSY_TIMEOUT_MS = 30_000
SQLITE_BEGIN_OPTION = "claimgraph_sqlite_begin"
URL_HELP = "give sqlite:///path/to/claims.db or postgresql://user@host:5432/dbname"


def parse_url(db_url: str) -> URL:
    """Return ``db_url`` parsed, with plain PostgreSQL URLs rewritten to the psycopg 3 driver.

    Raises ``StoreError`` when the URL cannot be parsed or names a backend the store does not support.
    """
    try:
        url = make_url(db_url)
    except ArgumentError as e:
        # The text may hold a password: it is shown only when it cannot (no "@").
        shown = repr(db_url) if "@" not in db_url else "the URL given"
        raise StoreError(f"not a database URL: {shown}; {URL_HELP}", stage="store") from e
    if url.drivername in POSTGRES_ALIASES:
        url = url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() not in SUPPORTED_BACKENDS:
        backend = url.get_backend_name()
        raise StoreError(f"unsupported database {backend!r} in {safe_url(url)}; {URL_HELP}", stage="store")
    return url


def safe_url(url: URL) -> str:
    """Return ``url`` as text with any password masked, for messages and logs."""
    return url.render_as_string(hide_password=True)


def is_memory_sqlite(url: URL) -> bool:
    """Return True when ``url`` names an in-memory SQLite database."""
    return url.database in (None, "", ":memory:")


def create_store_engine(url: URL) -> Engine:
    """Return an engine for ``url``; for a SQLite file, create its parent directory first.

    Raises ``StoreError`` when the driver is missing or the directory cannot be created.
    """
    try:
        if url.get_backend_name() == "sqlite":
            return create_sqlite_engine(url)
        return create_engine(url, connect_args=postgres_connect_args(url), pool_pre_ping=True)
    except (NoSuchModuleError, ImportError) as e:
        raise StoreError(
            f"no driver for {url.drivername}: use postgresql:// (psycopg 3) or install that driver", stage="store"
        ) from e


def postgres_connect_args(url: URL) -> dict[str, Any]:
    """Return psycopg connect arguments: a connect timeout unless the URL sets one."""
    return {} if "connect_timeout" in url.query else {"connect_timeout": CONNECT_TIMEOUT_S}


def create_sqlite_engine(url: URL) -> Engine:
    """Return a SQLite engine with foreign keys, WAL and transactions that really begin on ``begin()``."""
    if not is_memory_sqlite(url):
        try:
            Path(url.database or "").parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StoreError(f"cannot create the directory of {url.database}: {e}", stage="store") from e
    engine = create_engine(url)
    event.listen(engine, "connect", configure_sqlite_connection)
    event.listen(engine, "begin", begin_sqlite_transaction)
    return engine


def configure_sqlite_connection(dbapi_connection: Any, connection_record: Any) -> None:
    """Turn on foreign keys and WAL, and let SQLAlchemy (not pysqlite) decide when transactions begin.

    pysqlite otherwise defers BEGIN until the first write, so a read-then-write would span two
    transactions (SQLAlchemy's documented recipe for the pysqlite driver).
    """
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    # In WAL mode NORMAL never corrupts the database; a power cut may lose the last commits, which a
    # rerun restores (writes are idempotent). FULL syncs on every article and halves run throughput.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def begin_sqlite_transaction(connection: Any) -> None:
    """Emit BEGIN when SQLAlchemy begins a transaction on a SQLite connection (IMMEDIATE for writers)."""
    mode = connection.get_execution_options().get(SQLITE_BEGIN_OPTION, "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")


def writing_engine(engine: Engine) -> Engine:
    """Return ``engine`` for transactions that write: on SQLite they take the write lock when they begin.

    A deferred transaction that reads and then writes fails at once with "database is locked" when
    another writer got in between; an immediate one waits up to the busy timeout instead.
    """
    return engine.execution_options(**{SQLITE_BEGIN_OPTION: "IMMEDIATE"})
