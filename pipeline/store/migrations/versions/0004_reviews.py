"""Add the review workbench's append-only audit tables: ``reviews`` (accept, reject or correct a
claim) and ``entity_decisions`` (merge or split entities), each row with reviewer, time and the
previous value.

Revision ID: 0004
Revises: 0003
Create Date: 2025-03-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Create ``reviews`` and ``entity_decisions`` with their indexes."""
    create_reviews()
    create_entity_decisions()


def downgrade() -> None:
    """Drop what ``upgrade`` added."""
    op.drop_table("entity_decisions")
    op.drop_table("reviews")


def create_reviews() -> None:
    """Create ``reviews`` and its index on (``claim_id``, ``id``), which finds a claim's latest decision."""
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("claim_id", sa.String(), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("reviewer", sa.String(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("plover", sa.String(), nullable=False),
        sa.Column("state", sa.JSON(), nullable=False),
        sa.Column("previous", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_reviews"),
    )
    op.create_index("ix_reviews_claim_id_id", "reviews", ["claim_id", "id"])


def create_entity_decisions() -> None:
    """Create ``entity_decisions`` and its index on ``entity_id``."""
    op.create_table(
        "entity_decisions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("entity_id", sa.String(), nullable=False),
        sa.Column("target_id", sa.String(), nullable=False),
        sa.Column("target_name", sa.Text(), nullable=False),
        sa.Column("alias", sa.Text(), nullable=True),
        sa.Column("reviewer", sa.String(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("previous", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_entity_decisions"),
    )
    op.create_index("ix_entity_decisions_entity_id", "entity_decisions", ["entity_id"])
