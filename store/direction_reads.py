"""Reading leadership's direction: an item's requests, directives and contributions, the
requests waiting for a decision, what the weekly digest reports, the reassignments."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.engine import Connection, RowMapping
from sqlalchemy.orm import Session

from domain.direction import PENDING, DirectionNews, Extension, Note
from domain.report import ItemSnapshot
from store.direction import NOTES, REASSIGNMENTS, REQUESTS
from store.snapshots import items_by_id

Db = Connection | Session
_FIELDS = tuple(f for f in Extension.__dataclass_fields__ if f != "item")


@dataclass(frozen=True)
class ItemDirection:
    """What an item's pages show of its direction, newest first."""

    extensions: tuple[Extension, ...] = ()
    directives: tuple[Note, ...] = ()
    contributions: tuple[Note, ...] = ()

    @property
    def pending(self) -> Extension | None:
        return next((e for e in self.extensions if e.state == PENDING), None)


@dataclass(frozen=True)
class Card:
    """What an item's card on a unit's page shows of its direction: the newest directives
    and contributions (rows of their tables) and its newest extension request."""

    directives: tuple[RowMapping, ...] = ()
    contributions: tuple[RowMapping, ...] = ()
    request: RowMapping | None = None

    def __bool__(self) -> bool:
        return bool(self.directives or self.contributions or self.request)


@dataclass(frozen=True)
class ReassignmentLine:
    """One reassignment, with the item's text (``workplan reassignments``)."""

    id: int
    item_id: int
    text: str
    old_lead: str
    new_lead: str
    old_support: tuple[str, ...]
    new_support: tuple[str, ...]
    reason: str
    by: str
    channel: str
    at: datetime


def extensions(db: Db, where: ColumnElement[bool], *, limit: int | None = None) -> list[Extension]:
    """The requests matching ``where``, newest first, each with its item."""
    order = (REQUESTS.c.requested_at.desc(), REQUESTS.c.id.desc())
    query = select(REQUESTS).where(where).order_by(*order)
    rows = list(db.execute(query.limit(limit)).mappings())
    items = _items(db, rows)
    return [Extension(item=items[r["item_id"]], **{f: r[f] for f in _FIELDS}) for r in rows]


def pending_extensions(db: Db) -> list[Extension]:
    """Every request waiting for leadership's decision, oldest first."""
    return list(reversed(extensions(db, REQUESTS.c.state == PENDING)))


def extension_of(db: Db, request_id: int) -> Extension | None:
    found = extensions(db, REQUESTS.c.id == request_id)
    return found[0] if found else None


def notes(db: Db, kind: str, where: ColumnElement[bool], *, limit: int | None = None) -> list[Note]:
    """Directives or contributions (``kind``) matching ``where``, newest first."""
    table = NOTES[kind]
    query = select(table).where(where).order_by(table.c.at.desc(), table.c.id.desc())
    rows = list(db.execute(query.limit(limit)).mappings())
    items = _items(db, rows)
    return [
        Note(r["id"], items[r["item_id"]], r["text"], r["by"], r["at"], r.get("dept"))
        for r in rows
    ]


def item_direction(db: Db, item_id: int) -> ItemDirection:
    """An item's requests, directives and contributions."""
    return ItemDirection(
        tuple(extensions(db, REQUESTS.c.item_id == item_id)),
        tuple(notes(db, "directive", NOTES["directive"].c.item_id == item_id)),
        tuple(notes(db, "contribution", NOTES["contribution"].c.item_id == item_id)),
    )


def cards(db: Db, item_ids: Sequence[int], *, shown: int = 3) -> dict[int, Card]:
    """The cards of many items (a page's), in three reads whatever their number; an item
    without direction has none."""
    ids = sorted(set(item_ids))
    if not ids:
        return {}
    found: dict[int, dict[str, list[RowMapping]]] = {}
    for name, table in (("d", NOTES["directive"]), ("c", NOTES["contribution"]),
                        ("r", REQUESTS)):  # fmt: skip
        moment = table.c.requested_at if name == "r" else table.c.at
        query = select(table).where(table.c.item_id.in_(ids))
        for row in db.execute(query.order_by(moment.desc(), table.c.id.desc())).mappings():
            found.setdefault(row["item_id"], {}).setdefault(name, []).append(row)
    return {
        item: Card(tuple(rows.get("d", [])[:shown]), tuple(rows.get("c", [])[:shown]),
                   next(iter(rows.get("r", ())), None))  # fmt: skip
        for item, rows in found.items()
    }


def news(db: Db, *, since: datetime, until: datetime, limit: int = 30) -> DirectionNews:
    """For the digest: the requests pending now, those decided and the directives written
    from ``since`` (included) to ``until`` (excluded), the first ``limit`` of each."""
    decided = and_(REQUESTS.c.decided_at >= since, REQUESTS.c.decided_at < until,
                   or_(REQUESTS.c.state == "approved", REQUESTS.c.state == "refused"))  # fmt: skip
    table = NOTES["directive"]
    written = and_(table.c.at >= since, table.c.at < until)
    return DirectionNews(
        pending=tuple(pending_extensions(db)[:limit]),
        decided=tuple(reversed(extensions(db, decided, limit=limit))),
        directives=tuple(reversed(notes(db, "directive", written, limit=limit))),
    )


def reassignment_lines(db: Db, *, limit: int | None = None) -> list[ReassignmentLine]:
    """The reassignments, newest first."""
    c = REASSIGNMENTS.c
    rows = list(db.execute(select(REASSIGNMENTS).order_by(c.at.desc(), c.id.desc()).limit(limit))
                .mappings())  # fmt: skip
    items = _items(db, rows)
    return [
        ReassignmentLine(
            r["id"], r["item_id"], items[r["item_id"]].text, r["old_lead"], r["new_lead"],
            tuple(r["old_support"]), tuple(r["new_support"]), r["reason"], r["by"],
            r["channel"], r["at"],
        )
        for r in rows
    ]


def _items(db: Db, rows: Sequence[RowMapping | dict[str, Any]]) -> dict[int, ItemSnapshot]:
    return {i.id: i for i in items_by_id(db, {r["item_id"] for r in rows})}
