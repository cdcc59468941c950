"""The leadership board's lists, read a few rows at a time however many items a period
holds: the periods to choose from (read with the departments), the oldest overdue items
of each department and the latest updates (its counts, and how they moved since last
week, are :mod:`store.aggregates`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import (
    Date,
    Integer,
    Select,
    String,
    Subquery,
    and_,
    bindparam,
    func,
    null,
    select,
    union_all,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from domain.report import ItemSnapshot
from store.aggregates import OPEN, SNAPSHOT_COLUMNS, as_snapshot
from store.items import HistoryEntry
from store.models import Department, ItemSupport, Period, StatusUpdate, WorkItem, table_of
from store.periods import PeriodView

_ITEMS = table_of(WorkItem)
_HISTORY = table_of(StatusUpdate)
_PERIODS = table_of(Period)
_SUPPORT = table_of(ItemSupport)
_DEPTS = table_of(Department)
_PEOPLE = _HISTORY.c.channel != "import"
RECENT = 400  # the newest updates looked at first for a period's latest ones
Db = Connection | Session


def periods_and_departments(db: Db) -> tuple[list[PeriodView], list[tuple[str, str, bool]]]:
    """The periods in time order, without their item counts (the board shows none), and
    every department's code, name and whether it is active: one statement (a department's
    row has no start)."""
    periods: list[PeriodView] = []
    departments: list[tuple[str, str, bool]] = []
    for key, kind, start, end, flag in db.execute(_PERIODS_AND_DEPARTMENTS):
        if start is None:
            departments.append((key, kind, bool(flag)))
        else:
            periods.append(PeriodView(key, kind, start, end, bool(flag), 0, 0))
    return sorted(periods, key=lambda v: v.period.sort_key), departments


_PERIODS_AND_DEPARTMENTS = union_all(
    select(_PERIODS.c.key, _PERIODS.c.kind, _PERIODS.c.start, _PERIODS.c.end,
           _PERIODS.c.closed_at.is_not(None)),
    select(_DEPTS.c.code, _DEPTS.c.name, null(), null(), _DEPTS.c.active),
)  # fmt: skip


def latest_changes(
    db: Db, *, periods: Sequence[str], limit: int
) -> list[tuple[HistoryEntry, str, str]]:
    """The newest updates people made to items of ``periods``, each with the item's text
    and lead: looked for among the newest updates first (one index read), then in all."""
    wanted = {"periods": list(periods), "limit": limit}
    rows = db.execute(_NEWEST_RECENT, wanted).all()
    if len(rows) < limit:  # not all among the newest updates: look through every one
        rows = db.execute(_NEWEST_ALL, wanted).all()
    return [(HistoryEntry(*row[:_ENTRY]), row.text, row.lead) for row in rows]


def _newest(source: Subquery) -> Select[Any]:
    """The newest ``:limit`` rows of ``source`` (updates) on items of ``:periods``, with
    the item's text and lead (built once: the statement is compiled once; the values are
    written into the SQL, so PostgreSQL plans for them, not for any parameter)."""
    periods = bindparam("periods", type_=String, expanding=True, literal_execute=True)
    return (
        select(*(source.c[name] for name in _ENTRY_COLUMNS), _ITEMS.c.text, _ITEMS.c.lead)
        .join_from(source, _ITEMS, _ITEMS.c.id == source.c.item_id)
        .where(_ITEMS.c.period.in_(periods))
        .order_by(source.c.at.desc(), source.c.id.desc())
        .limit(bindparam("limit", type_=Integer, literal_execute=True))
    )


_ENTRY_COLUMNS = list(HistoryEntry.__dataclass_fields__)
_ENTRY = len(_ENTRY_COLUMNS)
_BY_PEOPLE = select(_HISTORY).where(_PEOPLE)
_NEWEST_RECENT = _newest(
    _BY_PEOPLE.order_by(_HISTORY.c.at.desc(), _HISTORY.c.id.desc()).limit(RECENT).subquery()
)
_NEWEST_ALL = _newest(_BY_PEOPLE.subquery())


def oldest_overdue(
    db: Db, *, periods: Sequence[str], today: date, per_dept: int
) -> list[ItemSnapshot]:
    """The open items due before ``today``, at most ``per_dept`` of each lead department
    (those due longest ago), with their supporting departments: two reads, the second
    only when there is an overdue item."""
    values = {"periods": list(periods), "today": today, "per_dept": per_dept}
    rows = db.execute(_OLDEST, values).all()
    support: dict[int, list[str]] = {}
    if rows:
        for item_id, dept in db.execute(_SUPPORT_OF, {"ids": [row.id for row in rows]}):
            support.setdefault(item_id, []).append(dept)
    return [as_snapshot(row, tuple(support.get(row.id, ()))) for row in rows]


def _oldest() -> Select[Any]:
    """The first ``:per_dept`` open items of each lead due before ``:today``, of
    ``:periods``, ranked and read in one pass (not looked up again by id)."""
    late = and_(
        OPEN,
        _ITEMS.c.due < bindparam("today", type_=Date, literal_execute=True),
        _ITEMS.c.period.in_(bindparam("periods", type_=String, expanding=True,
                                      literal_execute=True)),
    )  # fmt: skip
    rank = func.row_number().over(
        partition_by=_ITEMS.c.lead, order_by=(_ITEMS.c.due, _ITEMS.c.id)
    )
    ranked = select(*SNAPSHOT_COLUMNS, rank.label("n")).where(late).subquery()
    first = bindparam("per_dept", type_=Integer, literal_execute=True)
    return (
        select(*(ranked.c[column.name] for column in SNAPSHOT_COLUMNS))
        .where(ranked.c.n <= first)
        .order_by(ranked.c.lead, ranked.c.due, ranked.c.id)
    )


_OLDEST = _oldest()
_SUPPORT_OF = (
    select(_SUPPORT.c.item_id, _SUPPORT.c.dept)
    .where(_SUPPORT.c.item_id.in_(bindparam("ids", expanding=True)))
    .order_by(_SUPPORT.c.item_id, _SUPPORT.c.position, _SUPPORT.c.dept)
)
