"""What a period report and a rollup read: the period's items as the rollup needs them,
what the next period holds, where items were carried, and the previous period's counts.

Reads only; works on SQLite and PostgreSQL through a ``Connection`` or a ``Session``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import func, or_, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from domain.calendar import WorkCalendar
from domain.periods import Period
from domain.report import DeptCounts, Summary
from domain.rollup import PeriodItem, closing_day, previous_period
from domain.status import Status, parse_status
from store.aggregates import count_by_department
from store.models import ItemSupport, Programme, WorkItem, table_of
from store.models import Period as PeriodRow

Db = Connection | Session
_ITEMS = table_of(WorkItem)
_SUPPORT = table_of(ItemSupport)
_PERIODS = table_of(PeriodRow)
_PROGRAMMES = table_of(Programme)
_COLUMNS = (
    _ITEMS.c.id, _ITEMS.c.section, _ITEMS.c.text, _ITEMS.c.lead, _ITEMS.c.due,
    _ITEMS.c.status, _ITEMS.c.progress, _ITEMS.c.note, _ITEMS.c.part_of,
    _ITEMS.c.carried_from, _ITEMS.c.carry_count, _ITEMS.c.done_on, _ITEMS.c.original_due,
)  # fmt: skip


@dataclass(frozen=True)
class StoredPeriod:
    """A period row: its key, when it was closed (``None``: open), how many items it holds."""

    period: Period
    closed_at: datetime | None
    items: int


def stored_periods(db: Db) -> list[StoredPeriod]:
    """Every stored period with its item count, in time order."""
    grouped = select(_ITEMS.c.period, func.count()).group_by(_ITEMS.c.period)
    counts: dict[str, int] = {key: n for key, n in db.execute(grouped)}
    rows = db.execute(select(_PERIODS.c.key, _PERIODS.c.closed_at)).all()
    found = [StoredPeriod(Period.from_key(k), closed, counts.get(k, 0)) for k, closed in rows]
    return sorted(found, key=lambda p: p.period.sort_key)


def stored_period(db: Db, period: Period) -> StoredPeriod | None:
    """The stored period ``period``, or ``None``."""
    return next((p for p in stored_periods(db) if p.period == period), None)


def period_items(
    db: Db,
    period: Period,
    calendar: WorkCalendar,
    *,
    dept: str | None = None,
    status: str | None = None,
) -> list[PeriodItem]:
    """The items of ``period`` (those ``dept`` leads or supports; in ``status``), by id.

    ``due_explicit`` is read off the due date: a date that is not the period's last
    working day was named by the text, since that day is the default.
    """
    where = [_ITEMS.c.period == period.key]
    if dept:
        supported = select(_SUPPORT.c.item_id).where(_SUPPORT.c.dept == dept.upper())
        where.append(or_(_ITEMS.c.lead == dept.upper(), _ITEMS.c.id.in_(supported)))
    if status:
        where.append(_ITEMS.c.status == parse_status(status).value)
    rows = db.execute(select(*_COLUMNS).where(*where).order_by(_ITEMS.c.id)).all()
    support: dict[int, list[str]] = {}
    chosen = select(_ITEMS.c.id).where(*where)
    query = (
        select(_SUPPORT.c.item_id, _SUPPORT.c.dept)
        .where(_SUPPORT.c.item_id.in_(chosen))
        .order_by(_SUPPORT.c.item_id, _SUPPORT.c.position, _SUPPORT.c.dept)
    )
    for item_id, code in db.execute(query):
        support.setdefault(item_id, []).append(code)
    default_due = calendar.last_working_day(period)
    return [
        PeriodItem(
            id=r.id, period=period, section=r.section, text=r.text, lead=r.lead, due=r.due,
            status=Status(r.status), progress=r.progress, support=tuple(support.get(r.id, ())),
            note=r.note, part_of=r.part_of, carried_from=r.carried_from,
            carry_count=r.carry_count, due_explicit=r.due != default_due, done_on=r.done_on,
            original_due=r.original_due,
        )  # fmt: skip
        for r in rows
    ]


def carried_to(db: Db, period: Period) -> dict[int, Period]:
    """{item of ``period``: the period its continuation is in}."""
    sources = select(_ITEMS.c.id).where(_ITEMS.c.period == period.key)
    query = select(_ITEMS.c.carried_from, _ITEMS.c.period).where(
        _ITEMS.c.carried_from.in_(sources)
    )
    return {source: Period.from_key(key) for source, key in db.execute(query)}


def period_summary(
    db: Db, period: Period, *, today: date, departments: Iterable[str] = ()
) -> Summary | None:
    """The counts of ``period`` on ``today`` per lead unit and overall; ``None`` when the
    period holds no item. The overdue list is left empty."""
    depts = count_by_department(db, periods=[period.key], today=today, departments=departments)
    total = DeptCounts("*")
    for counts in depts:
        total = _added(total, counts)
    return Summary(today, tuple(depts), total, ()) if total.total else None


def previous_summary(
    db: Db, period: Period, calendar: WorkCalendar, *, departments: Iterable[str] = ()
) -> Summary | None:
    """The previous period of the same kind as its rollup counted it (on its closing day)."""
    before = previous_period(period)
    return period_summary(
        db, before, today=closing_day(before, calendar), departments=departments
    )


def _added(total: DeptCounts, counts: DeptCounts) -> DeptCounts:
    return replace(
        total,
        total=total.total + counts.total,
        classes={k: total.classes[k] + counts.classes[k] for k in total.classes},
        statuses={k: total.statuses[k] + counts.statuses[k] for k in total.statuses},
        progress_sum=total.progress_sum + counts.progress_sum,
    )


@dataclass(frozen=True)
class ProgrammeHead:
    """What the latest imported programme says of its issuer and signer."""

    number: str | None
    place: str | None
    signer_title: str | None
    signer_name: str | None
    recipients: tuple[str, ...]


def programme_head(db: Db) -> ProgrammeHead | None:
    """The header and signature of the programme imported last, if any."""
    p = _PROGRAMMES.c
    row = db.execute(
        select(p.number, p.place, p.signer_title, p.signer_name, p.recipients)
        .order_by(p.imported_at.desc(), p.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    return ProgrammeHead(row[0], row[1], row[2], row[3], tuple(row[4] or ()))
