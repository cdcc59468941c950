"""The digest's lists in two reads, however many items the quarter holds: first the ids of
the first items of each list (the oldest overdue, the open carried-over ones, what was
finished last week) with how many each list holds, then the chosen items in full with the
period each carried item comes from.

Each list is chosen in SQL (``ORDER BY ... LIMIT``, with ``count(*) OVER ()`` for its
length), through its own index: period and due date, origin and ``carried_from``, the
finishing date. Only those few rows reach Python. The statements are built once; dates
and period keys are written into the SQL (``literal_execute``): PostgreSQL then plans for
the real values, not a generic plan for prepared parameters.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Date,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from domain.digest import Carried
from domain.report import ItemSnapshot
from domain.status import Status
from store.aggregates import SNAPSHOT_COLUMNS
from store.models import WorkItem, table_of

Db = Connection | Session
_ITEMS = table_of(WorkItem)
_ORIGINAL = _ITEMS.alias("original")
LISTS = ("late", "carried", "finished")


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
    quarter = sorted(set(periods))
    values: dict[str, Any] = {"quarter": quarter, "week_periods": sorted(set(week_periods)),
                              "today": today, "start": week[0], "end": week[1]}  # fmt: skip
    values |= {f"period_{n}": key for n, key in enumerate(quarter)}
    values |= {f"{name}_limit": limits[name] for name in LISTS}
    chosen: dict[str, set[int]] = {name: set() for name in LISTS}
    counts = dict.fromkeys(LISTS, 0)
    for name, item_id, count in db.execute(_first_of_each(len(quarter)), values):
        chosen[name].add(item_id)
        counts[name] = count
    items, origins = _read(db, [i for ids in chosen.values() for i in ids])
    late, carried, finished = (
        sorted((items[i] for i in chosen[name]), key=_ORDER[name])[: limits[name]]
        for name in LISTS
    )
    return DigestLists(
        overdue=late,
        carried=[Carried(item, *origins[item.id]) for item in carried],
        carried_count=counts["carried"],
        finished=finished,
        finished_count=counts["finished"],
    )


_ORDER = {
    "late": lambda i: (i.due, i.lead, i.id),
    "carried": lambda i: (i.lead, i.due, i.id),
    "finished": lambda i: (i.done_on, i.lead, i.id),
}


def _first(
    name: str, where: ColumnElement[bool], order: tuple[Any, ...], *, counted: bool = True
) -> Select[Any]:
    """The ids of the first ``:<name>_limit`` items matching ``where`` in ``order``, each
    with the list's name and how many items match (when ``counted``)."""
    limit = bindparam(f"{name}_limit", type_=Integer, literal_execute=True)
    count = func.count().over() if counted else literal(0)
    chosen = (
        select(literal(name).label("list"), _ITEMS.c.id, count.label("n"))
        .where(where)
        .order_by(*order)
        .limit(limit)
        .subquery()
    )
    return select(chosen)


@lru_cache(maxsize=8)
def _first_of_each(periods: int) -> CompoundSelect:
    """The first items of each list, for a quarter of ``periods`` open periods.

    The overdue list is chosen in each period apart (``:period_0``, ...), read in due
    date order from the period and due date index until its first ones are found, then
    the first of them all are taken in Python: all the quarter's overdue items at once
    would be read and sorted whole."""
    c = _ITEMS.c
    day = {name: bindparam(name, type_=Date, literal_execute=True)
           for name in ("today", "start", "end")}  # fmt: skip
    within = {name: c.period.in_(bindparam(name, type_=String, expanding=True,
                                           literal_execute=True))
              for name in ("quarter", "week_periods")}  # fmt: skip
    open_ = c.status.not_in([Status.DONE.value, Status.CANCELLED.value])
    carried = or_(c.origin == "carry", c.carried_from.is_not(None))
    finished = and_(c.status == Status.DONE.value, c.done_on >= day["start"],
                    c.done_on <= day["end"])  # fmt: skip
    late = [
        _first("late", and_(c.period == bindparam(f"period_{n}", type_=String,
                                                  literal_execute=True),
                            open_, c.due < day["today"]),
               (c.due, c.lead, c.id), counted=False)
        for n in range(periods)
    ]  # fmt: skip
    return union_all(
        *late,
        _first("carried", and_(within["quarter"], open_, carried), (c.lead, c.due, c.id)),
        _first("finished", and_(within["week_periods"], finished), (c.done_on, c.lead, c.id)),
    )  # fmt: skip


_CHOSEN = (
    select(*SNAPSHOT_COLUMNS, _ORIGINAL.c.period.label("from_period"), _ITEMS.c.carry_count)
    .select_from(_ITEMS.outerjoin(_ORIGINAL, _ORIGINAL.c.id == _ITEMS.c.carried_from))
    .where(_ITEMS.c.id.in_(bindparam("ids", expanding=True)))
)
_SNAPSHOT_NAMES = [column.name for column in SNAPSHOT_COLUMNS]


def _read(
    db: Db, ids: list[int]
) -> tuple[dict[int, ItemSnapshot], dict[int, tuple[str | None, int]]]:
    """The chosen items in full (the digest names no supporting unit), and each one's
    original period and carry count: one query."""
    items: dict[int, ItemSnapshot] = {}
    origins: dict[int, tuple[str | None, int]] = {}
    if not ids:
        return items, origins
    for row in db.execute(_CHOSEN, {"ids": sorted(set(ids))}):
        item = ItemSnapshot(**dict(zip(_SNAPSHOT_NAMES, row, strict=False)), support=())
        items[item.id] = item
        origins[item.id] = (row.from_period, row.carry_count)
    return items, origins
