"""Tests of ``pipeline.store.migrate``: the shipped migrations create exactly the tables the models
define, reopening a store is harmless, and the migrations run without an ``alembic.ini``."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from pipeline.store import Store, open_store
from pipeline.store.migrate import head_revision
from pipeline.store.models import Base


def test_migrate_schema_matches_models(store: Store) -> None:
    with store.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)

    assert diff == []


def test_migrate_store_is_at_head_and_reopens(db_url: str) -> None:
    open_store(db_url).close()
    with open_store(db_url) as store, store.engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()

    assert (current, head_revision()) == ("0001", "0001")
