"""Read the store for the review workbench's pages: one page of filtered claims at a time (keyset on
the claim id, never the whole table), a claim with its article and history, the claims of one
(subject, object, type) group across outlets, an entity's aliases and timeline, graph edges and a
pair's claims per month.

Owns ``ClaimFilters`` and the SELECTs behind them; every list is bounded by a limit. Full-text
search is a case-insensitive substring match on the evidence sentence (``ILIKE`` on PostgreSQL,
``lower() LIKE`` on SQLite, with wildcards escaped). Imports the store's own modules only.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import Connection, Select, and_, case, func, or_, select
from sqlalchemy.orm import aliased

from pipeline.store.models import ArticleRow, ClaimRow, EntityRow, EvidenceRow, MentionRow, ReviewRow
from pipeline.store.reviews import latest_reviews_subquery

STATUSES = ("unreviewed", "accept", "reject", "correct")
MAX_PAGE = 200


@dataclass(frozen=True)
class ClaimFilters:
    """What the claim list is narrowed to; empty values filter nothing."""

    actor: str = ""
    plover: str = ""
    outlet: str = ""
    date_from: str = ""
    date_to: str = ""
    status: str = ""
    min_confidence: float | None = None
    text: str = ""
    subject_id: str = ""
    object_id: str = ""

    def query(self) -> dict[str, str]:
        """Return the filters that are set, as query-string parameters."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        return {name: str(value) for name, value in values.items() if value not in ("", None)}


@dataclass(frozen=True)
class ClaimPage:
    """One page of the claim list and whether there are claims before and after it."""

    rows: list[dict[str, Any]]
    has_prev: bool
    has_next: bool


def list_statement(filters: ClaimFilters) -> Select[*tuple[Any, ...]]:
    """Return the SELECT of claim-list rows matching ``filters``, unordered and unlimited."""
    latest = latest_reviews_subquery()
    subject, target, speaker = aliased(EntityRow), aliased(EntityRow), aliased(EntityRow)
    statement = (
        select(
            ClaimRow.id, ClaimRow.article_id, ClaimRow.plover.label("extracted_plover"), ClaimRow.confidence,
            ClaimRow.polarity, ClaimRow.modality, ClaimRow.subject_id, ClaimRow.object_id,
            subject.name.label("subject_name"), target.name.label("object_name"), EvidenceRow.sentence,
            ArticleRow.source, ArticleRow.published_at, ReviewRow.action, ReviewRow.reviewer,
            func.coalesce(ReviewRow.plover, ClaimRow.plover).label("plover"), ReviewRow.state.label("review_state"),
            speaker.name.label("speaker_name"),
        )
        .join(EvidenceRow, EvidenceRow.id == ClaimRow.evidence_id)
        .join(ArticleRow, ArticleRow.id == ClaimRow.article_id)
        .join(subject, subject.id == ClaimRow.subject_id)
        .outerjoin(target, target.id == ClaimRow.object_id)
        .outerjoin(speaker, speaker.id == ClaimRow.attributed_to_id)
        .outerjoin(latest, latest.c.claim_id == ClaimRow.id)
        .outerjoin(ReviewRow, ReviewRow.id == latest.c.last_id)
    )
    return statement.where(*conditions(filters, subject, target))


def conditions(filters: ClaimFilters, subject: Any, target: Any) -> list[Any]:
    """Return the WHERE conditions of ``filters`` over the list statement's tables."""
    found: list[Any] = []
    if filters.actor:
        found.append(or_(
            ClaimRow.subject_id == filters.actor, ClaimRow.object_id == filters.actor,
            subject.name.icontains(filters.actor, autoescape=True),
            target.name.icontains(filters.actor, autoescape=True),
        ))
    if filters.plover:
        found.append(func.coalesce(ReviewRow.plover, ClaimRow.plover) == filters.plover)
    if filters.outlet:
        found.append(ArticleRow.source == filters.outlet)
    if filters.date_from:
        found.append(func.substr(ArticleRow.published_at, 1, 10) >= filters.date_from)
    if filters.date_to:
        found.append(func.substr(ArticleRow.published_at, 1, 10) <= filters.date_to)
    if filters.status:
        unreviewed = filters.status == "unreviewed"
        found.append(ReviewRow.action.is_(None) if unreviewed else ReviewRow.action == filters.status)
    if filters.min_confidence is not None:
        found.append(ClaimRow.confidence >= filters.min_confidence)
    if filters.text:
        found.append(EvidenceRow.sentence.icontains(filters.text, autoescape=True))
    found.extend(pair_conditions(filters))
    return found


