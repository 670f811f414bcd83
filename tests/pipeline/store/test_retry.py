"""The store's bounded retry of writes that lose a race (deadlock, serialization failure, SQLite locked)."""

from __future__ import annotations

import pytest
from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError, IntegrityError

from pipeline.errors import StoreError
from pipeline.store import WRITE_ATTEMPTS, Store


class DriverError(Exception):
    def __init__(self, message: str, sqlstate: str | None) -> None:
        super().__init__(message)
        self.sqlstate = sqlstate


def losing(errors: list[Exception]):
    """Return a unit of work that raises each of ``errors`` in turn, then returns the number of calls."""
    calls = []

    def work(connection: Connection) -> int:
        calls.append(connection)
        if len(calls) <= len(errors):
            raise errors[len(calls) - 1]
        return len(calls)

    return work


@pytest.mark.parametrize("error", [
    DBAPIError("INSERT", None, DriverError("deadlock detected", "40P01")),
    DBAPIError("INSERT", None, DriverError("could not serialize access", "40001")),
    DBAPIError("INSERT", None, DriverError("database is locked", None)),
])
def test_store_write_retries_a_lost_race_until_it_succeeds(store: Store, error: DBAPIError) -> None:
    assert store.write("write a thing", losing([error, error])) == 3


def test_store_write_gives_up_after_the_bounded_attempts(store: Store) -> None:
    deadlock = DBAPIError("INSERT", None, DriverError("deadlock detected", "40P01"))
    with pytest.raises(StoreError, match=r"could not write a thing: DBAPIError: \(.*DriverError\) deadlock detected"):
        store.write("write a thing", losing([deadlock] * WRITE_ATTEMPTS))


def test_store_write_does_not_retry_other_errors(store: Store) -> None:
    work = losing([IntegrityError("INSERT", None, DriverError("duplicate key", "23505"))])
    with pytest.raises(StoreError, match="duplicate key"):
        store.write("write a thing", work)
    assert store.counts()["articles"] == 0
