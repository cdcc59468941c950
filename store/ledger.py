"""The ledger of scheduled job runs: what makes a job run once per moment.

A use case calls :func:`claim` at the start of its transaction and :func:`finish` at its
end: the row and everything the run writes (outbox rows, continuations) commit together,
or not at all. A second run of the same job and key finds the finished row and does
nothing; two runs at once collide on the unique key and the loser rolls back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection
from sqlmodel import Session

from store.models import JobRun, table_of

TABLE = table_of(JobRun)


@dataclass(frozen=True)
class Run:
    job: str
    key: str
    started_at: datetime
    finished_at: datetime | None
    result: dict[str, Any]


def _conn(db: Session | Connection) -> Connection:
    return db.connection() if isinstance(db, Session) else db


def find(db: Session | Connection, *, job: str, key: str) -> Run | None:
    """The ledger row of ``job`` at ``key``, if that run happened."""
    c = TABLE.c
    row = _conn(db).execute(
        select(c.job, c.key, c.started_at, c.finished_at, c.result).where(
            c.job == job, c.key == key
        )
    ).first()
    return None if row is None else Run(*row)


def claim(db: Session | Connection, *, job: str, key: str, now: datetime) -> Run | None:
    """Write the row of this run in the caller's transaction; the finished row when the
    run already happened (then the caller does nothing)."""
    done = find(db, job=job, key=key)
    if done is not None:
        return done
    _conn(db).execute(insert(TABLE).values(job=job, key=key, started_at=now, result={}))
    return None


def finish(
    db: Session | Connection, *, job: str, key: str, now: datetime, result: dict[str, Any]
) -> None:
    """Record what the run did; commits with the caller's transaction."""
    _conn(db).execute(
        update(TABLE)
        .where(TABLE.c.job == job, TABLE.c.key == key)
        .values(finished_at=now, result=result)
    )


def latest(db: Session | Connection, *, job: str, limit: int = 1) -> list[Run]:
    """The newest runs of ``job``."""
    c = TABLE.c
    rows = _conn(db).execute(
        select(c.job, c.key, c.started_at, c.finished_at, c.result)
        .where(c.job == job)
        .order_by(c.started_at.desc(), c.id.desc())
        .limit(limit)
    )
    return [Run(*row) for row in rows]
