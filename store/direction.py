"""Writing leadership's direction and the units' answers: extension requests and their
decisions, reassignments, directives, contributions, the item changes they make and the
history entries they leave. Every function works in the caller's transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.engine import Connection, CursorResult, RowMapping

from domain.direction import PENDING, WITHDRAWN
from domain.problems import InputError
from store.models import (
    Contribution,
    Directive,
    ExtensionRequest,
    ItemSupport,
    Reassignment,
    StatusUpdate,
    WorkItem,
    table_of,
)

REQUESTS = table_of(ExtensionRequest)
REASSIGNMENTS = table_of(Reassignment)
NOTES: dict[str, Table] = {
    "directive": Directive.__table__,  # type: ignore[attr-defined]
    "contribution": Contribution.__table__,  # type: ignore[attr-defined]
}
_ITEMS = table_of(WorkItem)
_SUPPORT = table_of(ItemSupport)
_HISTORY = table_of(StatusUpdate)


def record(
    conn: Connection, item: RowMapping, *, action: str, role: str, note: str, by: str,
    channel: str, now: datetime, old: str | None = None, new: str | None = None,
) -> None:
    """A history entry of ``item`` (a row of ``work_item``) that leaves its status as is."""
    conn.execute(insert(_HISTORY), {
        "item_id": item["id"], "old_status": item["status"], "new_status": item["status"],
        "old_progress": item["progress"], "new_progress": item["progress"], "note": note,
        "by": by, "channel": channel, "at": now, "action": action, "role": role,
        "old_value": old, "new_value": new,
    })  # fmt: skip


def support_of(conn: Connection, item_id: int) -> list[str]:
    """The supporting units of an item, in order."""
    query = select(_SUPPORT.c.dept).where(_SUPPORT.c.item_id == item_id)
    return list(conn.execute(query.order_by(_SUPPORT.c.position)).scalars())


def pending_of(conn: Connection, item_id: int) -> RowMapping | None:
    """The item's request waiting for a decision, if any."""
    query = select(REQUESTS).where(REQUESTS.c.item_id == item_id, REQUESTS.c.state == PENDING)
    return conn.execute(query).mappings().first()


def request_row(conn: Connection, request_id: int) -> RowMapping | None:
    return conn.execute(select(REQUESTS).where(REQUESTS.c.id == request_id)).mappings().first()


def add_request(conn: Connection, **values: Any) -> int:
    """A pending request. Of two asking at the same moment the database's unique index
    refuses the second (``IntegrityError``: the caller's transaction is then lost)."""
    return _new_id(conn.execute(insert(REQUESTS).values(state=PENDING, **values)))


def settle(
    conn: Connection, request_id: int, *, state: str, by: str, note: str | None,
    channel: str, now: datetime,
) -> bool:
    """Decide a pending request; ``False`` when it is no longer pending (compare-and-set:
    of two decisions at once, one finds it settled)."""
    found = conn.execute(
        update(REQUESTS)
        .where(REQUESTS.c.id == request_id, REQUESTS.c.state == PENDING)
        .values(state=state, decided_by=by, decided_at=now, decision_note=note,
                decision_channel=channel)  # fmt: skip
    )
    return found.rowcount == 1


def withdraw(conn: Connection, item_id: int, *, by: str, note: str, channel: str,
             now: datetime) -> None:  # fmt: skip
    """Close the item's pending request, if any, as no longer needed."""
    pending = pending_of(conn, item_id)
    if pending is not None:
        settle(conn, pending["id"], state=WITHDRAWN, by=by, note=note, channel=channel, now=now)


def move_due(conn: Connection, item: RowMapping, due: date, *, now: datetime) -> None:
    """Give the item a later due date, keeping its first one (``original_due``)."""
    first = item["original_due"] or item["due"]
    conn.execute(
        update(_ITEMS)
        .where(_ITEMS.c.id == item["id"])
        .values(due=due, original_due=first, version=_ITEMS.c.version + 1, updated_at=now)
    )


def set_units(
    conn: Connection, item: RowMapping, lead: str, support: Sequence[str], *,
    now: datetime,
) -> None:
    """Give the item another lead and supporting units; ``stale_version`` when someone
    changed it since it was read."""
    found = conn.execute(
        update(_ITEMS)
        .where(_ITEMS.c.id == item["id"], _ITEMS.c.version == item["version"])
        .values(lead=lead, version=item["version"] + 1, updated_at=now)
    )
    if found.rowcount != 1:
        raise InputError("stale_version", current=item["version"] + 1)
    conn.execute(delete(_SUPPORT).where(_SUPPORT.c.item_id == item["id"]))
    if support:
        rows = [{"item_id": item["id"], "dept": code, "position": n}
                for n, code in enumerate(support)]  # fmt: skip
        conn.execute(insert(_SUPPORT), rows)


def add_reassignment(conn: Connection, **values: Any) -> int:
    return _new_id(conn.execute(insert(REASSIGNMENTS).values(**values)))


def add_note(conn: Connection, kind: str, **values: Any) -> int:
    """A directive or a contribution (``kind``)."""
    return _new_id(conn.execute(insert(NOTES[kind]).values(**values)))


def _new_id(result: CursorResult[Any]) -> int:
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])
