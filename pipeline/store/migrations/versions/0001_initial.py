"""Create the store's seven tables: articles, entities, mentions, evidence, claims, failures, runs.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Create every table and index of ``pipeline.store.models``."""
    create_articles()
    create_entities()
    create_mentions()
    create_evidence()
    create_claims()
    create_failures()
    create_runs()


def downgrade() -> None:
    """Drop every table, dependants first."""
    for table in ("claims", "mentions", "evidence", "failures", "runs", "entities", "articles"):
        op.drop_table(table)


def create_articles() -> None:
    """Create ``articles`` and its index on ``source``."""
    op.create_table(
        "articles",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("source", sa.String(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("published_at", sa.String(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(), nullable=False),
        sa.Column("origin", sa.Text(), nullable=False),
        sa.Column("first_run_id", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_articles"),
    )
    op.create_index("ix_articles_source", "articles", ["source"])


def create_entities() -> None:
    """Create ``entities``."""
    op.create_table(
        "entities",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("type", sa.String(), nullable=False),
        sa.Column("country", sa.String(), nullable=True),
        sa.Column("sector", sa.String(), nullable=True),
        sa.Column("wikidata", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_entities"),
    )


def create_mentions() -> None:
    """Create ``mentions`` and its indexes on ``entity_id`` and ``article_id``."""
    op.create_table(
        "mentions",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("entity_id", sa.String(), nullable=False),
        sa.Column("article_id", sa.String(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["entity_id"], ["entities.id"], name="fk_mentions_entity_id_entities"),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name="fk_mentions_article_id_articles"),
        sa.PrimaryKeyConstraint("id", name="pk_mentions"),
    )
    op.create_index("ix_mentions_entity_id", "mentions", ["entity_id"])
    op.create_index("ix_mentions_article_id", "mentions", ["article_id"])


def create_evidence() -> None:
    """Create ``evidence`` and its index on ``article_id``."""
    op.create_table(
        "evidence",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("article_id", sa.String(), nullable=False),
        sa.Column("sentence", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name="fk_evidence_article_id_articles"),
        sa.PrimaryKeyConstraint("id", name="pk_evidence"),
    )
    op.create_index("ix_evidence_article_id", "evidence", ["article_id"])


def create_claims() -> None:
    """Create ``claims`` and its indexes on (subject, object), ``plover`` and ``article_id``."""
    op.create_table(
        "claims",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("article_id", sa.String(), nullable=False),
        sa.Column("subject_id", sa.String(), nullable=False),
        sa.Column("object_id", sa.String(), nullable=True),
        sa.Column("attributed_to_id", sa.String(), nullable=True),
        sa.Column("evidence_id", sa.String(), nullable=False),
        sa.Column("plover", sa.String(), nullable=False),
        sa.Column("cameo", sa.String(), nullable=True),
        sa.Column("quad", sa.Integer(), nullable=False),
        sa.Column("mode", sa.String(), nullable=True),
        sa.Column("polarity", sa.String(), nullable=False),
        sa.Column("modality", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("time_start", sa.String(), nullable=True),
        sa.Column("time_end", sa.String(), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("extractor_version", sa.String(), nullable=False),
        sa.Column("extractor_model", sa.String(), nullable=False),
        sa.Column("run_id", sa.String(), nullable=False),
        sa.Column("record", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name="fk_claims_article_id_articles"),
        sa.ForeignKeyConstraint(["subject_id"], ["entities.id"], name="fk_claims_subject_id_entities"),
        sa.ForeignKeyConstraint(["object_id"], ["entities.id"], name="fk_claims_object_id_entities"),
        sa.ForeignKeyConstraint(["attributed_to_id"], ["entities.id"], name="fk_claims_attributed_to_id_entities"),
        sa.ForeignKeyConstraint(["evidence_id"], ["evidence.id"], name="fk_claims_evidence_id_evidence"),
        sa.PrimaryKeyConstraint("id", name="pk_claims"),
    )
    op.create_index("ix_claims_subject_id_object_id", "claims", ["subject_id", "object_id"])
    op.create_index("ix_claims_plover", "claims", ["plover"])
    op.create_index("ix_claims_article_id", "claims", ["article_id"])


def create_failures() -> None:
    """Create ``failures``."""
    op.create_table(
        "failures",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("origin", sa.Text(), nullable=False),
        sa.Column("stage", sa.String(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("article_id", sa.String(), nullable=True),
        sa.Column("run_id", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_failures"),
    )


def create_runs() -> None:
    """Create ``runs``."""
    op.create_table(
        "runs",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.Column("stats", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_runs"),
    )
