"""What the weekly digest and the leadership board count and list, done in SQL.

The counts give the numbers :func:`domain.report.summarise` gives for the same items;
the queries work on SQLite and PostgreSQL, through a ``Connection`` or a ``Session``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    CompoundSelect,
    Date,
    Select,
    String,
    Subquery,
    and_,
    bindparam,
    case,
    func,
    literal,
    literal_column,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.engine import Connection, Row
from sqlalchemy.orm import Session

from domain.digest import Carried
from domain.report import DeptCounts, ItemSnapshot
from domain.status import ReportClass, Status
from store.models import ItemSupport, StatusUpdate, WorkItem, table_of

_ITEMS = table_of(WorkItem)
_SUPPORT = table_of(ItemSupport)
_HISTORY = table_of(StatusUpdate)
_ORIGINAL = _ITEMS.alias("original")
# An item still to be worked on: neither done nor cancelled.
OPEN = _ITEMS.c.status.not_in([Status.DONE.value, Status.CANCELLED.value])
_SNAPSHOT = (
    _ITEMS.c.id,
    _ITEMS.c.period,
    _ITEMS.c.text,
    _ITEMS.c.lead,
    _ITEMS.c.due,
    _ITEMS.c.status,
    _ITEMS.c.progress,
    _ITEMS.c.done_on,
    _ITEMS.c.note,
    _ITEMS.c.section,
    _ITEMS.c.original_due,
)
SNAPSHOT_COLUMNS = _SNAPSHOT  # what an ItemSnapshot is read from, support aside

Db = Connection | Session


# The statements below are built once (compiled once, cached by SQLAlchemy) and take
# their values at execution: ``:periods``, ``:today``, ``:day``, ``:since``. The values are
# written into the SQL (``literal_execute``): PostgreSQL then plans for the real day and
# periods, not a generic plan for prepared parameters.
_PERIODS = bindparam("periods", type_=String, expanding=True, literal_execute=True)
_TODAY = bindparam("today", type_=Date, literal_execute=True)
_DAY = bindparam("day", type_=Date, literal_execute=True)
_SINCE = bindparam("since", type_=_HISTORY.c.at.type, literal_execute=True)


def _report_class(today: BindParameter[date]) -> ColumnElement[str | None]:
    """The report class of an item as SQL, as :func:`domain.status.classify` gives it:
    a done item without a finishing date counts as finished ``today``. Nested, so that
    an open item's status is compared twice, not four times (every item of the period
    goes through it)."""
    finished = func.coalesce(_ITEMS.c.done_on, today)
    done = case(
        (finished <= _ITEMS.c.due,
         case((finished > _ITEMS.c.original_due, "done_extended"), else_="done_on_time")),
        else_="done_late",
    )  # fmt: skip
    return case(
        (_ITEMS.c.status == Status.DONE.value, done),
        (_ITEMS.c.status == Status.CANCELLED.value, null()),
        (_ITEMS.c.due < today, "open_overdue"),
        else_="open_not_due",
    )


def _class_then(status: ColumnElement[str | None], day: BindParameter[date]
                ) -> ColumnElement[str | None]:  # fmt: skip
    """The report class an item had on ``day`` with ``status`` (and its due dates and
    finishing date as now): :func:`_report_class` on another day."""
    finished = func.coalesce(_ITEMS.c.done_on, day)
    done = case(
        (finished <= _ITEMS.c.due,
         case((finished > _ITEMS.c.original_due, "done_extended"), else_="done_on_time")),
        else_="done_late",
    )  # fmt: skip
    return case(
        (status == Status.DONE.value, done),
        (or_(status.is_(None), status == Status.CANCELLED.value), null()),
        (_ITEMS.c.due < day, "open_overdue"),
        else_="open_not_due",
    )


def _first_changes(dialect: str) -> Subquery:
    """Each item changed after ``:since`` with its status just before its first change
    since, from one read of the changes after ``:since`` (the ``at`` index): PostgreSQL
    keeps the first row of each item in time order (``DISTINCT ON``), SQLite ranks them."""
    change = _HISTORY.c
    if dialect == "postgresql":
        return (
            select(change.item_id, change.old_status)
            .where(change.at > _SINCE)
            .distinct(change.item_id)
            .order_by(change.item_id, change.at, change.id)
            .subquery("first_change")
        )
    first = func.row_number().over(partition_by=change.item_id, order_by=(change.at, change.id))
    ranked = (
        select(change.item_id, change.old_status, first.label("n"))
        .where(change.at > _SINCE)
        .subquery("change")
    )
    return select(ranked.c.item_id, ranked.c.old_status).where(ranked.c.n == 1).subquery(
        "first_change"
    )


_CLASS = _report_class(_TODAY)
_BY_CLASS = (_ITEMS.c.lead, _CLASS, _ITEMS.c.status, func.count(),
             func.coalesce(func.sum(_ITEMS.c.progress), 0))  # fmt: skip
# One CASE object, selected and grouped on: rendered twice with the same parameters,
# PostgreSQL recognises it in the GROUP BY (two separately built ones it refuses).
_COUNTS = (
    select(*_BY_CLASS)
    .where(_ITEMS.c.period.in_(_PERIODS))
    .group_by(_ITEMS.c.lead, _CLASS, _ITEMS.c.status)
)
_FELL_DUE, _NO_CLASS = "fell_due", "none"
_NONE = literal(0)  # the progress of a row of the shift alone


def _counts_and_shift(dialect: str) -> Select[Any] | CompoundSelect:
    """The counts and the change since ``:since`` in one statement, as rows of the lead,
    the class now, the status, where the items stood on ``:day``, their number and progress.

    Where they stood: the class then of an item changed since (``none`` if it had none),
    ``fell_due`` for an open item left unchanged that fell due in between, NULL for any
    other. PostgreSQL reads the period's items once, each joined to its first change since
    (the few changed items, read through the ``at`` index). SQLite would look the first
    changes up again for every item of that join, so there the counts (rows with no lead
    are of the shift alone), the changed items and the open ones that fell due (the period
    and due date index) are three parts of the statement."""
    first = _first_changes(dialect)
    then = _class_then(first.c.old_status, _DAY)
    # The dates first: most items fall due outside the week, their status is not compared.
    fell_due = and_(_ITEMS.c.due >= _DAY, _ITEMS.c.due < _TODAY, OPEN)
    by_position: list[ColumnElement[Any]] = [literal_column(str(n)) for n in range(1, 5)]
    if dialect == "postgresql":
        stood = case(
            (first.c.item_id.is_not(None), func.coalesce(then, literal(_NO_CLASS))),
            (fell_due, literal(_FELL_DUE)),
            else_=null(),
        )
        return (
            select(*_BY_CLASS[:3], stood, *_BY_CLASS[3:])
            .select_from(_ITEMS.outerjoin(first, first.c.item_id == _ITEMS.c.id))
            .where(_ITEMS.c.period.in_(_PERIODS))
            .group_by(*by_position)
        )
    unchanged = ~select(_HISTORY.c.id).where(
        _HISTORY.c.item_id == _ITEMS.c.id, _HISTORY.c.at > _SINCE
    ).exists()
    return union_all(
        select(*_BY_CLASS[:3], null(), *_BY_CLASS[3:])
        .where(_ITEMS.c.period.in_(_PERIODS))
        .group_by(*by_position[:3]),
        select(null(), _CLASS, null(), func.coalesce(then, literal(_NO_CLASS)), func.count(), _NONE)
        .join_from(first, _ITEMS, _ITEMS.c.id == first.c.item_id)
        .where(_ITEMS.c.period.in_(_PERIODS))
        .group_by(*by_position[1:4]),
        select(null(), null(), null(), literal(_FELL_DUE), func.count(), _NONE)
        .where(_ITEMS.c.period.in_(_PERIODS), fell_due, unchanged),
    )


_COUNTS_AND_SHIFT = {dialect: _counts_and_shift(dialect) for dialect in ("postgresql", "sqlite")}


def count_by_department(
    db: Db, *, periods: Iterable[str], today: date, departments: Iterable[str] = ()
) -> list[DeptCounts]:
    """Counts per lead department of the items of ``periods``, in the four report classes
    and the five statuses, with the progress of the items not cancelled.

    ``departments`` come first, in that order, even when they lead nothing; the others
    follow by code.
    """
    tally = _Tally(departments)
    for lead, class_name, status, n, progress in db.execute(
        _COUNTS, {"periods": list(periods), "today": today}
    ).all():
        tally.add(lead, class_name, status, n, progress)
    return tally.counts()


def counts_and_shift(
    db: Db, *, periods: Iterable[str], today: date, since: datetime, day: date,
    departments: Iterable[str] = (),
) -> tuple[list[DeptCounts], dict[ReportClass, int]]:
    """:func:`count_by_department` and :func:`class_shift` in one statement."""
    tally, shift = _Tally(departments), dict.fromkeys(ReportClass, 0)
    values = {"periods": list(periods), "today": today, "day": day, "since": since}
    query = _COUNTS_AND_SHIFT[_dialect(db)]
    for lead, class_name, status, then, n, progress in db.execute(query, values).all():
        if lead is not None:  # every item has one: no lead, a row of the shift alone
            tally.add(lead, class_name, status, n, progress)
        if then == _FELL_DUE:
            shift[ReportClass.OPEN_OVERDUE] += n
            shift[ReportClass.OPEN_NOT_DUE] -= n
        elif then is not None:  # changed since
            if class_name is not None:
                shift[_CLASSES[class_name]] += n
            if then != _NO_CLASS:
                shift[_CLASSES[then]] -= n
    return tally.counts(), shift


def class_shift(
    db: Db, *, periods: Iterable[str], today: date, since: datetime, day: date
) -> dict[ReportClass, int]:
    """How many items of ``periods`` each report class gained between ``day`` (the moment
    ``since``) and ``today``: each item changed after ``since`` moves from its class then
    (its status just before its first change since; not counted if it did not exist) to its
    class now; an open item left unchanged that fell due in between moves to overdue."""
    return counts_and_shift(db, periods=periods, today=today, since=since, day=day)[1]


def _dialect(db: Db) -> str:
    return (db.get_bind() if isinstance(db, Session) else db).dialect.name


_STATUSES = {status.value: status for status in Status}
_CLASSES = {report_class.value: report_class for report_class in ReportClass}


class _Tally:
    """Counts per lead department added up from grouped rows: ``departments`` first, in
    that order, even when they lead nothing; the others after, by code."""

    def __init__(self, departments: Iterable[str]) -> None:
        self.asked = {code: DeptCounts(code) for code in departments}
        self.found: dict[str, DeptCounts] = {}

    def add(self, lead: str, class_name: str | None, status: str, n: int, progress: int) -> None:
        counts = self.asked.get(lead) or self.found.get(lead)
        if counts is None:
            counts = self.found[lead] = DeptCounts(lead)
        counts.total += n
        counts.statuses[_STATUSES[status]] += n
        if status != Status.CANCELLED.value:
            counts.progress_sum += int(progress)
        if class_name is not None:
            counts.classes[_CLASSES[class_name]] += n

    def counts(self) -> list[DeptCounts]:
        return list(self.asked.values()) + [self.found[code] for code in sorted(self.found)]


def finished_between(
    db: Db, *, start: date, end: date, periods: Iterable[str] | None = None,
    limit: int | None = None,
) -> list[ItemSnapshot]:
    """Items done with a finishing date from ``start`` to ``end`` (both included), the
    first ``limit`` of them when given."""
    order = (_ITEMS.c.done_on, _ITEMS.c.lead, _ITEMS.c.id)
    found = rows_with_support(db, _finished(start, end, periods), order, limit)
    return [as_snapshot(row, s) for row, s in found]


def overdue_items(
    db: Db, *, today: date, periods: Iterable[str] | None = None, limit: int | None = None
) -> list[ItemSnapshot]:
    """Open items (neither done nor cancelled) due before ``today``, oldest due first."""
    where = and_(OPEN, _ITEMS.c.due < today, *_in_periods(periods))
    order = (_ITEMS.c.due, _ITEMS.c.lead, _ITEMS.c.id)
    return [as_snapshot(row, s) for row, s in rows_with_support(db, where, order, limit)]


def carried_open(
    db: Db, *, periods: Iterable[str] | None = None, limit: int | None = None
) -> list[Carried]:
    """Open items that continue an item of an earlier period, with that period's key."""
    order = (_ITEMS.c.lead, _ITEMS.c.due, _ITEMS.c.id)
    found = rows_with_support(db, _carried(periods), order, limit)
    extra = select(_ITEMS.c.id, _ORIGINAL.c.period, _ITEMS.c.carry_count).select_from(
        _ITEMS.outerjoin(_ORIGINAL, _ORIGINAL.c.id == _ITEMS.c.carried_from)
    )
    chosen = extra.where(_ITEMS.c.id.in_([row.id for row, _ in found]))
    origins = {i: (key, count) for i, key, count in db.execute(chosen)}
    return [Carried(as_snapshot(row, s), *origins[row.id]) for row, s in found]


