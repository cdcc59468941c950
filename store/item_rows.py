"""Item rows written in bulk: inserting a version's new items, updating many rows at once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from sqlalchemy import Table, bindparam, func, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from domain.planning import Plan
from store.models import ItemSupport, StatusUpdate, WorkItem, table_of

_W = table_of(WorkItem)
_SUPPORT = table_of(ItemSupport)
_HISTORY = table_of(StatusUpdate)


def insert_items(
    conn: Connection,
    plan: Plan,
    added: tuple[int, ...],
    programme_id: int,
    source_name: str,
    now: datetime,
) -> list[int]:
    """Insert the plan's ``added`` items, their supporting units and first history
    entries; returns their ids in order."""
    if not added:
        return []
    mine = _W.c.programme_id == programme_id
    highest = conn.execute(select(func.max(_W.c.position)).where(mine)).scalar()
    start = -1 if highest is None else int(highest)
    start += 1
    items = [plan.items[n] for n in added]
    bulk_insert(conn, _W, _ITEM_COLUMNS, [
        (programme_id, start + k, it.period.key, it.section, it.bullet, it.part, it.line,
         it.text, it.lead, it.due, "not_started", 0, "import", 0, 1, now)
        for k, it in enumerate(items)
    ])  # fmt: skip
    found = conn.execute(select(_W.c.position, _W.c.id).where(mine, _W.c.position >= start))
    by_position: dict[int, int] = {position: id_ for position, id_ in found}
    ids = [by_position[start + k] for k in range(len(added))]
    support = [
        (i, code, pos)
        for i, it in zip(ids, items, strict=True)
        for pos, code in enumerate(it.support)
    ]
    if support:
        bulk_insert(conn, _SUPPORT, ("item_id", "dept", "position"), support)
    history = [(i, "not_started", 0, source_name, "import", now) for i in ids]
    bulk_insert(conn, _HISTORY, _FIRST_HISTORY, history)
    return ids


_ITEM_COLUMNS = (
    "programme_id", "position", "period", "section", "bullet", "part", "line", "text", "lead",
    "due", "status", "progress", "origin", "carry_count", "version", "updated_at",
)  # fmt: skip
_FIRST_HISTORY = ("item_id", "new_status", "new_progress", "by", "channel", "at")


def bulk_insert(
    conn: Connection, table: Table, columns: tuple[str, ...], rows: list[tuple[Any, ...]]
) -> None:
    """Insert ``rows`` (tuples in ``columns`` order) through the driver itself: ``COPY`` on
    PostgreSQL, one ``executemany`` elsewhere. Each distinct value is converted once by
    its column type (the same moment or day repeats across thousands of rows)."""
    dialect = conn.dialect
    converters = []
    for name in columns:
        process = table.c[name].type._cached_bind_processor(dialect)
        converters.append(_memo(process) if process else None)
    if any(converters) and rows:
        columns_of = list(zip(*rows, strict=True))  # column by column: only some convert
        for n, convert in enumerate(converters):
            if convert is not None:
                columns_of[n] = tuple(map(convert, columns_of[n]))
        rows = list(zip(*columns_of, strict=True))
    quote = dialect.identifier_preparer.quote
    names = ", ".join(quote(c) for c in columns)
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    if dialect.name == "postgresql":
        statement = f"COPY {quote(table.name)} ({names}) FROM STDIN"
    else:
        marks = ", ".join("?" if dialect.paramstyle == "qmark" else "%s" for _ in columns)
        statement = f"INSERT INTO {quote(table.name)} ({names}) VALUES ({marks})"
    try:
        if dialect.name == "postgresql":
            with cursor.copy(statement) as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(statement, rows)
    except dialect.loaded_dbapi.IntegrityError as error:  # as SQLAlchemy would raise it
        raise IntegrityError(statement, None, error) from error


def _memo(process: Callable[[Any], Any]) -> Callable[[Any], Any]:
    seen: dict[Any, Any] = {}

    def convert(value: Any) -> Any:
        if value not in seen:
            seen[value] = process(value)
        return seen[value]

    return convert


def current(conn: Connection, ids: list[int], columns: tuple[str, ...]) -> dict[int, Any]:
    rows = conn.execute(select(_W.c.id, *(_W.c[c] for c in columns)).where(_W.c.id.in_(ids)))
    return {r.id: r for r in rows}


def set_rows(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Update each row (``id`` plus the columns to set) in one ``executemany`` per shape."""
    shapes: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        shapes.setdefault(tuple(sorted(row)), []).append(row)
    for shape, group in shapes.items():
        values: dict[str, Any] = {c: bindparam(f"v_{c}") for c in shape if c != "id"}
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
    s = _SUPPORT.c
    query = select(s.item_id, s.dept).where(s.item_id.in_(ids))
    for item_id, dept in conn.execute(query.order_by(s.item_id, s.position)):
        out.setdefault(item_id, []).append(dept)
    return out


def plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value
