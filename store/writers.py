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

from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError

_TIMEOUT = "workplan.busy_timeout"  # the connection's own busy timeout, read once


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
    raw = conn.connection.driver_connection
    assert isinstance(raw, sqlite3.Connection)
    if _TIMEOUT not in conn.info:
        conn.info[_TIMEOUT] = int(raw.execute("PRAGMA busy_timeout").fetchone()[0])
    raw.execute("PRAGMA busy_timeout = 0")
    try:
        yield
    except OperationalError as exc:
        if _is_busy(exc.orig):
            raise WriterBusy() from exc
        raise
    finally:
        raw.execute(f"PRAGMA busy_timeout = {conn.info[_TIMEOUT]:d}")


def _is_busy(error: BaseException | None) -> bool:
    """SQLITE_BUSY or one of its extended codes (a snapshot gone stale, a recovery)."""
    code = getattr(error, "sqlite_errorcode", None)
    return isinstance(error, sqlite3.OperationalError) and code is not None and code & 0xFF == 5
