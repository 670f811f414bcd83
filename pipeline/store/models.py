"""The store's schema: SQLAlchemy 2 declarative models of the seven tables claimgraph keeps.

Owns table, column, index and constraint names; the migrations in ``migrations/versions`` must
create exactly these tables. Imports SQLAlchemy only: never a record module, never a stage.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Index, Integer, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Explicit constraint names, so migrations and reflection agree on every backend.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base whose metadata holds every table of the store."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class ArticleRow(Base):
    """One article as read; ``first_run_id`` is the run that first stored it."""

    __tablename__ = "articles"
    __table_args__ = (Index("ix_articles_source", "source"),)

    id: Mapped[str] = mapped_column(String, primary_key=True)
    url: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String)
    title: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[str | None] = mapped_column(String)
    text: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String)
    origin: Mapped[str] = mapped_column(Text)
    first_run_id: Mapped[str] = mapped_column(String)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class EntityRow(Base):
    """One resolved actor, one row per entity id across all articles."""

    __tablename__ = "entities"

    id: Mapped[str] = mapped_column(String, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(String)
    country: Mapped[str | None] = mapped_column(String)
    sector: Mapped[str | None] = mapped_column(String)
    wikidata: Mapped[str | None] = mapped_column(String)


class MentionRow(Base):
    """An entity as written in one article, in one role (subject, object or speaker)."""

    __tablename__ = "mentions"
    __table_args__ = (
        Index("ix_mentions_entity_id", "entity_id"),
        Index("ix_mentions_article_id", "article_id"),
    )

    id: Mapped[str] = mapped_column(String, primary_key=True)
    entity_id: Mapped[str] = mapped_column(ForeignKey("entities.id"))
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id"))
    text: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String)


class EvidenceRow(Base):
    """A sentence of an article that states one or more claims, with its character offsets."""

    __tablename__ = "evidence"
    __table_args__ = (Index("ix_evidence_article_id", "article_id"),)

    id: Mapped[str] = mapped_column(String, primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id"))
    sentence: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)


class ClaimRow(Base):
    """One claim: queryable columns plus ``record``, the claim's full JSON, so it round-trips exactly."""

    __tablename__ = "claims"
    __table_args__ = (
        Index("ix_claims_subject_id_object_id", "subject_id", "object_id"),
        Index("ix_claims_plover", "plover"),
        Index("ix_claims_article_id", "article_id"),
    )

    id: Mapped[str] = mapped_column(String, primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id"))
    subject_id: Mapped[str] = mapped_column(ForeignKey("entities.id"))
    object_id: Mapped[str | None] = mapped_column(ForeignKey("entities.id"))
    attributed_to_id: Mapped[str | None] = mapped_column(ForeignKey("entities.id"))
    evidence_id: Mapped[str] = mapped_column(ForeignKey("evidence.id"))
    plover: Mapped[str] = mapped_column(String)
    cameo: Mapped[str | None] = mapped_column(String)
    quad: Mapped[int] = mapped_column(Integer)
    mode: Mapped[str | None] = mapped_column(String)
    polarity: Mapped[str] = mapped_column(String)
    modality: Mapped[str] = mapped_column(String)
    kind: Mapped[str] = mapped_column(String)
    time_start: Mapped[str | None] = mapped_column(String)
    time_end: Mapped[str | None] = mapped_column(String)
    confidence: Mapped[float] = mapped_column(Float)
    extractor_version: Mapped[str] = mapped_column(String)
    extractor_model: Mapped[str] = mapped_column(String)
    run_id: Mapped[str] = mapped_column(String)
    record: Mapped[str] = mapped_column(Text)


class FailureRow(Base):
    """One input that could not be processed; the id comes from origin, stage and message."""

    __tablename__ = "failures"

    id: Mapped[str] = mapped_column(String, primary_key=True)
    origin: Mapped[str] = mapped_column(Text)
    stage: Mapped[str] = mapped_column(String)
    message: Mapped[str] = mapped_column(Text)
    article_id: Mapped[str | None] = mapped_column(String)
    run_id: Mapped[str] = mapped_column(String)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class RunRow(Base):
    """One run of the pipeline: when it started and finished, what it was told and what it did."""

    __tablename__ = "runs"

    id: Mapped[str] = mapped_column(String, primary_key=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    settings: Mapped[dict[str, Any]] = mapped_column(JSON)
    stats: Mapped[dict[str, Any] | None] = mapped_column(JSON)


TABLES: tuple[str, ...] = tuple(table.name for table in Base.metadata.sorted_tables)
