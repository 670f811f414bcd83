"""Run the store's Alembic migrations programmatically: users never need an ``alembic.ini``.

Owns the path of the shipped migrations and the Alembic ``Config`` built from it. Imports Alembic
and SQLAlchemy only; the revisions themselves live in ``migrations/versions``.
"""

from __future__ import annotations

import threading
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Any constant works: it only has to be the same for every process migrating a PostgreSQL store.
POSTGRES_MIGRATION_LOCK = 0x636C6D67
# Alembic's ``context`` and ``op`` are module globals: two threads migrating at once would clash.
THREAD_LOCK = threading.Lock()


def alembic_config(connection: Connection | None = None) -> Config:
    """Return an Alembic config pointing at the shipped migrations, carrying ``connection`` when given."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade_to_head(connection: Connection) -> None:
    """Upgrade the database behind ``connection`` to the newest revision, inside its transaction.

    One thread of a process migrates at a time; on PostgreSQL a transaction-scoped advisory lock
    also keeps two processes from migrating at once.
    """
    with THREAD_LOCK:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": POSTGRES_MIGRATION_LOCK})
        command.upgrade(alembic_config(connection), "head")


def head_revision() -> str | None:
    """Return the newest revision id of the shipped migrations."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()
