"""What the web faces read of departments, and the leadership board of a period.

The board's numbers come from SQL (one ``GROUP BY``, shared with the weekly digest);
its lists are read a few rows at a time, however many items the period holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlmodel import Session

from domain.digest import add_up
from domain.periods import choose_period
from domain.report import DeptCounts, Overdue
from domain.status import ReportClass
from store.aggregates import count_by_department, counts_and_shift
from store.board_reads import latest_changes, oldest_overdue, periods_and_departments
from store.items import HistoryEntry
from store.models import Department
from store.periods import PeriodView


def find_department(session: Session, code: str) -> Department | None:
    """The active department with ``code``, else None."""
    dept = session.get(Department, code.upper())
    return dept if dept is not None and dept.active else None


def department_names(session: Session) -> dict[str, str]:
    """Every department's name by its code."""
    return {d.code: d.name for d in session.execute(select(Department)).scalars()}


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
    week: dict[ReportClass, int]  # items each class gained since the moment asked about


def load_board(
    session: Session, *, period: str | None, today: date, order: Sequence[str] = (),
    limit: int = 15, per_dept: int = 5, since: tuple[datetime, date] | None = None,
) -> Board:
    """Counts per lead department, the overdue items and latest updates of one period,
    and, when ``since`` (a moment and its day) is given, how many items each report
    class gained since then.

    Active departments are listed in ``order`` (the organisation file's), the rest after.
    """
    db = session.connection()  # Core reads: no ORM object is made
    periods, departments = periods_and_departments(db)
    chosen = choose_period(periods, period, today)
    keys = [chosen.key] if chosen else []
    names = {code: name for code, name, _ in departments}
    active = {code for code, _, is_active in departments if is_active}
    codes = [c for c in order if c in active] + sorted(active - set(order))
    if since is None:
        counts = count_by_department(db, periods=keys, today=today, departments=codes)
        week = dict.fromkeys(ReportClass, 0)
    else:  # the counts and the change since in one read
        counts, week = counts_and_shift(db, periods=keys, today=today, since=since[0],
                                        day=since[1], departments=codes)  # fmt: skip
    late = oldest_overdue(db, periods=keys, today=today, per_dept=per_dept)
    overdue = tuple(sorted((Overdue(i, (today - i.due).days) for i in late),
                           key=lambda o: (-o.days, o.item.lead, o.item.id)))  # fmt: skip
    changes = [Change(*found) for found in latest_changes(db, periods=keys, limit=limit)]
    return Board(periods, chosen, tuple(counts), add_up(counts), overdue, names, changes, today,
                 week)  # fmt: skip
