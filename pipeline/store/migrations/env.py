"""Alembic environment of the store: runs the revisions on the connection the caller passes in.

``pipeline.store.migrate`` puts an open SQLAlchemy connection in ``config.attributes["connection"]``;
offline (``--sql``) mode renders SQL for ``sqlalchemy.url``. Imports the store's models only.
"""

from __future__ import annotations

from alembic import context

from pipeline.errors import StoreError
from pipeline.store.models import Base


def run_offline() -> None:
    """Render the migrations as SQL for the configured URL, without a database."""
    context.configure(
        url=context.config.get_main_option("sqlalchemy.url"),
        target_metadata=Base.metadata,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    """Run the migrations on the connection ``pipeline.store.migrate`` passed in."""
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise StoreError("no connection to migrate: use pipeline.store.migrate.upgrade_to_head", stage="store")
    context.configure(connection=connection, target_metadata=Base.metadata)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