def pair_conditions(filters: ClaimFilters) -> list[Any]:
    """Return the conditions pinning the subject and object ids, when the filters give them."""
    found = []
    if filters.subject_id:
        found.append(ClaimRow.subject_id == filters.subject_id)
    if filters.object_id:
        found.append(ClaimRow.object_id == filters.object_id)
    return found


def claim_page(
    connection: Connection, filters: ClaimFilters, *, after: str = "", before: str = "", limit: int = 50
) -> ClaimPage:
    """Return the ``limit`` claims after the claim id ``after`` (or before ``before``), by claim id.

    Keyset pagination on the primary key: each page costs the same however deep it is.
    """
    limit = max(1, min(limit, MAX_PAGE))
    statement = list_statement(filters)
    if before:
        statement = statement.where(ClaimRow.id < before).order_by(ClaimRow.id.desc())
    elif after:
        statement = statement.where(ClaimRow.id > after).order_by(ClaimRow.id)
    else:
        statement = statement.order_by(ClaimRow.id)
    found = [dict(row._mapping) for row in connection.execute(statement.limit(limit + 1))]
    more = len(found) > limit
    found = found[:limit]
    if before:
        return ClaimPage(rows=found[::-1], has_prev=more, has_next=True)
    return ClaimPage(rows=found, has_prev=bool(after), has_next=more)


def neighbour_id(connection: Connection, filters: ClaimFilters, claim_id: str, *, forward: bool) -> str | None:
    """Return the id of the claim after (``forward``) or before ``claim_id`` in the filtered list, or None."""
    statement = list_statement(filters).with_only_columns(ClaimRow.id)
    if forward:
        statement = statement.where(ClaimRow.id > claim_id).order_by(ClaimRow.id)
    else:
        statement = statement.where(ClaimRow.id < claim_id).order_by(ClaimRow.id.desc())
    return connection.execute(statement.limit(1)).scalar()


def article_of(connection: Connection, article_id: str) -> dict[str, Any] | None:
    """Return the article row ``article_id`` as a dict, or None."""
    row = connection.execute(select(ArticleRow.__table__).where(ArticleRow.id == article_id)).first()
    return dict(row._mapping) if row else None


def group_claims(connection: Connection, subject_id: str, object_id: str | None, plover: str, *,
                 limit: int = 500) -> list[dict[str, Any]]:
    """Return the claims of one (subject, object, extracted type) group, by outlet then publication date."""
    latest = latest_reviews_subquery()
    target = ClaimRow.object_id.is_(None) if object_id is None else ClaimRow.object_id == object_id
    statement = (
        select(ClaimRow.id, ClaimRow.record, ClaimRow.polarity, ClaimRow.modality, ArticleRow.source,
               ArticleRow.published_at, ArticleRow.title, ReviewRow.action)
        .join(ArticleRow, ArticleRow.id == ClaimRow.article_id)
        .outerjoin(latest, latest.c.claim_id == ClaimRow.id)
        .outerjoin(ReviewRow, ReviewRow.id == latest.c.last_id)
        .where(ClaimRow.subject_id == subject_id, target, ClaimRow.plover == plover)
        .order_by(ArticleRow.source, ArticleRow.published_at, ClaimRow.id)
        .limit(limit)
    )
    return [dict(row._mapping) for row in connection.execute(statement)]


def entity_row(connection: Connection, entity_id: str) -> dict[str, Any] | None:
    """Return the entity row ``entity_id`` as a dict, or None."""
    row = connection.execute(select(EntityRow.__table__).where(EntityRow.id == entity_id)).first()
    return dict(row._mapping) if row else None


