"""Read the store: claims (filtered, listed or streamed), failures, entities with their aliases,
and row counts. What compare, export and serve build on.

Owns query construction and the order results come in. Imports ``pipeline.records`` and the
store's own modules; never a stage.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, func, or_, select
from sqlalchemy.orm import QueryableAttribute, aliased

from pipeline.records import Claim, Failure, FeedState, Sighting
from pipeline.store import rows
from pipeline.store.models import (
    ArticleRow,
    Base,
    ClaimRow,
    EntityRow,
    EvidenceRow,
    FailureRow,
    FeedStateRow,
    FingerprintRow,
    MentionRow,
    SightingRow,
)


def byte_order(column: QueryableAttribute[str], dialect: str) -> ColumnElement[str] | QueryableAttribute[str]:
    """Return ``column`` to sort by code point on ``dialect``, so both backends list rows in one order.

    SQLite compares text byte-wise already; PostgreSQL follows the database's locale unless told "C".
    """
    return column.collate("C") if dialect == "postgresql" else column


def claims_statement(
    *,
    dialect: str,
    actor: str | None = None,
    plover: str | None = None,
    source: str | None = None,
    limit: int | None = None,
) -> Select[str]:
    """Return the SELECT (for ``dialect``) of claim records matching every filter given, by article id
    then evidence start (then claim id).

    ``actor`` matches the subject's or the object's entity id, or a case-insensitive substring of
    either's name; ``source`` matches the article's source exactly.
    """
    statement = (
        select(ClaimRow.record)
        .join(EvidenceRow, EvidenceRow.id == ClaimRow.evidence_id)
        .order_by(byte_order(ClaimRow.article_id, dialect), EvidenceRow.start, byte_order(ClaimRow.id, dialect))
    )
    if actor is not None:
        statement = filter_actor(statement, actor)
    if plover is not None:
        statement = statement.where(ClaimRow.plover == plover)
    if source is not None:
        statement = statement.join(ArticleRow, ArticleRow.id == ClaimRow.article_id).where(ArticleRow.source == source)
    return statement.limit(limit) if limit is not None else statement


def filter_actor(statement: Select[str], actor: str) -> Select[str]:
    """Return ``statement`` keeping the claims whose subject or object is ``actor`` by id or by name."""
    subject = aliased(EntityRow)
    target = aliased(EntityRow)
    return (
        statement.join(subject, subject.id == ClaimRow.subject_id)
        .outerjoin(target, target.id == ClaimRow.object_id)
        .where(
            or_(
                ClaimRow.subject_id == actor,
                ClaimRow.object_id == actor,
                subject.name.icontains(actor, autoescape=True),
                target.name.icontains(actor, autoescape=True),
            )
        )
    )


def list_claims(connection: Connection, statement: Select[str]) -> list[Claim]:
    """Return the claims ``statement`` selects, in its order."""
    return [rows.claim_from_record(record) for record in connection.scalars(statement)]


def stream_claims(connection: Connection, statement: Select[str], *, batch_size: int) -> Iterator[Claim]:
    """Yield the claims ``statement`` selects, fetching ``batch_size`` rows at a time."""
    streaming = connection.execution_options(stream_results=True, yield_per=batch_size)
    for record in streaming.scalars(statement):
        yield rows.claim_from_record(record)


def list_failures(connection: Connection) -> list[Failure]:
    """Return every recorded failure, oldest first."""
    statement = select(FailureRow.__table__).order_by(FailureRow.created_at, FailureRow.id)
    return [rows.failure_from_row(row) for row in connection.execute(statement)]


def count_rows(connection: Connection) -> dict[str, int]:
    """Return the number of rows of every table of the store, by table name."""
    return {
        table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
        for table in Base.metadata.sorted_tables
    }


def list_entities(connection: Connection) -> list[dict[str, Any]]:
    """Return every entity by id, with its aliases (distinct mention texts, sorted) and mention count."""
    aliases = entity_aliases(connection)
    statement = (
        select(EntityRow.__table__, func.count(MentionRow.id).label("mentions"))
        .outerjoin(MentionRow, MentionRow.entity_id == EntityRow.id)
        .group_by(EntityRow.id)
        .order_by(byte_order(EntityRow.id, connection.dialect.name))
    )
    return [entity_dict(row, aliases.get(row.id, [])) for row in connection.execute(statement)]


def entity_aliases(connection: Connection) -> dict[str, list[str]]:
    """Return the distinct mention texts of every entity, sorted, by entity id."""
    statement = select(MentionRow.entity_id, MentionRow.text).distinct()
    aliases: dict[str, list[str]] = defaultdict(list)
    for entity_id, text in connection.execute(statement):
        aliases[entity_id].append(text)
    return {entity_id: sorted(texts) for entity_id, texts in aliases.items()}


def entity_dict(row: Any, aliases: list[str]) -> dict[str, Any]:
    """Return one entity row with its aliases and mention count as a plain dict."""
    return {
        "id": row.id,
        "name": row.name,
        "type": row.type,
        "country": row.country,
        "sector": row.sector,
        "wikidata": row.wikidata,
        "aliases": aliases,
        "mentions": row.mentions,
    }


def duplicate_candidates(connection: Connection, content_hash: str, bands: list[str]) -> list[tuple[str, str]]:
    """Return (id, text) of the stored articles with this content hash or sharing a MinHash band, by id."""
    banded = select(FingerprintRow.article_id).where(FingerprintRow.band.in_(bands))
    statement = select(ArticleRow.id, ArticleRow.text).where(
        or_(ArticleRow.content_hash == content_hash, ArticleRow.id.in_(banded))
    )
    return [(row.id, row.text) for row in connection.execute(statement.order_by(ArticleRow.id))]


def article_outlets(connection: Connection, article_id: str) -> list[str]:
    """Return the outlets of the exact sightings of ``article_id`` (those whose own text it is), sorted."""
    statement = select(SightingRow.outlet).where(SightingRow.article_id == article_id, SightingRow.kind == "exact")
    return sorted(set(connection.execute(statement).scalars()))


def article_at_url(connection: Connection, url: str) -> str | None:
    """Return the id of the stored article seen at ``url`` (as its own URL or a sighting), or None."""
    sighted = connection.execute(select(SightingRow.article_id).where(SightingRow.url == url).limit(1)).scalar()
    if sighted is not None:
        return sighted
    return connection.execute(select(ArticleRow.id).where(ArticleRow.url == url).limit(1)).scalar()


def list_sightings(connection: Connection) -> list[Sighting]:
    """Return every sighting, by article id, then outlet, then URL."""
    statement = select(SightingRow).order_by(SightingRow.article_id, SightingRow.outlet, SightingRow.url)
    return [rows.sighting_of(row) for row in connection.execute(statement)]


def feed_state(connection: Connection, url: str) -> FeedState | None:
    """Return what the feed at ``url`` said last time, or None when it was never fetched."""
    row = connection.execute(select(FeedStateRow).where(FeedStateRow.url == url)).first()
    return FeedState(url=row.url, etag=row.etag, last_modified=row.last_modified) if row else None
