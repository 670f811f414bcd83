"""Alembic revision scripts of the store, one module per revision."""
