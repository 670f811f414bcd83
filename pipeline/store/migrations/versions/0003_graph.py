"""Add claim clusters, the outlets' stances on them, and the graph feed's change log.

Revision ID: 0003
Revises: 0002
Create Date: 2025-02-15
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Create ``clusters``, ``cluster_outlets`` and ``graph_items`` with their indexes."""
    create_clusters()
    create_cluster_outlets()
    create_graph_items()


def downgrade() -> None:
    """Drop what ``upgrade`` created."""
    for table in ("graph_items", "cluster_outlets", "clusters"):
        op.drop_table(table)


def create_clusters() -> None:
    """Create ``clusters`` and its indexes on the actor pair and the object."""
    op.create_table(
        "clusters",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("subject_id", sa.String(), nullable=False),
        sa.Column("object_id", sa.String(), nullable=True),
        sa.Column("plover", sa.String(), nullable=False),
        sa.Column("contradicted", sa.Boolean(), nullable=False),
        sa.Column("record", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_clusters"),
    )
    op.create_index("ix_clusters_subject_id_object_id", "clusters", ["subject_id", "object_id"])
    op.create_index("ix_clusters_object_id", "clusters", ["object_id"])


def create_cluster_outlets() -> None:
    """Create ``cluster_outlets`` and its index on the outlet."""
    op.create_table(
        "cluster_outlets",
        sa.Column("cluster_id", sa.String(), nullable=False),
        sa.Column("outlet", sa.String(), nullable=False),
        sa.Column("stance", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("cluster_id", "outlet", "stance", name="pk_cluster_outlets"),
    )
    op.create_index("ix_cluster_outlets_outlet", "cluster_outlets", ["outlet"])


def create_graph_items() -> None:
    """Create ``graph_items`` and its indexes on the sequence number and the block."""
    op.create_table(
        "graph_items",
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("hash", sa.String(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("stamp", sa.String(), nullable=True),
        sa.Column("block", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("kind", "id", name="pk_graph_items"),
    )
    op.create_index("ix_graph_items_seq", "graph_items", ["seq"])
    op.create_index("ix_graph_items_block", "graph_items", ["block"])
