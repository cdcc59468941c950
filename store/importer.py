"""Write a planned import in one transaction: all of it, or nothing.

Rows go in through SQLAlchemy Core ``insert()`` with lists of dicts; ORM unit-of-work
bookkeeping would make a 10,000-task import many times slower.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from domain.periods import Period as DomainPeriod
from domain.planning import Plan, PlannedItem
from store.models import ItemSupport, Period, Programme, StatusUpdate, WorkItem


@dataclass(frozen=True)
class ImportResult:
    programme_id: int
    created: bool  # False when the same document had been imported before
    items: int
    periods: tuple[str, ...]
    imported_at: datetime


def content_hash(text: str) -> str:
    """Identity of a document's content, insensitive to line endings and edge whitespace."""
    normal = "\n".join(line.rstrip() for line in text.strip().splitlines())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def find_programme(conn: Connection, digest: str) -> ImportResult | None:
    row = conn.execute(
        select(Programme.id, Programme.imported_at, Programme.periods).where(
            Programme.content_hash == digest
        )
    ).first()
    if row is None:
        return None
    count = conn.execute(
        select(func.count()).select_from(WorkItem).where(WorkItem.programme_id == row.id)
    ).scalar_one()
    return ImportResult(row.id, False, count, tuple(row.periods), row.imported_at)


def write_import(
    engine: Engine, plan: Plan, *, text: str, source_name: str, now: datetime
) -> ImportResult:
    """Store ``plan``; a document already imported (same content) changes nothing.

    Two imports running at once can collide on the document or on a new period; the
    loser's transaction rolls back and runs once more, finding what the winner wrote.
    """
    digest = content_hash(text)
    try:
        with engine.begin() as conn:
            return _write(conn, plan, digest, source_name, now)
    except IntegrityError:
        with engine.begin() as conn:
            return _write(conn, plan, digest, source_name, now)


def _write(
    conn: Connection, plan: Plan, digest: str, source_name: str, now: datetime
) -> ImportResult:
    existing = find_programme(conn, digest)
    if existing is not None:
        return existing
    ensure_periods(conn, plan.periods)
    prog = plan.programme
    programme_id = conn.execute(
        insert(Programme).returning(Programme.id),
        {
            "content_hash": digest,
            "source_name": source_name,
            "title": prog.title,
            "number": prog.number,
            "place": prog.place,
            "issued_on": prog.issued_on,
            "issued_text": prog.issued_text,
            "signer_title": prog.signer_title,
            "signer_name": prog.signer_name,
            "recipients": list(prog.recipients),
            "periods": [p.key for p in prog.periods],
            "imported_at": now,
        },
    ).scalar_one()
    ids = _insert_items(conn, plan, programme_id, now)
    support = [
        {"item_id": ids[n], "dept": code, "position": pos}
        for n, item in enumerate(plan.items)
        for pos, code in enumerate(item.support)
    ]
    if support:
        conn.execute(insert(ItemSupport), support)
    conn.execute(
        insert(StatusUpdate),
        [
            {
                "item_id": ids[n],
                "old_status": None,
                "new_status": "not_started",
                "old_progress": None,
                "new_progress": 0,
                "note": None,
                "by": source_name,
                "channel": "import",
                "at": now,
            }
            for n in range(len(plan.items))
        ],
    )
    return ImportResult(
        programme_id, True, len(plan.items), tuple(p.key for p in plan.periods), now
    )


def _insert_items(conn: Connection, plan: Plan, programme_id: int, now: datetime) -> list[int]:
    """Insert the items in one ``executemany``; returns their ids in plan order.

    Ids are read back by position rather than through ``RETURNING``, which SQLite can
    only keep in order one row per statement.
    """
    conn.execute(
        insert(WorkItem),
        [_item_row(item, n, programme_id, now) for n, item in enumerate(plan.items)],
    )
    rows = conn.execute(
        select(WorkItem.position, WorkItem.id).where(WorkItem.programme_id == programme_id)
    ).all()
    by_position = {position: item_id for position, item_id in rows}
    ids = [by_position[n] for n in range(len(plan.items))]
    links = [
        {"item_id": ids[n], "parent_id": ids[item.part_of]}
        for n, item in enumerate(plan.items)
        if item.part_of is not None
    ]
    if links:
        conn.execute(
            update(WorkItem)
            .where(WorkItem.id == bindparam("item_id"))
            .values(part_of=bindparam("parent_id")),
            links,
        )
    return ids


def _item_row(item: PlannedItem, position: int, programme_id: int, now: datetime) -> dict:
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


def ensure_periods(
    conn: Connection, periods: tuple[DomainPeriod, ...] | list[DomainPeriod]
) -> None:
    """Insert the periods not yet stored (and their quarters, for months)."""
    wanted = {p.key: p for p in periods}
    for p in list(wanted.values()):
        if p.kind == "month" and p.parent:
            wanted.setdefault(p.parent.key, p.parent)
    have = set(conn.execute(select(Period.key).where(Period.key.in_(wanted))).scalars())
    rows = [
        {"key": p.key, "kind": p.kind, "start": p.start, "end": p.end}
        for key, p in sorted(wanted.items())
        if key not in have
    ]
    if rows:
        conn.execute(insert(Period), rows)
