"""The leadership board's lists and its change since last week, read a few rows at a time
however many items a period holds: the periods to choose from, the oldest overdue items of
each department, the latest updates, and how each report class moved since a moment."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Table,
    and_,
    bindparam,
    case,
    func,
    literal_column,
    null,
    or_,
    select,
)
from sqlalchemy.orm import Session

from domain.report import ItemSnapshot
from domain.status import ReportClass, Status
from store.aggregates import as_snapshot, report_class, rows_with_support
from store.items import HistoryEntry
from store.models import Period, StatusUpdate, WorkItem
from store.periods import PeriodView

_ITEMS: Table = WorkItem.__table__  # type: ignore[attr-defined]
_HISTORY: Table = StatusUpdate.__table__  # type: ignore[attr-defined]
_PERIODS: Table = Period.__table__  # type: ignore[attr-defined]
_OPEN = _ITEMS.c.status.not_in([Status.DONE.value, Status.CANCELLED.value])
_PEOPLE = _HISTORY.c.channel != "import"
RECENT = 400  # the newest updates looked at first for a period's latest ones


def stored_periods(db: Session) -> list[PeriodView]:
    """The periods in time order, without their item counts (the board shows none)."""
    c = _PERIODS.c
    rows = db.execute(select(c.key, c.kind, c.start, c.end, c.closed_at))
    views = [PeriodView(key, kind, start, end, closed is not None, 0, 0)
             for key, kind, start, end, closed in rows]  # fmt: skip
    return sorted(views, key=lambda v: v.period.sort_key)


def latest_changes(
    db: Session, *, periods: Sequence[str], limit: int
) -> list[tuple[HistoryEntry, str, str]]:
    """The newest updates people made to items of ``periods``, each with the item's text
    and lead: looked for among the newest updates first (one index read), then in all."""
    h = _HISTORY.c
    recent = select(_HISTORY).where(_PEOPLE).order_by(h.at.desc(), h.id.desc()).limit(RECENT)
    rows = db.execute(_newest(recent.subquery(), periods, limit)).all()
    if len(rows) < limit:  # not all among the newest updates: look through every one
        rows = db.execute(_newest(select(_HISTORY).where(_PEOPLE).subquery(), periods,
                                  limit)).all()  # fmt: skip
    fields = list(HistoryEntry.__dataclass_fields__)
    return [(HistoryEntry(**{f: row._mapping[f] for f in fields}), row.text, row.lead)
            for row in rows]  # fmt: skip


def _newest(source: Any, periods: Sequence[str], limit: int) -> Any:
    """The newest ``limit`` rows of ``source`` (updates) on items of ``periods``."""
    return (
        select(source, _ITEMS.c.text, _ITEMS.c.lead)
        .join_from(source, _ITEMS, _ITEMS.c.id == source.c.item_id)
        .where(_ITEMS.c.period.in_(list(periods)))
        .order_by(source.c.at.desc(), source.c.id.desc())
        .limit(limit)
    )


def oldest_overdue(
    db: Session, *, periods: Sequence[str], today: date, per_dept: int
) -> list[ItemSnapshot]:
    """The open items due before ``today``, at most ``per_dept`` of each lead department
    (those due longest ago), with their supporting departments."""
    late = and_(_OPEN, _ITEMS.c.due < today, _ITEMS.c.period.in_(list(periods)))
    rank = func.row_number().over(
        partition_by=_ITEMS.c.lead, order_by=(_ITEMS.c.due, _ITEMS.c.id)
    )
    ranked = select(_ITEMS.c.id, rank.label("n")).where(late).subquery()
    first = _ITEMS.c.id.in_(select(ranked.c.id).where(ranked.c.n <= per_dept))
    found = rows_with_support(db, first, (_ITEMS.c.lead, _ITEMS.c.due, _ITEMS.c.id))
    return [as_snapshot(row, s) for row, s in found]


def class_shift(
    db: Session, *, periods: Sequence[str], since: datetime, today: date, day: date
) -> dict[ReportClass, int]:
    """How many items of ``periods`` each report class gained between ``day`` (the moment
    ``since``) and ``today``: each item changed after ``since`` moves from its class then
    (its status just before its first change since; not counted if it did not exist) to its
    class now; an open item left unchanged that fell due in between moves to overdue."""
    c = _HISTORY.c
    first = (
        select(c.item_id, c.old_status, func.row_number().over(
            partition_by=c.item_id, order_by=(c.at, c.id)).label("n"))
        .where(c.at > since).subquery()
    )  # fmt: skip
    moved = (
        select(_then_class(first.c.old_status, day).label("then"), report_class(today),
               func.count())
        .join_from(first, _ITEMS, _ITEMS.c.id == first.c.item_id)
        .where(first.c.n == 1, _ITEMS.c.period.in_(list(periods)))
        .group_by(literal_column("1"), literal_column("2"))
    )  # fmt: skip
    shift = dict.fromkeys(ReportClass, 0)
    for then, now, n in db.execute(moved):
        if now is not None:
            shift[ReportClass(now)] += n
        if then is not None:
            shift[ReportClass(then)] -= n
    changed = select(c.id).where(c.item_id == _ITEMS.c.id, c.at > since).exists()
    fell_due = select(func.count()).where(
        _ITEMS.c.period.in_(list(periods)), _ITEMS.c.due >= day, _ITEMS.c.due < today, _OPEN,
        ~changed,
    )  # fmt: skip
    late = int(db.execute(fell_due).scalar_one())
    shift[ReportClass.OPEN_OVERDUE] += late
    shift[ReportClass.OPEN_NOT_DUE] -= late
    return shift


def _then_class(status: ColumnElement[str | None], day: date) -> ColumnElement[str | None]:
    """The report class an item had on ``day`` with ``status`` (and its due date and
    finishing date as now): :func:`store.aggregates.report_class` on another day."""
    on = bindparam("day", day, type_=Date)
    done = status == Status.DONE.value
    return case(
        (or_(status.is_(None), status == Status.CANCELLED.value), null()),
        (and_(done, func.coalesce(_ITEMS.c.done_on, on) <= _ITEMS.c.due), "done_on_time"),
        (done, "done_late"),
        (_ITEMS.c.due < on, "open_overdue"),
        else_="open_not_due",
    )
