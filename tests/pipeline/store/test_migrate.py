"""Tests of ``pipeline.store.migrate``: the shipped migrations create exactly the tables the models
define, reopening a store is harmless, the migrations run without an ``alembic.ini``, and 0005
summarizes the clusters a store already holds."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import delete, select, text

from pipeline.records import ClaimCluster, ClusterEvidence, ClusterSummary
from pipeline.store import Store, open_store
from pipeline.store.migrate import alembic_config, head_revision
from pipeline.store.models import Base, ClusterRow


def test_migrate_schema_matches_models(store: Store) -> None:
    with store.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)

    assert diff == []


def test_migrate_store_is_at_head_and_reopens(db_url: str) -> None:
    open_store(db_url).close()
    with open_store(db_url) as store, store.engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()

    assert (current, head_revision()) == ("0005", "0005")


def test_migrate_0005_summarizes_stored_clusters_and_downgrades(db_url: str) -> None:
    evidence = [
        ClusterEvidence(claim_id=f"c{i}", article_id=f"a{i}", stance="contradicts" if i == 3 else "asserts", outlets=[f"o{i}"], sentence=f"S{i}.")
        for i in range(8)
    ]
    cluster = ClaimCluster(id="k_1", subject_id="TUR", object_id="RUS", plover="SUPPORT", types=["SUPPORT"], asserted_by=["o0"],
                           contradicted_by=["o3"], claims=[e.claim_id for e in evidence], evidence=evidence)
    open_store(db_url).close()
    with open_store(db_url) as store, store.engine.begin() as connection:
        connection.execute(delete(ClusterRow))
        command.downgrade(alembic_config(connection), "0004")
        old_row = "INSERT INTO clusters (id, subject_id, object_id, plover, contradicted, record) VALUES ('k_1', 'TUR', 'RUS', 'SUPPORT', TRUE, :record)"
        connection.execute(text(old_row), {"record": cluster.model_dump_json()})
        command.upgrade(alembic_config(connection), "head")
        stored = connection.execute(select(ClusterRow.summary)).scalar_one()
        connection.execute(delete(ClusterRow))

    assert ClusterSummary.model_validate_json(stored) == cluster.summary()