def entity_aliases(connection: Connection, entity_id: str) -> list[dict[str, Any]]:
    """Return how ``entity_id`` is written, per text and role, with the number of articles, most frequent first."""
    count = func.count(func.distinct(MentionRow.article_id)).label("articles")
    statement = (
        select(MentionRow.text, MentionRow.role, count)
        .where(MentionRow.entity_id == entity_id)
        .group_by(MentionRow.text, MentionRow.role)
        .order_by(count.desc(), MentionRow.text, MentionRow.role)
    )
    return [dict(row._mapping) for row in connection.execute(statement)]


def entity_timeline(connection: Connection, entity_id: str, *, limit: int = 500) -> list[dict[str, Any]]:
    """Return the claims with ``entity_id`` as subject or object, by when they happened (else when published)."""
    when = func.coalesce(ClaimRow.time_start, func.substr(ArticleRow.published_at, 1, 10)).label("when")
    subject, target = aliased(EntityRow), aliased(EntityRow)
    statement = (
        select(ClaimRow.id, ClaimRow.plover, ClaimRow.polarity, ClaimRow.subject_id, ClaimRow.object_id, when,
               subject.name.label("subject_name"), target.name.label("object_name"), ArticleRow.source,
               EvidenceRow.sentence)
        .join(ArticleRow, ArticleRow.id == ClaimRow.article_id)
        .join(EvidenceRow, EvidenceRow.id == ClaimRow.evidence_id)
        .join(subject, subject.id == ClaimRow.subject_id)
        .outerjoin(target, target.id == ClaimRow.object_id)
        .where(or_(ClaimRow.subject_id == entity_id, ClaimRow.object_id == entity_id))
        .order_by(when, ClaimRow.id)
        .limit(limit)
    )
    return [dict(row._mapping) for row in connection.execute(statement)]


def graph_edges(connection: Connection, *, actor: str = "", plover: str = "", limit: int = 150) -> list[dict[str, Any]]:
    """Return the most frequent (subject, object, type) edges with their claim counts and how many of those are
    negated, two-actor claims only."""
    subject, target = aliased(EntityRow), aliased(EntityRow)
    count = func.count().label("claims")
    negated = func.sum(case((ClaimRow.polarity == "negated", 1), else_=0)).label("negated")
    statement = (
        select(ClaimRow.subject_id, ClaimRow.object_id, ClaimRow.plover, count, negated,
               subject.name.label("subject_name"), target.name.label("object_name"))
        .join(subject, subject.id == ClaimRow.subject_id)
        .join(target, target.id == ClaimRow.object_id)
        .group_by(ClaimRow.subject_id, ClaimRow.object_id, ClaimRow.plover, subject.name, target.name)
        .order_by(count.desc(), ClaimRow.subject_id, ClaimRow.object_id, ClaimRow.plover)
        .limit(limit)
    )
    if actor:
        statement = statement.where(or_(ClaimRow.subject_id == actor, ClaimRow.object_id == actor,
                                        subject.name.icontains(actor, autoescape=True),
                                        target.name.icontains(actor, autoescape=True)))
    if plover:
        statement = statement.where(ClaimRow.plover == plover)
    return [dict(row._mapping) for row in connection.execute(statement)]


def pair_months(connection: Connection, left: str, right: str) -> list[dict[str, Any]]:
    """Return the claims between ``left`` and ``right`` (either direction) counted per month and type.

    The month is when the claim happened where the claim says so, else the article's publication month.
    """
    month = func.substr(func.coalesce(ClaimRow.time_start, ArticleRow.published_at), 1, 7).label("month")
    pair = or_(and_(ClaimRow.subject_id == left, ClaimRow.object_id == right),
               and_(ClaimRow.subject_id == right, ClaimRow.object_id == left))
    statement = (
        select(month, ClaimRow.plover, func.count().label("claims"))
        .join(ArticleRow, ArticleRow.id == ClaimRow.article_id)
        .where(pair)
        .group_by(month, ClaimRow.plover)
        .order_by(month, ClaimRow.plover)
    )
    return [dict(row._mapping) for row in connection.execute(statement) if row.month]


def outlets(connection: Connection, *, limit: int = 500) -> list[str]:
    """Return the distinct article sources, sorted (for the outlet filter)."""
    statement = select(ArticleRow.source).where(ArticleRow.source.is_not(None)).distinct().order_by(ArticleRow.source)
    return list(connection.scalars(statement.limit(limit)))
