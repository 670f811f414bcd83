"""Add ``clusters.summary``: each cluster's record less its member lists (the first five evidence
entries of each side and the totals), so ``compare`` reads a few hundred bytes per cluster instead
of every member's sentence. Existing clusters are summarized from their records here. The pair
index gains ``id``, so a pair's page of clusters is chosen from the index alone.

Revision ID: 0005
Revises: 0004
Create Date: 2025-03-08
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None

# Frozen copy of ``pipeline.records.SUMMARY_EVIDENCE`` as of this revision: a migration must not
# change meaning when the library does.
SUMMARY_EVIDENCE = 5
PAGE = 1000
SUMMARY_FIELDS = ("id", "subject_id", "object_id", "plover", "time_start", "time_end", "asserted_by", "contradicted_by",
                  "first_seen", "last_seen")
CLUSTERS = sa.table("clusters", sa.column("id", sa.String()), sa.column("record", sa.Text()),
                    sa.column("summary", sa.Text()))


def upgrade() -> None:
    """Add ``summary``, fill it for every stored cluster, then make it required; widen the pair index."""
    op.add_column("clusters", sa.Column("summary", sa.Text(), nullable=True))
    fill_summaries(op.get_bind())
    with op.batch_alter_table("clusters") as batch:
        batch.alter_column("summary", existing_type=sa.Text(), nullable=False)
    op.drop_index("ix_clusters_subject_id_object_id", table_name="clusters")
    op.create_index("ix_clusters_subject_id_object_id_id", "clusters", ["subject_id", "object_id", "id"])


def downgrade() -> None:
    """Drop ``summary`` and restore the pair index."""
    op.drop_index("ix_clusters_subject_id_object_id_id", table_name="clusters")
    op.create_index("ix_clusters_subject_id_object_id", "clusters", ["subject_id", "object_id"])
    with op.batch_alter_table("clusters") as batch:
        batch.drop_column("summary")


def fill_summaries(connection: sa.Connection) -> None:
    """Write the summary of every cluster, a page of records at a time (hot pairs' records are large)."""
    after = ""
    while True:
        page = connection.execute(
            sa.select(CLUSTERS.c.id, CLUSTERS.c.record).where(CLUSTERS.c.id > after).order_by(CLUSTERS.c.id).limit(PAGE)
        ).all()
        if not page:
            return
        connection.execute(
            CLUSTERS.update().where(CLUSTERS.c.id == sa.bindparam("key")).values(summary=sa.bindparam("value")),
            [{"key": row.id, "value": json.dumps(summary_of(json.loads(row.record)))} for row in page],
        )
        after = page[-1].id


def summary_of(record: dict[str, Any]) -> dict[str, Any]:
    """Return the summary of one cluster record (the shape of ``pipeline.records.ClusterSummary``)."""
    sides = {stance: [item for item in record["evidence"] if item["stance"] == stance]
             for stance in ("asserts", "contradicts")}
    return {
        **{key: record.get(key) for key in SUMMARY_FIELDS},
        "asserting": sides["asserts"][:SUMMARY_EVIDENCE], "contradicting": sides["contradicts"][:SUMMARY_EVIDENCE],
        "asserting_total": len(sides["asserts"]), "contradicting_total": len(sides["contradicts"]),
    }
