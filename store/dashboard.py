"""What the web faces read: a department's work list and the leadership board of a period."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlmodel import Session

from domain.periods import choose_period
from domain.report import Summary, summarise
from store.items import HistoryEntry, ItemView, latest_updates, list_items
from store.models import Department
from store.periods import PeriodView, list_periods


def find_department(session: Session, code: str) -> Department | None:
    """The active department with ``code``, else None."""
    dept = session.get(Department, code.upper())
    return dept if dept is not None and dept.active else None


def department_names(session: Session) -> dict[str, str]:
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
    """The leadership board of one period."""

    periods: list[PeriodView]
    period: PeriodView | None
    summary: Summary
    names: dict[str, str]
    changes: list[Change]


def load_board(
    session: Session, *, period: str | None, today: date, order: Sequence[str] = (), limit: int = 15
) -> Board:
    """Counts per lead department, overdue items and latest updates of one period.

    Active departments are listed in ``order`` (the organisation file's), the rest after.
    """
    periods = list_periods(session)
    chosen = choose_period(periods, period, today)
    keys = [chosen.key] if chosen else []
    names = department_names(session)
    active = set(session.execute(select(Department.code).where(Department.active)).scalars())
    codes = [c for c in order if c in active] + sorted(active - set(order))
    items = list_items(session, periods=keys)
    summary = summarise((i.snapshot() for i in items), today=today, departments=codes)
    updates = latest_updates(session, limit=limit, periods=keys)
    known = {i.id: i for i in items}
    changes = [
        Change(u, known[u.item_id].text, known[u.item_id].lead)
        for u in updates
        if u.item_id in known
    ]
    return Board(periods, chosen, summary, names, changes)
