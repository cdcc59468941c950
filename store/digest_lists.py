"""The digest's lists in two passes over the quarter's items: the oldest overdue items
(``ORDER BY ... LIMIT``: there are many), then the open carried-over ones and what was
finished last week together (there are few), each with how many there are.

The second pass selects a few columns of every item in either list; the first ones of
each are chosen here, and only the chosen items of all three lists are read in full. One
pass per list would scan the same rows once more. Dates and period keys are written into
the SQL (``literal_execute``): PostgreSQL then plans for the real values, not a generic
plan for prepared parameters.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Date, Table, and_, bindparam, or_, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from domain.digest import Carried
from domain.report import ItemSnapshot
from domain.status import Status
from store.aggregates import SNAPSHOT_COLUMNS, as_snapshot
from store.models import WorkItem

Db = Connection | Session
_ITEMS: Table = WorkItem.__table__  # type: ignore[attr-defined]
_ORIGINAL = _ITEMS.alias("original")


@dataclass(frozen=True)
class DigestLists:
    overdue: list[ItemSnapshot]  # oldest due first
    carried: list[Carried]  # by lead, due date
    carried_count: int
    finished: list[ItemSnapshot]  # by finishing date
    finished_count: int


def digest_lists(
    db: Db,
    *,
    today: date,
    periods: Iterable[str],
    week: tuple[date, date],
    week_periods: Iterable[str],
    limits: Mapping[str, int],
) -> DigestLists:
    """Open items of ``periods`` due before ``today`` and carried over, and the items of
    ``week_periods`` finished within ``week``: the first ``limits[...]`` of each."""
    c = _ITEMS.c
    quarter, week_keys = set(periods), set(week_periods)
    done, cancelled = Status.DONE.value, Status.CANCELLED.value
    open_ = c.status.not_in([done, cancelled])
    late = select(c.id).where(_within(quarter), open_, c.due < _day(today))
    late = late.order_by(c.due, c.lead, c.id).limit(limits["late"])
    carried = or_(c.origin == "carry", c.carried_from.is_not(None))
    few = or_(  # carried-over and finished items: a few rows, read in one pass
        and_(open_, carried),
        and_(c.status == done, c.done_on >= _day(week[0]), c.done_on <= _day(week[1])),
    )
    query = select(c.id, c.period, c.status, c.due, c.lead, c.done_on)
    found: dict[str, list[tuple[Any, ...]]] = {"carried": [], "finished": []}
    for item_id, period, status, due, lead, done_on in db.execute(
        query.where(_within(quarter | week_keys), few)
    ):
        if status == done:
            if period in week_keys:
                found["finished"].append((done_on, lead, item_id))
        elif period in quarter:
            found["carried"].append((lead, due, item_id))
    found["late"] = [(n, None, item_id) for n, item_id in enumerate(db.execute(late).scalars())]
    first = {name: [key[2] for key in heapq.nsmallest(limits[name], keys)]
             for name, keys in found.items()}
    items = _read(db, [i for ids in first.values() for i in ids])
    origins = _origins(db, first["carried"])
    return DigestLists(
        overdue=[items[i] for i in first["late"]],
        carried=[Carried(items[i], *origins[i]) for i in first["carried"]],
        carried_count=len(found["carried"]),
        finished=[items[i] for i in first["finished"]],
        finished_count=len(found["finished"]),
    )


def _within(periods: Iterable[str]) -> ColumnElement[bool]:
    wanted: Any = bindparam(None, sorted(periods), expanding=True, literal_execute=True)
    return _ITEMS.c.period.in_(wanted)


def _day(day: date) -> Any:
    return bindparam(None, day, type_=Date, literal_execute=True)


def _read(db: Db, ids: list[int]) -> dict[int, ItemSnapshot]:
    """The chosen items in full, in one query (the digest names no supporting unit)."""
    if not ids:
        return {}
    rows = db.execute(select(*SNAPSHOT_COLUMNS).where(_ITEMS.c.id.in_(ids)))
    return {row.id: as_snapshot(row, ()) for row in rows}


def _origins(db: Db, ids: list[int]) -> dict[int, tuple[str | None, int]]:
    """Each carried item's original period and carry count."""
    if not ids:
        return {}
    query = (
        select(_ITEMS.c.id, _ORIGINAL.c.period, _ITEMS.c.carry_count)
        .select_from(_ITEMS.outerjoin(_ORIGINAL, _ORIGINAL.c.id == _ITEMS.c.carried_from))
        .where(_ITEMS.c.id.in_(ids))
    )
    return {item_id: (key, count) for item_id, key, count in db.execute(query)}
