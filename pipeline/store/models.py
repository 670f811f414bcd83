"""The store's schema: SQLAlchemy 2 declarative models of the tables claimgraph keeps.

Owns table, column, index and constraint names; the migrations in ``migrations/versions`` must
create exactly these tables. Imports SQLAlchemy only: never a record module, never a stage.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)
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
    # Every model here maps one Table (DeclarativeBase types ``__table__`` as any FromClause).
    __table__: ClassVar[Table]


class ArticleRow(Base):
    """One article as read; ``first_run_id`` is the run that first stored it."""

    __tablename__ = "articles"
    __table_args__ = (Index("ix_articles_source", "source"), Index("ix_articles_content_hash", "content_hash"))

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
    author: Mapped[str | None] = mapped_column(Text)


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


class SightingRow(Base):
    """One place an article's text was seen: an outlet at a URL, the same text (exact) or a near copy (near)."""

    __tablename__ = "sightings"
    __table_args__ = (Index("ix_sightings_article_id", "article_id"), Index("ix_sightings_url", "url"))

    id: Mapped[str] = mapped_column(String, primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id"))
    outlet: Mapped[str] = mapped_column(String)
    url: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String)
    seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    run_id: Mapped[str] = mapped_column(String)


class FingerprintRow(Base):
    """One LSH band of an article's MinHash, so near copies are found across runs without reading every text."""

    __tablename__ = "fingerprints"
    __table_args__ = (Index("ix_fingerprints_band", "band"),)

    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id"), primary_key=True)
    band: Mapped[str] = mapped_column(String, primary_key=True)


class FeedStateRow(Base):
    """What a feed's server said last time (ETag, Last-Modified), for conditional requests."""

    __tablename__ = "feed_states"

    url: Mapped[str] = mapped_column(Text, primary_key=True)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    checked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))



class ClusterRow(Base):
    """One claim cluster (see ``pipeline.compare.cluster``): its pair and type, its full record as JSON, and
    its summary as JSON (the record less its member lists: what ``compare`` reads, a few hundred bytes)."""

    __tablename__ = "clusters"
    # (subject, object, id): a pair's page of clusters by id is read from the index alone.
    __table_args__ = (Index("ix_clusters_subject_id_object_id_id", "subject_id", "object_id", "id"),
                      Index("ix_clusters_object_id", "object_id"))

    id: Mapped[str] = mapped_column(String, primary_key=True)
    subject_id: Mapped[str] = mapped_column(String)
    object_id: Mapped[str | None] = mapped_column(String)
    plover: Mapped[str] = mapped_column(String)
    contradicted: Mapped[bool] = mapped_column(Boolean)
    record: Mapped[str] = mapped_column(Text)
    summary: Mapped[str] = mapped_column(Text)


class ClusterOutletRow(Base):
    """One outlet's stance on one cluster ("asserts" or "contradicts"), for outlet comparisons in SQL."""

    __tablename__ = "cluster_outlets"
    __table_args__ = (Index("ix_cluster_outlets_outlet", "outlet"),)

    cluster_id: Mapped[str] = mapped_column(String, primary_key=True)
    outlet: Mapped[str] = mapped_column(String, primary_key=True)
    stance: Mapped[str] = mapped_column(String, primary_key=True)


class GraphItemRow(Base):
    """The change log of the graph feed: one row per node or edge, stamped with the sequence number of its last change.

    ``kind`` is entity, cluster or claim (exported) or article (bookkeeping, ``seq`` 0); ``stamp``
    is what the input looked like (a claim's run id, an article's sighting count); ``block`` is the
    subject|object pair an edge belongs to; ``deleted`` marks a tombstone.
    """

    __tablename__ = "graph_items"
    __table_args__ = (Index("ix_graph_items_seq", "seq"), Index("ix_graph_items_block", "block"))

    kind: Mapped[str] = mapped_column(String, primary_key=True)
    id: Mapped[str] = mapped_column(String, primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str] = mapped_column(String)
    deleted: Mapped[bool] = mapped_column(Boolean)
    stamp: Mapped[str | None] = mapped_column(String)
    block: Mapped[str | None] = mapped_column(String)

class ReviewRow(Base):
    """One reviewer's decision on one claim (accept, reject or correct): append-only, never updated.

    ``state`` is the claim's reviewed fields after the decision, ``previous`` what they were before;
    the claim's current reviewed state is its row with the highest id. No foreign key on
    ``claim_id``: claim ids come from content, so a decision outlives a rerun that rewrites the claim.
    """

    __tablename__ = "reviews"
    __table_args__ = (Index("ix_reviews_claim_id_id", "claim_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    claim_id: Mapped[str] = mapped_column(String)
    action: Mapped[str] = mapped_column(String)
    reviewer: Mapped[str] = mapped_column(String)
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    plover: Mapped[str] = mapped_column(String)
    state: Mapped[dict[str, Any]] = mapped_column(JSON)
    previous: Mapped[dict[str, Any]] = mapped_column(JSON)
    note: Mapped[str] = mapped_column(Text)


class EntityDecisionRow(Base):
    """One reviewer's merge (``entity_id`` into ``target_id``) or split (the mentions written ``alias``
    out of ``entity_id`` into ``target_id``): append-only, like ``reviews``."""

    __tablename__ = "entity_decisions"
    __table_args__ = (Index("ix_entity_decisions_entity_id", "entity_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    action: Mapped[str] = mapped_column(String)
    entity_id: Mapped[str] = mapped_column(String)
    target_id: Mapped[str] = mapped_column(String)
    target_name: Mapped[str] = mapped_column(Text)
    alias: Mapped[str | None] = mapped_column(Text)
    reviewer: Mapped[str] = mapped_column(String)
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    previous: Mapped[dict[str, Any]] = mapped_column(JSON)


TABLES: tuple[str, ...] = tuple(table.name for table in Base.metadata.sorted_tables)
