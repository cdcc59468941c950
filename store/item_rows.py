"""Item rows written in bulk: inserting a version's new items, updating many rows at once."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.engine import Connection

from domain.planning import Plan, PlannedItem
from store.models import ItemSupport, StatusUpdate, WorkItem

_W = WorkItem.__table__


def insert_items(
    conn: Connection,
    plan: Plan,
    added: tuple[int, ...],
    programme_id: int,
    source_name: str,
    now: datetime,
) -> list[int]:
    if not added:
        return []
    mine = _W.c.programme_id == programme_id
    start = int(conn.execute(select(func.max(_W.c.position)).where(mine)).scalar() or -1) + 1
    rows = [item_row(plan.items[n], start + k, programme_id, now) for k, n in enumerate(added)]
    conn.execute(insert(_W), rows)
    found = conn.execute(select(_W.c.position, _W.c.id).where(mine, _W.c.position >= start))
    by_position = dict(found.all())
    ids = [by_position[start + k] for k in range(len(added))]
    support = [
        {"item_id": i, "dept": code, "position": pos}
        for i, n in zip(ids, added, strict=True)
        for pos, code in enumerate(plan.items[n].support)
    ]
    if support:
        conn.execute(insert(ItemSupport), support)
    conn.execute(
        insert(StatusUpdate),
        [
            {
                "item_id": i,
                "old_status": None,
                "new_status": "not_started",
                "old_progress": None,
                "new_progress": 0,
                "note": None,
                "by": source_name,
                "channel": "import",
                "at": now,
            }
            for i in ids
        ],
    )
    return ids


def item_row(item: PlannedItem, position: int, programme_id: int, now: datetime) -> dict[str, Any]:
    return {
        "programme_id": programme_id,
        "position": position,
        "period": item.period.key,
        "section": item.section,
        "bullet": item.bullet,
        "part": item.part,
        "line": item.line,
        "text": item.text,
        "lead": item.lead,
        "due": item.due,
        "status": "not_started",
        "progress": 0,
        "part_of": None,
        "origin": "import",
        "carry_count": 0,
        "version": 1,
        "updated_at": now,
    }


def current(conn: Connection, ids: list[int], columns: tuple[str, ...]) -> dict[int, Any]:
    rows = conn.execute(select(_W.c.id, *(_W.c[c] for c in columns)).where(_W.c.id.in_(ids)))
    return {r.id: r for r in rows}


def set_rows(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Update each row (``id`` plus the columns to set) in one ``executemany`` per shape."""
    shapes: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        shapes.setdefault(tuple(sorted(row)), []).append(row)
    for shape, group in shapes.items():
        values = {c: bindparam(f"v_{c}") for c in shape if c != "id"}
        stmt = update(_W).where(_W.c.id == bindparam("v_id")).values(**values)
        conn.execute(stmt, [{f"v_{k}": v for k, v in row.items()} for row in group])


def add_history(
    conn: Connection, rows: list[tuple[int, str, str, int, str]], by: str, now: datetime
) -> None:
    if rows:
        conn.execute(
            insert(StatusUpdate),
            [
                {
                    "item_id": i,
                    "old_status": old,
                    "new_status": new,
                    "old_progress": progress,
                    "new_progress": progress,
                    "note": note,
                    "by": by,
                    "channel": "import",
                    "at": now,
                }
                for i, old, new, progress, note in rows
            ],
        )


def support_of(conn: Connection, ids: list[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    query = select(ItemSupport.item_id, ItemSupport.dept).where(ItemSupport.item_id.in_(ids))
    for item_id, dept in conn.execute(query.order_by(ItemSupport.item_id, ItemSupport.position)):
        out.setdefault(item_id, []).append(dept)
    return out


def plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value
