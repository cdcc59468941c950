"""The rollup's writes, set-based: the continuations of a closing period's unfinished
items, their units and first history entry, the re-pointed month pieces, the closed mark.

Each write is one ``INSERT … SELECT`` or ``UPDATE`` over the period's rows (SQLAlchemy
Core), never a statement per item; all of them run in the caller's transaction. The
domain's :class:`~domain.rollup.CarryPlan` says what to carry; the statements select the
same rows by the same rules, and :func:`carry_over` refuses (and so rolls back) when the
counts differ. ``uq_work_item_carried_from`` makes a second continuation impossible.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import and_, case, exists, func, insert, literal, null, select, update
from sqlalchemy.engine import Connection

from domain.periods import Period
from domain.rollup import CarryPlan
from domain.status import Status
from store.models import ItemSupport, StatusUpdate, WorkItem, table_of
from store.models import Period as PeriodRow

_ITEMS = table_of(WorkItem)
_SUPPORT = table_of(ItemSupport)
_HISTORY = table_of(StatusUpdate)
_PERIODS = table_of(PeriodRow)
_OPEN = (Status.DONE.value, Status.CANCELLED.value)
_COPIED = ("section", "bullet", "part", "text", "lead", "status", "progress", "note", "part_of")


class CarryMismatch(RuntimeError):
    """The rows the statements selected are not the ones the plan carries."""


def carry_over(
    conn: Connection, plan: CarryPlan, *, last_day: date, by: str, now: datetime
) -> int:
    """Create the plan's continuations; how many were made.

    ``last_day`` is the next period's last working day (the due date of a continuation,
    unless its source names a later one); ``by`` names the carry in the history.
    """
    ensure_period(conn, plan.next)
    if not plan.continuations:
        return 0
    src = _ITEMS.alias("src")
    watermark = conn.execute(select(func.coalesce(func.max(_ITEMS.c.id), 0))).scalar_one()
    continued = select(_ITEMS.c.id).where(_ITEMS.c.carried_from == src.c.id)
    skipped = [n.item for n in plan.not_carried]
    chosen = and_(
        src.c.period == plan.period.key,
        src.c.status.not_in(_OPEN),
        ~exists(continued),
        *([src.c.id.not_in(skipped)] if skipped else []),
    )
    extended = and_(src.c.original_due.is_not(None), src.c.due > plan.period.end)
    columns = {name: src.c[name] for name in _COPIED} | {
        "period": literal(plan.next.key),
        "due": case((src.c.due > last_day, src.c.due), (extended, src.c.due),
                    else_=literal(last_day)),  # fmt: skip
        "original_due": case((extended, src.c.original_due), else_=null()),
        "carried_from": src.c.id,
        "origin": literal("carry"),
        "carry_count": src.c.carry_count + 1,
        "version": literal(1),
        "updated_at": literal(now, _ITEMS.c.updated_at.type),
    }
    writing = insert(_ITEMS).from_select(list(columns), select(*columns.values()).where(chosen))
    made = conn.execute(writing.execution_options(preserve_rowcount=True)).rowcount
    if made != len(plan.continuations):
        raise CarryMismatch(f"{made} rows selected, {len(plan.continuations)} planned")
    new = _ITEMS.alias("new")
    fresh = and_(new.c.period == plan.next.key, new.c.id > watermark, new.c.origin == "carry")
    conn.execute(
        insert(_SUPPORT).from_select(
            ["item_id", "dept", "position"],
            select(new.c.id, _SUPPORT.c.dept, _SUPPORT.c.position)
            .join(new, new.c.carried_from == _SUPPORT.c.item_id)
            .where(fresh),
        )
    )
    first = {
        "item_id": new.c.id, "old_status": null(), "new_status": new.c.status,
        "old_progress": null(), "new_progress": new.c.progress, "note": null(),
        "by": literal(by), "channel": literal("flow"),
        "at": literal(now, _HISTORY.c.at.type),
    }  # fmt: skip
    conn.execute(insert(_HISTORY).from_select(list(first), select(*first.values()).where(fresh)))
    return int(made)


def repoint_parts(conn: Connection, quarter: Period) -> int:
    """Point the month pieces of the next quarter at the continuation of their quarter
    item, once ``quarter`` has carried it; how many were re-pointed."""
    if quarter.kind != "quarter":
        return 0
    following = quarter.next()
    months = [Period.month(following.year, m).key for m in following.months]
    q, cont = _ITEMS.alias("q"), _ITEMS.alias("cont")
    carried = select(cont.c.carried_from).join(q, q.c.id == cont.c.carried_from)
    carried = carried.where(q.c.period == quarter.key)
    continuation = select(cont.c.id).where(cont.c.carried_from == _ITEMS.c.part_of)
    query = (
        update(_ITEMS)
        .where(_ITEMS.c.period.in_(months), _ITEMS.c.part_of.in_(carried))
        .values(part_of=continuation.scalar_subquery())
    )
    return int(conn.execute(query).rowcount)


def close_period(conn: Connection, period: Period, *, now: datetime) -> None:
    """Mark ``period`` closed: its items no longer change."""
    conn.execute(
        update(_PERIODS)
        .where(_PERIODS.c.key == period.key, _PERIODS.c.closed_at.is_(None))
        .values(closed_at=now)
    )


def ensure_period(conn: Connection, period: Period) -> None:
    """Store ``period`` (and the quarter of a month) when it is not stored yet."""
    wanted = [period] + ([period.parent] if period.kind == "month" and period.parent else [])
    for p in wanted:
        found = conn.execute(select(_PERIODS.c.key).where(_PERIODS.c.key == p.key)).first()
        if found is None:
            conn.execute(
                insert(_PERIODS).values(key=p.key, kind=p.kind, start=p.start, end=p.end)
            )


def carried_into(conn: Connection) -> dict[str, int]:
    """How many continuations each period holds: ``{"2020-Q4": 17, ...}``."""
    query = (
        select(_ITEMS.c.period, func.count())
        .where(_ITEMS.c.carried_from.is_not(None))
        .group_by(_ITEMS.c.period)
    )
    return {period: int(n) for period, n in conn.execute(query)}
