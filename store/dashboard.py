"""What the web faces read: a department's work list and the leadership board of a period.

The board's numbers come from SQL (one ``GROUP BY``, shared with the weekly digest);
its lists are read a few rows at a time, however many items the period holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Table, and_, func, select
from sqlmodel import Session

from domain.digest import add_up
from domain.periods import choose_period
from domain.report import DeptCounts, ItemSnapshot, Overdue, Summary
from domain.status import Status
from store.aggregates import as_snapshot, count_by_department, rows_with_support
from store.items import HistoryEntry, ItemView, latest_updates, list_items
from store.models import Department, StatusUpdate, WorkItem
from store.periods import PeriodView, list_periods
from store.snapshots import items_by_id

_ITEMS: Table = WorkItem.__table__  # type: ignore[attr-defined]
_HISTORY: Table = StatusUpdate.__table__  # type: ignore[attr-defined]
_DEPTS: Table = Department.__table__  # type: ignore[attr-defined]
_OPEN = _ITEMS.c.status.not_in([Status.DONE.value, Status.CANCELLED.value])


def find_department(session: Session, code: str) -> Department | None:
    """The active department with ``code``, else None."""
    dept = session.get(Department, code.upper())
    return dept if dept is not None and dept.active else None


def department_names(session: Session) -> dict[str, str]:
    """Every department's name by its code."""
    return {d.code: d.name for d in session.execute(select(Department)).scalars()}


def worklist(session: Session, dept: str) -> list[ItemView]:
    """The items of the open periods that ``dept`` leads or supports."""
    open_keys = [p.key for p in list_periods(session, open_only=True)]
    return list_items(session, periods=open_keys, dept=dept)


@dataclass(frozen=True)
class Change:
    """A status update with the item it changed."""

    entry: HistoryEntry
    text: str
    lead: str


@dataclass(frozen=True)
class Board:
    """The leadership board of one period: counts per lead department (in the order
    asked for), the total, the oldest overdue items of each department, latest changes."""

    periods: list[PeriodView]
    period: PeriodView | None
    departments: tuple[DeptCounts, ...]
    total: DeptCounts
    overdue: tuple[Overdue, ...]  # at most ``per_dept`` a department, most days first
    names: dict[str, str]
    changes: list[Change]
    today: date

    @property
    def summary(self) -> Summary:
        """The same figures in the shape :func:`domain.report.summarise` gives."""
        return Summary(self.today, self.departments, self.total, self.overdue)


def load_board(
    session: Session, *, period: str | None, today: date, order: Sequence[str] = (),
    limit: int = 15, per_dept: int = 5,
) -> Board:
    """Counts per lead department, the overdue items and latest updates of one period.

    Active departments are listed in ``order`` (the organisation file's), the rest after.
    """
    periods = list_periods(session)
    chosen = choose_period(periods, period, today)
    keys = [chosen.key] if chosen else []
    names = department_names(session)
    active = set(session.execute(select(_DEPTS.c.code).where(_DEPTS.c.active)).scalars())
    codes = [c for c in order if c in active] + sorted(active - set(order))
    counts = tuple(count_by_department(session, periods=keys, today=today, departments=codes))
    late = oldest_overdue(session, periods=keys, today=today, per_dept=per_dept)
    overdue = tuple(sorted((Overdue(i, (today - i.due).days) for i in late),
                           key=lambda o: (-o.days, o.item.lead, o.item.id)))  # fmt: skip
    updates = latest_updates(session, limit=limit, periods=keys)
    known = {i.id: i for i in items_by_id(session, {u.item_id for u in updates})}
    changes = [Change(u, known[u.item_id].text, known[u.item_id].lead)
               for u in updates if u.item_id in known]  # fmt: skip
    return Board(periods, chosen, counts, add_up(counts), overdue, names, changes, today)


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


def changed_since(
    db: Session, *, periods: Sequence[str], since: datetime
) -> dict[int, str | None]:
    """The items of ``periods`` changed after ``since``, each with its status just
    before (``None``: the item did not exist yet)."""
    c = _HISTORY.c
    query = (
        select(c.item_id, c.old_status)
        .join(_ITEMS, _ITEMS.c.id == c.item_id)
        .where(c.at > since, _ITEMS.c.period.in_(list(periods)))
        .order_by(c.item_id, c.at, c.id)
    )
    before: dict[int, str | None] = {}
    for item_id, old in db.execute(query):
        before.setdefault(item_id, old)
    return before


def open_due_between(
    db: Session, *, periods: Sequence[str], start: date, end: date
) -> list[ItemSnapshot]:
    """Open items of ``periods`` due from ``start`` up to, not including, ``end``."""
    where = and_(_OPEN, _ITEMS.c.due >= start, _ITEMS.c.due < end,
                 _ITEMS.c.period.in_(list(periods)))  # fmt: skip
    found = rows_with_support(db, where, (_ITEMS.c.due, _ITEMS.c.id))
    return [as_snapshot(row, s) for row, s in found]
