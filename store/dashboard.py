"""What the web faces read and do beyond the item service: a department's work list,
the leadership board of a period, and status changes on behalf of a department."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlmodel import Session

from domain.periods import parse_period
from domain.problems import InputError
from domain.report import Summary, summarise
from domain.status import Status
from store.items import HistoryEntry, ItemView, latest_updates, list_items, update_status
from store.models import Department, ItemSupport, WorkItem
from store.periods import PeriodView, list_periods


class NotAllowed(Exception):
    """The department may not change this item (it neither leads nor supports it)."""


def works_on(session: Session, item_id: int, dept: str) -> bool:
    """True when ``dept`` leads or supports the item (two small reads, no item view)."""
    lead = session.execute(select(WorkItem.lead).where(WorkItem.id == item_id)).scalar()
    if lead is None:
        raise InputError("unknown_item", id=item_id)
    supports = select(ItemSupport.item_id).where(
        ItemSupport.item_id == item_id, ItemSupport.dept == dept
    )
    return lead == dept or session.execute(supports).first() is not None


def role_of(item: ItemView, dept: str | None) -> str | None:
    """``lead`` or ``support`` when ``dept`` works on ``item``; leadership (None) is ``lead``."""
    if dept is None or item.lead == dept:
        return "lead"
    return "support" if dept in item.support else None


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


def record_update(
    session: Session,
    *,
    item_id: int,
    actor: str | None,
    status: str | Status | None,
    progress: int | None,
    note: str | None,
    by: str,
    channel: str,
    today: date,
    version: int | None,
) -> ItemView:
    """Change an item on behalf of ``actor`` (a department code, or None for leadership).

    Raises :class:`NotAllowed` when the department neither leads nor supports the item.
    """
    if actor is not None and not works_on(session, item_id, actor):
        raise NotAllowed(item_id)
    return update_status(
        session,
        item_id=item_id,
        status=status,
        progress=progress,
        note=note,
        by=by,
        channel=channel,
        today=today,
        version=version,
    )


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


def choose_period(periods: list[PeriodView], wanted: str | None, today: date) -> PeriodView | None:
    """The period asked for; else the open month (or quarter) holding today; else the
    earliest open period; else the latest one. Raises ``unknown_period`` for bad input."""
    if wanted:
        key = parse_period(wanted).key
        return next((p for p in periods if p.key == key), None)
    open_ = [p for p in periods if not p.closed]
    current = [p for p in open_ if p.start <= today <= p.end]
    if current:
        return min(current, key=lambda p: p.end - p.start)
    return open_[0] if open_ else (periods[-1] if periods else None)


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