def _finished(start: date, end: date, periods: Iterable[str] | None) -> ColumnElement[bool]:
    return and_(
        _ITEMS.c.status == Status.DONE.value,
        _ITEMS.c.done_on >= start,
        _ITEMS.c.done_on <= end,
        *_in_periods(periods),
    )


def _carried(periods: Iterable[str] | None) -> ColumnElement[bool]:
    return and_(
        OPEN,
        or_(_ITEMS.c.origin == "carry", _ITEMS.c.carried_from.is_not(None)),
        *_in_periods(periods),
    )


def _in_periods(periods: Iterable[str] | None) -> list[ColumnElement[bool]]:
    return [] if periods is None else [_ITEMS.c.period.in_(list(periods))]


def rows_with_support(
    db: Db,
    where: ColumnElement[bool],
    order: tuple[ColumnElement[object], ...],
    limit: int | None = None,
) -> list[tuple[Row[Any], tuple[str, ...]]]:
    """The matching rows in ``order`` (the first ``limit``), each with its supporting
    departments: two queries, whatever the number of rows."""
    rows = list(db.execute(select(*_SNAPSHOT).where(where).order_by(*order).limit(limit)))
    support: dict[int, list[str]] = {}
    if rows:
        everything = select(_ITEMS.c.id).where(where)
        chosen: Any = everything if limit is None else [row.id for row in rows]
        query = (
            select(_SUPPORT.c.item_id, _SUPPORT.c.dept)
            .where(_SUPPORT.c.item_id.in_(chosen))
            .order_by(_SUPPORT.c.item_id, _SUPPORT.c.position, _SUPPORT.c.dept)
        )
        for item_id, dept in db.execute(query):
            support.setdefault(item_id, []).append(dept)
    return [(row, tuple(support.get(row.id, ()))) for row in rows]


def as_snapshot(row: Row[Any], support: tuple[str, ...]) -> ItemSnapshot:
    """An item snapshot from a row of the snapshot columns and its supporting departments."""
    return ItemSnapshot(**row._mapping, support=support)
