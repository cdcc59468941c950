"""What the scheduled jobs select besides items: the periods a job speaks of, who updated
what since a round of requests, the last round, and mail that could not be delivered."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ColumnElement, Select, and_, bindparam, or_, select
from sqlalchemy.engine import Connection
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from domain.digest import UndeliveredMail
from store.ledger import Run
from store.models import JobRun, Outbox, Period, StatusUpdate, table_of

Db = Connection | Session
_PERIODS = table_of(Period)
_UPDATES = table_of(StatusUpdate)
_OUTBOX = table_of(Outbox)
_RUNS = table_of(JobRun)
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


class IdList(FunctionElement[list[int]]):
    """The values of an integer column as one JSON list, repeats kept (NULL when none):
    the callers make a set of it, and leaving the repeats saves a sort."""

    type = JSON()
    inherit_cache = True
    name = "id_list"


@compiles(IdList, "postgresql")
def _id_list_postgresql(element: IdList, compiler: SQLCompiler, **kw: Any) -> str:
    return f"json_agg({compiler.process(element.clauses, **kw)})"


@compiles(IdList, "sqlite")
def _id_list_sqlite(element: IdList, compiler: SQLCompiler, **kw: Any) -> str:
    return f"json_group_array({compiler.process(element.clauses, **kw)})"


def _answers_after(since: ColumnElement[datetime]) -> Select[Any]:
    """The ids of the items people answered about after ``since``, up to ``:until``, as
    one list (one row, not a row an item)."""
    c = _UPDATES.c
    until = bindparam("until", type_=c.at.type)
    return select(IdList(c.item_id)).where(
        c.at > since, c.at <= until, c.channel.in_(PEOPLE_CHANNELS), c.action.in_(ANSWERS)
    )


_ANSWERED = _answers_after(bindparam("since", type_=_UPDATES.c.at.type))
_RUN = (_RUNS.c.job, _RUNS.c.key, _RUNS.c.started_at, _RUNS.c.finished_at, _RUNS.c.result)
_LAST_RUN = (
    select(*_RUN)
    .where(_RUNS.c.job == bindparam("job", type_=_RUNS.c.job.type),
           _RUNS.c.started_at <= bindparam("before", type_=_RUNS.c.started_at.type),
           _RUNS.c.finished_at.is_not(None))
    .order_by(_RUNS.c.started_at.desc(), _RUNS.c.id.desc())
    .limit(1)
)  # fmt: skip
_LAST = _LAST_RUN.subquery("last_run")
# The last run and the items answered since it started, in one statement: the answers
# are read once, for the one run chosen.
_LAST_RUN_ANSWERED = select(
    *_LAST.c, _answers_after(_LAST.c.started_at).scalar_subquery().label("answered")
)


def updated_between(db: Db, *, since: datetime, until: datetime) -> set[int]:
    """Ids of the items people updated after ``since``, up to ``until``."""
    return set(db.execute(_ANSWERED, {"since": since, "until": until}).scalar() or ())


def last_run(db: Db, *, job: str, before: datetime) -> Run | None:
    """The newest finished run of ``job`` started at or before ``before``."""
    row = db.execute(_LAST_RUN, {"job": job, "before": before}).first()
    return None if row is None else Run(*row)


def last_run_answered(
    db: Db, *, job: str, before: datetime, until: datetime
) -> tuple[Run, set[int]] | None:
    """:func:`last_run` with :func:`updated_between` from its start up to ``until``, in
    one statement."""
    values = {"job": job, "before": before, "until": until}
    row = db.execute(_LAST_RUN_ANSWERED, values).first()
    return None if row is None else (Run(*row[:-1]), set(row.answered or ()))


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
