"""Write records into the store: idempotent upserts of articles, entities, mentions, evidence,
claims, failures and runs, on one open connection (the caller owns the transaction).

Owns the conflict rules: which columns a later write updates and which it keeps. Uses the SQLite
and PostgreSQL dialect inserts (``ON CONFLICT``). Imports ``pipeline.records``, ``pipeline.errors``
and the store's own modules; never a stage.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite

from pipeline.errors import StoreError
from pipeline.records import Article, Claim, Failure, FeedState, Sighting
from pipeline.store import rows
from pipeline.store.models import (
    ArticleRow,
    ClaimRow,
    EntityRow,
    EvidenceRow,
    FailureRow,
    FeedStateRow,
    FingerprintRow,
    MentionRow,
    RunRow,
    SightingRow,
)

# Provenance of the first write (first_run_id, created_at) is kept; everything else follows the latest.
ARTICLE_UPDATES = ("url", "source", "title", "published_at", "text", "content_hash", "origin", "author")
ENTITY_UPDATES = ("name", "type", "country", "sector", "wikidata")
CLAIM_UPDATES = tuple(column.name for column in ClaimRow.__table__.columns if column.name != "id")


def dialect_insert(connection: Connection, table: Table) -> Any:
    """Return an INSERT for ``table`` in the connection's dialect, which supports ``ON CONFLICT``."""
    name = connection.dialect.name
    if name == "postgresql":
        return postgresql.insert(table)
    if name == "sqlite":
        return sqlite.insert(table)
    raise StoreError(f"the store cannot write to a {name} database: use SQLite or PostgreSQL", stage="store")


def insert_new(connection: Connection, table: Table, values: Sequence[rows.Row]) -> None:
    """Insert ``values`` into ``table``, leaving any row whose id is already there untouched."""
    if values:
        statement = dialect_insert(connection, table).on_conflict_do_nothing(index_elements=["id"])
        connection.execute(statement, list(values))


def upsert(connection: Connection, table: Table, values: Sequence[rows.Row], *, updates: Sequence[str]) -> None:
    """Insert ``values`` into ``table``; where the id is already there, overwrite the ``updates`` columns."""
    if values:
        statement = dialect_insert(connection, table)
        changes = {column: statement.excluded[column] for column in updates}
        connection.execute(statement.on_conflict_do_update(index_elements=["id"], set_=changes), list(values))


def has_article(connection: Connection, article_id: str) -> bool:
    """Return True when an article with ``article_id`` is stored."""
    found = connection.execute(select(ArticleRow.id).where(ArticleRow.id == article_id)).first()
    return found is not None


def insert_article(connection: Connection, values: rows.Row) -> bool:
    """Insert the article row ``values`` unless its id is stored; return True when it was inserted.

    Decided by the insert itself, not a prior read, so concurrent writers agree on who was first:
    PostgreSQL makes the second wait for the first to commit.
    """
    statement = dialect_insert(connection, ArticleRow.__table__).on_conflict_do_nothing(index_elements=["id"])
    return connection.execute(statement.returning(ArticleRow.id), values).first() is not None


def update_article(connection: Connection, values: rows.Row) -> None:
    """Overwrite the descriptive columns of a stored article, keeping when and by which run it came."""
    changes = {column: values[column] for column in ARTICLE_UPDATES}
    connection.execute(update(ArticleRow).where(ArticleRow.id == values["id"]).values(changes))


def check_claims_belong(article: Article, claims: Sequence[Claim]) -> None:
    """Raise ``StoreError`` when a claim names another article than ``article``."""
    strangers = sorted({claim.id for claim in claims if claim.article.id != article.id})
    if strangers:
        raise StoreError(
            f"claims {', '.join(strangers)} belong to another article: write each article with its own claims",
            article_id=article.id,
            stage="store",
        )


def delete_article_claims(connection: Connection, article_id: str) -> None:
    """Delete the claims, mentions and evidence of one article (dependants first)."""
    for model in (ClaimRow, MentionRow, EvidenceRow):
        connection.execute(delete(model).where(model.article_id == article_id))


