"""Writing without waiting for another writer (SQLite), for a caller on an event loop.

SQLite lets one connection write at a time; the others wait in its busy handler, which
sleeps in the calling thread. An event loop must not sleep there: within
:func:`unless_busy` a write that would wait raises :class:`WriterBusy` at once, the
transaction is rolled back, and the caller runs the unit of work again where waiting is
harmless (a worker thread).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError

_TIMEOUT = "workplan.busy_timeout"  # the connection's own busy timeout, read once
_NEVER_WAITS = "workplan.never_waits"


class WriterBusy(Exception):
    """Another connection holds the database's write lock; nothing was changed."""


@contextmanager
def unless_busy(conn: Connection) -> Iterator[None]:
    """Within: no waiting for SQLite's write lock (:class:`WriterBusy` instead); the
    connection's busy timeout is restored after. Elsewhere than SQLite: nothing changes.

    Open it before the transaction, so that the COMMIT does not wait either.
    """
    if conn.dialect.name != "sqlite":
        yield
        return
    if conn.info.get(_NEVER_WAITS):
        with _busy_as_writer_busy():
            yield
        return
    raw = conn.connection.driver_connection
    assert isinstance(raw, sqlite3.Connection)
    if _TIMEOUT not in conn.info:
        conn.info[_TIMEOUT] = int(raw.execute("PRAGMA busy_timeout").fetchone()[0])
    raw.execute("PRAGMA busy_timeout = 0")
    try:
        with _busy_as_writer_busy():
            yield
    finally:
        raw.execute(f"PRAGMA busy_timeout = {conn.info[_TIMEOUT]:d}")


def never_waiting(engine: Engine) -> Connection:
    """A connection of its own, out of ``engine``'s pool, for the writes an event loop
    makes one at a time: on SQLite it never waits for the write lock, so that
    :func:`unless_busy` has no timeout to switch; closing it closes its driver's
    connection. Elsewhere than SQLite: a connection like any other, kept."""
    conn = engine.connect()
    if conn.dialect.name == "sqlite":
        conn.detach()
        raw = conn.connection.dbapi_connection  # detached: no driver_connection left
        assert isinstance(raw, sqlite3.Connection)
        raw.execute("PRAGMA busy_timeout = 0")
        conn.info[_NEVER_WAITS] = True
    return conn


@contextmanager
def _busy_as_writer_busy() -> Iterator[None]:
    try:
        yield
    except OperationalError as exc:
        if _is_busy(exc.orig):
            raise WriterBusy() from exc
        raise


def _is_busy(error: BaseException | None) -> bool:
    """SQLITE_BUSY or one of its extended codes (a snapshot gone stale, a recovery)."""
    code = getattr(error, "sqlite_errorcode", None)
    return isinstance(error, sqlite3.OperationalError) and code is not None and code & 0xFF == 5
