"""What the web faces read of departments, and the leadership board of a period.

The board's numbers come from SQL (one ``GROUP BY``, shared with the weekly digest);
its lists are read a few rows at a time, however many items the period holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Table, select
from sqlmodel import Session

from domain.digest import add_up
from domain.periods import choose_period
from domain.report import DeptCounts, Overdue
from store.aggregates import count_by_department
from store.board_reads import latest_changes, oldest_overdue, stored_periods
from store.items import HistoryEntry
from store.models import Department
from store.periods import PeriodView

_DEPTS: Table = Department.__table__  # type: ignore[attr-defined]


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


def load_board(
    session: Session, *, period: str | None, today: date, order: Sequence[str] = (),
    limit: int = 15, per_dept: int = 5,
) -> Board:
    """Counts per lead department, the overdue items and latest updates of one period.

    Active departments are listed in ``order`` (the organisation file's), the rest after.
    """
    periods = stored_periods(session)
    chosen = choose_period(periods, period, today)
    keys = [chosen.key] if chosen else []
    names = department_names(session)
    active = set(session.execute(select(_DEPTS.c.code).where(_DEPTS.c.active)).scalars())
    codes = [c for c in order if c in active] + sorted(active - set(order))
    counts = tuple(count_by_department(session, periods=keys, today=today, departments=codes))
    late = oldest_overdue(session, periods=keys, today=today, per_dept=per_dept)
    overdue = tuple(sorted((Overdue(i, (today - i.due).days) for i in late),
                           key=lambda o: (-o.days, o.item.lead, o.item.id)))  # fmt: skip
    changes = [Change(*found) for found in latest_changes(session, periods=keys, limit=limit)]
    return Board(periods, chosen, counts, add_up(counts), overdue, names, changes, today)