def write_article(
    connection: Connection, article: Article, claims: Sequence[Claim], *, run_id: str, now: datetime
) -> bool:
    """Store ``article`` with exactly ``claims`` as its claims; return True when the article was new.

    Raises ``StoreError`` when a claim belongs to another article (nothing is written then).
    """
    check_claims_belong(article, claims)
    article_values = rows.article_row(article, run_id=run_id, now=now)
    is_new = insert_article(connection, article_values)
    if not is_new:
        update_article(connection, article_values)
    # Even for a new article: a concurrent writer of the same article may have committed its claims.
    delete_article_claims(connection, article.id)
    insert_new(connection, EvidenceRow.__table__, rows.evidence_rows(claims))
    upsert(connection, EntityRow.__table__, rows.entity_rows(claims), updates=ENTITY_UPDATES)
    insert_new(connection, MentionRow.__table__, rows.mention_rows(claims))
    upsert(connection, ClaimRow.__table__, rows.claim_rows(claims, run_id=run_id), updates=CLAIM_UPDATES)
    return is_new


def record_failure(connection: Connection, failure: Failure, *, run_id: str, now: datetime) -> None:
    """Store ``failure`` once: recording the same origin, stage and message again changes nothing."""
    insert_new(connection, FailureRow.__table__, [rows.failure_row(failure, run_id=run_id, now=now)])


def start_run(connection: Connection, run_id: str, *, settings_summary: dict[str, Any], now: datetime) -> None:
    """Store the start of run ``run_id``; starting a run already stored changes nothing."""
    values = {"id": run_id, "started_at": now, "finished_at": None, "settings": settings_summary, "stats": None}
    insert_new(connection, RunRow.__table__, [values])


def finish_run(connection: Connection, run_id: str, *, stats: dict[str, Any], now: datetime) -> None:
    """Store the end of run ``run_id`` and its stats; raise ``StoreError`` when the run was never started."""
    result = connection.execute(update(RunRow).where(RunRow.id == run_id).values(finished_at=now, stats=stats))
    if result.rowcount == 0:
        raise StoreError(f"run {run_id!r} was never started: call start_run first", stage="store")


def write_sightings(connection: Connection, sightings: Sequence[Sighting], *, run_id: str, now: datetime) -> int:
    """Store the sightings of stored articles (the first sighting of each article, outlet and URL is kept); return how
    many were new.

    Sightings of articles not stored (their processing failed) are left out.
    """
    ids = {s.article_id for s in sightings}
    stored = set(connection.scalars(select(ArticleRow.id).where(ArticleRow.id.in_(ids)))) if ids else set()
    values = {row["id"]: row for row in (rows.sighting_row(s, run_id=run_id, now=now) for s in sightings
                                         if s.article_id in stored)}
    if not values:
        return 0
    statement = dialect_insert(connection, SightingRow.__table__).on_conflict_do_nothing(index_elements=["id"])
    return len(connection.execute(statement.returning(SightingRow.id), list(values.values())).all())


def write_fingerprint(connection: Connection, article_id: str, bands: Sequence[str]) -> None:
    """Store the MinHash bands of a stored article, replacing those of an earlier text (an edited article);
    writing the same bands again changes nothing."""
    values = [{"article_id": article_id, "band": band} for band in dict.fromkeys(bands)]
    stale = delete(FingerprintRow).where(FingerprintRow.article_id == article_id, FingerprintRow.band.not_in(bands))
    connection.execute(stale)
    if values:
        statement = dialect_insert(connection, FingerprintRow.__table__)
        connection.execute(statement.on_conflict_do_nothing(index_elements=["article_id", "band"]), values)


def save_feed_state(connection: Connection, state: FeedState, *, now: datetime) -> None:
    """Store what a feed's server said last (ETag, Last-Modified), replacing the previous state."""
    values = {"url": state.url, "etag": state.etag, "last_modified": state.last_modified, "checked_at": now}
    statement = dialect_insert(connection, FeedStateRow.__table__)
    changes = {column: statement.excluded[column] for column in ("etag", "last_modified", "checked_at")}
    connection.execute(statement.on_conflict_do_update(index_elements=["url"], set_=changes), values)
