"""What the scheduled jobs select besides items: the periods a job speaks of, who updated
what since a round of requests, the last round, and mail that could not be delivered."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import Table, and_, bindparam, or_, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from domain.digest import UndeliveredMail
from store.ledger import Run
from store.models import JobRun, Outbox, Period, StatusUpdate

Db = Connection | Session
_PERIODS: Table = Period.__table__  # type: ignore[attr-defined]
_UPDATES: Table = StatusUpdate.__table__  # type: ignore[attr-defined]
_OUTBOX: Table = Outbox.__table__  # type: ignore[attr-defined]
_RUNS: Table = JobRun.__table__  # type: ignore[attr-defined]
PEOPLE_CHANNELS = ("cli", "web", "api")  # imports and flows are not answers
# A unit's own updates and requests answer a round; leadership's directives, decisions,
# reassignments and cancellations, and supporting units' contributions, do not.
ANSWERS = ("update", "extension_requested")


def open_periods(
    db: Db,
    *,
    overlapping: tuple[date, date] | None = None,
    kinds: Iterable[str] | None = None,
) -> list[str]:
    """Keys of the periods not closed yet, those overlapping ``(start, end)`` when given."""
    c = _PERIODS.c
    query = select(c.key).where(c.closed_at.is_(None)).order_by(c.start, c.end.desc(), c.key)
    if overlapping is not None:
        start, end = overlapping
        query = query.where(c.start <= end, c.end >= start)
    if kinds is not None:
        query = query.where(c.kind.in_(list(kinds)))
    return list(db.execute(query).scalars())


def periods_overlapping(db: Db, *, start: date, end: date) -> list[str]:
    """Keys of the periods, closed or not, that share a day with ``start``..``end``."""
    c = _PERIODS.c
    return list(db.execute(select(c.key).where(c.start <= end, c.end >= start)).scalars())


def updated_between(db: Db, *, since: datetime, until: datetime) -> set[int]:
    """Ids of the items people updated after ``since``, up to ``until``."""
    c = _UPDATES.c
    query = select(c.item_id).distinct().where(
        c.at > since, c.at <= until, c.channel.in_(PEOPLE_CHANNELS), c.action.in_(ANSWERS)
    )
    return set(db.execute(query).scalars())


# A round's answers, department by department, read where the round's ids are kept (the
# run's ``requested``, department -> item ids): how many items each department was asked
# about and how many of them people updated in between. One grouped read; the JSON is
# walked by each database's own functions, so the ids never leave it. A round names an
# item once under its department (its lead then), so its ids are counted as they come.
_ROUND_ANSWERS = """
SELECT asked.key, count(*), count(answered.item_id)
FROM job_run, {departments} AS asked, {items} AS item
LEFT JOIN (
    SELECT DISTINCT item_id FROM status_update
    WHERE at > :since AND at <= :until AND channel IN :channels AND action IN :actions
) AS answered ON answered.item_id = {item}
WHERE job_run.job = :job AND job_run.key = :key
GROUP BY asked.key
"""
_JSON_WALK = {
    "postgresql": {"departments": "json_each(job_run.result -> 'requested')",
                   "items": "json_array_elements_text(asked.value)",
                   "item": "CAST(item.value AS INTEGER)"},
    "sqlite": {"departments": "json_each(job_run.result, '$.requested')",
               "items": "json_each(asked.value)", "item": "item.value"},
}  # fmt: skip
_ANSWERS_BY_DIALECT = {
    dialect: text(_ROUND_ANSWERS.format(**parts)).bindparams(
        bindparam("channels", expanding=True),
        bindparam("actions", expanding=True),
        bindparam("since", type_=_UPDATES.c.at.type),
        bindparam("until", type_=_UPDATES.c.at.type),
    )
    for dialect, parts in _JSON_WALK.items()
}


def round_answers(
    db: Db, *, job: str, key: str, since: datetime, until: datetime
) -> list[tuple[str, int, int]]:
    """For each department the run ``job`` at ``key`` asked about some items (its result's
    ``requested``): the department, how many items it was asked about, and how many of
    them people answered (:func:`updated_between`) after ``since``, up to ``until``; by
    department code."""
    conn = db.connection() if isinstance(db, Session) else db
    values = {"job": job, "key": key, "since": since, "until": until,
              "channels": list(PEOPLE_CHANNELS), "actions": list(ANSWERS)}  # fmt: skip
    rows = conn.execute(_ANSWERS_BY_DIALECT[conn.dialect.name], values)
    return sorted((dept, int(asked), int(answered)) for dept, asked, answered in rows)


def last_run(db: Db, *, job: str, before: datetime) -> Run | None:
    """The newest finished run of ``job`` started at or before ``before``."""
    c = _RUNS.c
    row = db.execute(
        select(c.job, c.key, c.started_at, c.finished_at, c.result)
        .where(c.job == job, c.started_at <= before, c.finished_at.is_not(None))
        .order_by(c.started_at.desc(), c.id.desc())
        .limit(1)
    ).first()
    return None if row is None else Run(*row)


def undelivered(db: Db, *, limit: int = 50) -> list[UndeliveredMail]:
    """Mail that failed for good, failed at least once and waits to be tried again, or
    left without the server's reply (``unknown``: a person checks whether it arrived)."""
    c = _OUTBOX.c
    waiting = and_(c.state.in_(("pending", "sending", "unknown")), c.attempts > 0,
                   c.last_error.is_not(None))
    rows = db.execute(
        select(c.id, c.kind, c.to, c.subject, c.last_error)
        .where(or_(c.state == "failed", waiting))
        .order_by(c.id)
        .limit(limit)
    )
    return [UndeliveredMail(i, kind, tuple(to), subject, err) for i, kind, to, subject, err in rows]
