"""Item snapshots the scheduled jobs select: the open items of some periods (what is
reminded and asked about), and items by id (what a round asked about)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import and_
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from domain.report import ItemSnapshot
from store.aggregates import OPEN, as_snapshot, rows_with_support
from store.models import WorkItem, table_of

Db = Connection | Session
_ITEMS = table_of(WorkItem)


def open_items(
    db: Db, *, periods: Iterable[str], due_before: date | None = None
) -> list[ItemSnapshot]:
    """Open items of ``periods`` (due before ``due_before`` when given), by lead and due."""
    where = and_(OPEN, _ITEMS.c.period.in_(list(periods)))
    if due_before is not None:
        where = and_(where, _ITEMS.c.due < due_before)
    order = (_ITEMS.c.lead, _ITEMS.c.due, _ITEMS.c.id)
    return [as_snapshot(row, s) for row, s in rows_with_support(db, where, order)]


def items_by_id(db: Db, ids: Iterable[int]) -> list[ItemSnapshot]:
    """The items with these ids, by lead and due date (read in chunks of 900 ids)."""
    wanted = sorted(set(ids))
    found: list[ItemSnapshot] = []
    for start in range(0, len(wanted), 900):
        where = _ITEMS.c.id.in_(wanted[start : start + 900])
        found += [as_snapshot(row, s) for row, s in rows_with_support(db, where, (_ITEMS.c.id,))]
    return sorted(found, key=lambda i: (i.lead, i.due, i.id))
