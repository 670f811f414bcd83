"""The store: where articles, their claims, the entities they name, failures and runs are kept,
in SQLite or PostgreSQL, behind one ``Store`` object.

``open_store(db_url)`` opens (and migrates) a store; writes are idempotent upserts, one
transaction per article. Owns nothing of the NLP: imports ``pipeline.records``,
``pipeline.errors``, ``pipeline.ids`` and its own modules only, never spaCy, Prefect or a stage.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from sqlalchemy import URL, Connection, Engine, inspect
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from pipeline.errors import StoreError
from pipeline.records import Article, Claim, Failure, FeedState, Sighting
from pipeline.store import queries, writer
from pipeline.store.engine import create_store_engine, is_memory_sqlite, parse_url, safe_url, writing_engine
from pipeline.store.migrate import upgrade_to_head

__all__ = ["Store", "open_store"]

logger = logging.getLogger(__name__)
T = TypeVar("T")
# A write that lost a race (PostgreSQL: serialization failure 40001, deadlock 40P01; SQLite: locked past
# the busy timeout) is tried again this many times in all, backing off, before it fails the article.
WRITE_ATTEMPTS = 4
RETRY_BACKOFF_S = 0.05
RETRYABLE_SQLSTATES = frozenset({"40001", "40P01"})
# Alembic's table: a database holding it holds a claimgraph store (of some revision).
VERSION_TABLE = "alembic_version"
NO_STORE_HELP = "check --db (or CLAIMGRAPH_DB), or fill a new store first with `claimgraph run SOURCE --db URL`"


def open_store(db_url: str, *, create: bool = True) -> Store:
    """Return the store at ``db_url`` (``sqlite:///path`` or ``postgresql://...``), upgraded to the newest schema.

    With ``create`` False (the read commands) a store must already be there: no SQLite file, directory or
    table is created where there is none. Raises ``StoreError`` when the URL is bad, the driver missing, the
    server unreachable or (``create`` False) no store is there.
    """
    url = parse_url(db_url)
    if not create:
        check_sqlite_file(url)
    engine = create_store_engine(url)
    try:
        with writing_engine(engine).begin() as connection:
            if not create and not is_store(connection):
                raise StoreError(f"no claimgraph store in {safe_url(url)}: {NO_STORE_HELP}", stage="store")
            upgrade_to_head(connection)
    except StoreError:
        engine.dispose()
        raise
    except SQLAlchemyError as e:
        engine.dispose()
        raise StoreError(
            f"cannot open the store at {safe_url(url)}: {e.__class__.__name__}: {first_line(e)}; "
            "check the server is running and the URL names a database you may write",
            stage="store",
        ) from e
    logger.info("opened store %s", safe_url(url))
    return Store(engine)


def check_sqlite_file(url: URL) -> None:
    """Raise ``StoreError`` when ``url`` names a SQLite file that does not exist (in-memory databases pass)."""
    if url.get_backend_name() == "sqlite" and not is_memory_sqlite(url) and not Path(url.database or "").is_file():
        raise StoreError(f"no store at {url.database}: {NO_STORE_HELP}", stage="store")


def is_store(connection: Connection) -> bool:
    """Return True when the database behind ``connection`` holds a claimgraph store (its migrations table)."""
    return inspect(connection).has_table(VERSION_TABLE)


def first_line(error: BaseException) -> str:
    """Return the first line of ``error``'s message (driver errors run to many lines)."""
    lines = str(error).strip().splitlines()
    return lines[0] if lines else ""


def is_retryable(error: BaseException | None) -> bool:
    """Return True for a database error that a fresh transaction may not meet again (a lost race)."""
    if not isinstance(error, DBAPIError):
        return False
    if getattr(error.orig, "sqlstate", None) in RETRYABLE_SQLSTATES:
        return True
    return "database is locked" in str(error.orig)


def utc_now() -> datetime:
    """Return the current time in UTC, the time stamped on rows."""
    return datetime.now(UTC)


class Store:
    """A migrated store on one SQLAlchemy engine. Use ``open_store`` to get one; close it when done."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.write_engine = writing_engine(engine)

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close every pooled connection; the store cannot be used afterwards."""
        self.engine.dispose()

    @contextmanager
    def transaction(self, action: str, *, article_id: str | None = None, write: bool = False) -> Iterator[Connection]:
        """Yield a connection in a transaction, committed at the end; turn database errors into ``StoreError``."""
        try:
            with (self.write_engine if write else self.engine).begin() as connection:
                yield connection
        except SQLAlchemyError as e:
            raise StoreError(
                f"could not {action}: {e.__class__.__name__}: {first_line(e)}", article_id=article_id, stage="store"
            ) from e

    def write(self, action: str, work: Callable[[Connection], T], *, article_id: str | None = None) -> T:
        """Return ``work(connection)`` run in one write transaction, retried (bounded) when it loses a race.

        A deadlock or serialization failure rolls the whole transaction back, so running it again is
        safe. Raises ``StoreError`` when it still fails after ``WRITE_ATTEMPTS`` or fails otherwise.
        """
        for attempt in range(1, WRITE_ATTEMPTS + 1):
            try:
                with self.transaction(action, article_id=article_id, write=True) as connection:
                    return work(connection)
            except StoreError as error:
                if attempt == WRITE_ATTEMPTS or not is_retryable(error.__cause__):
                    raise
                logger.info("retrying %s (attempt %d): %s", action, attempt + 1, error.message)
                time.sleep(RETRY_BACKOFF_S * 2 ** (attempt - 1))
        raise StoreError(f"could not {action}: no attempt made", article_id=article_id, stage="store")

    def write_article(self, article: Article, claims: list[Claim], *, run_id: str) -> bool:
        """Store ``article`` with exactly ``claims`` as its claims, in one transaction; return True when new.

        Writing it again replaces its claims, mentions and evidence, so the same input gives the same
        rows. Raises ``StoreError`` when a claim belongs to another article or the write fails.
        """
        return self.write(
            f"write article {article.id}",
            lambda connection: writer.write_article(connection, article, claims, run_id=run_id, now=utc_now()),
            article_id=article.id,
        )

    def has_article(self, article_id: str) -> bool:
        """Return True when the article ``article_id`` is stored."""
        with self.transaction(f"look up article {article_id}", article_id=article_id) as connection:
            return writer.has_article(connection, article_id)

    def record_failure(self, failure: Failure, *, run_id: str) -> None:
        """Store ``failure`` once (the same origin, stage and message again change nothing)."""
        self.write(
            "record a failure",
            lambda connection: writer.record_failure(connection, failure, run_id=run_id, now=utc_now()),
            article_id=failure.article_id,
        )

    def start_run(self, run_id: str, *, settings_summary: dict[str, Any]) -> None:
        """Store the start of run ``run_id`` with the settings it runs with."""
        with self.transaction(f"start run {run_id}", write=True) as connection:
            writer.start_run(connection, run_id, settings_summary=settings_summary, now=utc_now())

    def finish_run(self, run_id: str, stats: dict[str, Any]) -> None:
        """Store the end of run ``run_id`` and its stats; raise ``StoreError`` if it was never started."""
        with self.transaction(f"finish run {run_id}", write=True) as connection:
            writer.finish_run(connection, run_id, stats=stats, now=utc_now())

    def claims(
        self,
        *,
        actor: str | None = None,
        plover: str | None = None,
        source: str | None = None,
        limit: int | None = None,
    ) -> list[Claim]:
        """Return the stored claims matching every filter given, by article id then evidence start.

        ``actor`` is an entity id or a case-insensitive part of a name, matched against subject and
        object; ``plover`` a PLOVER type; ``source`` an article source.
        """
        statement = queries.claims_statement(
            dialect=self.engine.dialect.name, actor=actor, plover=plover, source=source, limit=limit
        )
        with self.transaction("read claims") as connection:
            return queries.list_claims(connection, statement)

    def iter_claims(
        self, *, actor: str | None = None, plover: str | None = None, source: str | None = None, batch_size: int = 1000
    ) -> Iterator[Claim]:
        """Yield the stored claims as ``claims`` orders them, ``batch_size`` rows at a time, for export."""
        statement = queries.claims_statement(
            dialect=self.engine.dialect.name, actor=actor, plover=plover, source=source
        )
        with self.transaction("read claims") as connection:
            yield from queries.stream_claims(connection, statement, batch_size=batch_size)

    def failures(self) -> list[Failure]:
        """Return every recorded failure, oldest first."""
        with self.transaction("read failures") as connection:
            return queries.list_failures(connection)

    def counts(self) -> dict[str, int]:
        """Return the number of rows of every table, by table name."""
        with self.transaction("count rows") as connection:
            return queries.count_rows(connection)

    def entities(self) -> list[dict[str, Any]]:
        """Return every entity (id, name, type, country, sector, wikidata, aliases, mentions), by id."""
        with self.transaction("read entities") as connection:
            return queries.list_entities(connection)

    def write_sightings(self, sightings: list[Sighting], *, run_id: str) -> int:
        """Store the sightings of stored articles (others are left out); return how many were new."""
        return self.write("write sightings", lambda connection: writer.write_sightings(
            connection, sightings, run_id=run_id, now=utc_now()))

    def sightings(self) -> list[Sighting]:
        """Return every sighting, by article id, outlet and URL."""
        with self.transaction("read sightings") as connection:
            return queries.list_sightings(connection)

    def write_fingerprint(self, article_id: str, bands: list[str]) -> None:
        """Store the MinHash bands of the stored article ``article_id``."""
        self.write(
            f"write fingerprint of {article_id}",
            lambda connection: writer.write_fingerprint(connection, article_id, bands),
            article_id=article_id,
        )

    def duplicate_candidates(self, content_hash: str, bands: list[str]) -> list[tuple[str, str]]:
        """Return (id, text) of the stored articles with ``content_hash`` or sharing one of ``bands``."""
        with self.transaction("look up duplicates") as connection:
            return queries.duplicate_candidates(connection, content_hash, bands)

    def article_outlets(self, article_id: str) -> list[str]:
        """Return the outlets seen with the exact text of the stored article ``article_id``, sorted."""
        with self.transaction("look up outlets") as connection:
            return queries.article_outlets(connection, article_id)

    def article_at_url(self, url: str) -> str | None:
        """Return the id of the stored article seen at ``url``, or None."""
        with self.transaction("look up a URL") as connection:
            return queries.article_at_url(connection, url)

    def feed_state(self, url: str) -> FeedState | None:
        """Return what the feed at ``url`` said last time (for a conditional request), or None."""
        with self.transaction("read a feed state") as connection:
            return queries.feed_state(connection, url)

    def save_feed_state(self, state: FeedState) -> None:
        """Remember what the feed's server said (ETag, Last-Modified)."""
        with self.transaction("save a feed state", write=True) as connection:
            writer.save_feed_state(connection, state, now=utc_now())
