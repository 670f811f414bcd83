"""Add sightings (where each text was seen, by which outlet), MinHash band fingerprints for near
duplicates, feed states for conditional requests, the article author and an index on content hash.

Revision ID: 0002
Revises: 0001
Create Date: 2025-02-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Create ``sightings``, ``fingerprints`` and ``feed_states``; add ``articles.author``."""
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("author", sa.Text(), nullable=True))
    op.create_index("ix_articles_content_hash", "articles", ["content_hash"])
    create_sightings()
    create_fingerprints()
    create_feed_states()


def downgrade() -> None:
    """Drop what ``upgrade`` added."""
    for table in ("feed_states", "fingerprints", "sightings"):
        op.drop_table(table)
    op.drop_index("ix_articles_content_hash", table_name="articles")
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("author")


def create_sightings() -> None:
    """Create ``sightings`` and its indexes on ``article_id`` and ``url``."""
    op.create_table(
        "sightings",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("article_id", sa.String(), nullable=False),
        sa.Column("outlet", sa.String(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("run_id", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name="fk_sightings_article_id_articles"),
        sa.PrimaryKeyConstraint("id", name="pk_sightings"),
    )
    op.create_index("ix_sightings_article_id", "sightings", ["article_id"])
    op.create_index("ix_sightings_url", "sightings", ["url"])


def create_fingerprints() -> None:
    """Create ``fingerprints`` and its index on ``band``."""
    op.create_table(
        "fingerprints",
        sa.Column("article_id", sa.String(), nullable=False),
        sa.Column("band", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name="fk_fingerprints_article_id_articles"),
        sa.PrimaryKeyConstraint("article_id", "band", name="pk_fingerprints"),
    )
    op.create_index("ix_fingerprints_band", "fingerprints", ["band"])


def create_feed_states() -> None:
    """Create ``feed_states``."""
    op.create_table(
        "feed_states",
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.Text(), nullable=True),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("url", name="pk_feed_states"),
    )
