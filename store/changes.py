"""Changing an item's status: the write path of every face, and its history.

After its period is closed an item no longer changes: a change sent to it (an old link,
an old id in the CLI) goes to its live continuation, the item carrying it in the first
open period, and the result names the item that was asked for (``redirected_from``).
A done item records the day it was finished: today unless given, never a day to come,
never a day before the item (or the item it continues) existed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Any, TypeVar

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.engine import Connection, RowMapping
from sqlmodel import Session

from domain.periods import Period
from domain.problems import InputError
from domain.status import Status, plan_change
from store.items import CHANNELS, HISTORY, ITEMS, SUPPORTS, ItemView, item_view
from store.models import Period as PeriodRow
from store.models import table_of
from store.prepared import Prepared

_ITEMS, _HISTORY, _SUPPORTS = ITEMS, HISTORY, SUPPORTS
_PERIODS = table_of(PeriodRow)
# Built once: SQLAlchemy memoises a statement's cache key on the statement object.
_CURRENT = (
    select(_ITEMS, _PERIODS.c.closed_at)
    .join(_PERIODS, _PERIODS.c.key == _ITEMS.c.period)
    .where(_ITEMS.c.id == bindparam("item_id"))
)
_CONTINUATION = select(_ITEMS.c.id).where(_ITEMS.c.carried_from == bindparam("item_id"))
_SOURCE = select(_ITEMS.c.carried_from).where(_ITEMS.c.id == bindparam("item_id"))
_FIRST_SEEN = select(func.min(_HISTORY.c.at)).where(_HISTORY.c.item_id == bindparam("item_id"))
_CHANGE = (
    update(_ITEMS)
    .where(_ITEMS.c.id == bindparam("item_id"), _ITEMS.c.version == bindparam("old_version"))
    .values(
        status=bindparam("new_status"),
        progress=bindparam("new_progress"),
        note=bindparam("new_note"),
        done_on=bindparam("new_done_on"),
        version=bindparam("new_version"),
        updated_at=bindparam("now"),
    )
)
_RECORD = insert(_HISTORY)
_SUPPORT = (
    select(_SUPPORTS.c.dept)
    .where(_SUPPORTS.c.item_id == bindparam("item_id"))
    .order_by(_SUPPORTS.c.position)
)
_STATE = ("status", "progress", "note")
_HISTORY_KEYS = (
    "item_id", "old_status", "new_status", "old_progress", "new_progress", "note", "by",
    "channel", "at", "role", "action",
)  # fmt: skip
# The status change's own statements, on the driver (see store.prepared): the item with
# its supports in one read (a row per supporting unit, in their order), the versioned
# UPDATE, the history INSERT.
_ASKED = Prepared(
    _CURRENT.add_columns(_SUPPORTS.c.dept.label("support_dept"))
    .outerjoin(_SUPPORTS, _SUPPORTS.c.item_id == _ITEMS.c.id)
    .order_by(_SUPPORTS.c.position)
)
_CURRENT_P = Prepared(_CURRENT)
_CONTINUATION_P = Prepared(_CONTINUATION)
_SUPPORT_P = Prepared(_SUPPORT)
_CHANGE_P = Prepared(_CHANGE)
_RECORD_P = Prepared(_RECORD, keys=_HISTORY_KEYS)


@dataclass(frozen=True)
class Asked:
    """The item a change was sent to, as read in the change's transaction, and the
    departments supporting it (who may change it is decided on these)."""

    row: Mapping[str, Any]
    support: list[str]

    @property
    def lead(self) -> str:
        return str(self.row["lead"])

    @property
    def status(self) -> str:
        return str(self.row["status"])


def read_asked(conn: Connection, item_id: int) -> Asked:
    """The item ``item_id`` with its supports, in one read; raises ``unknown_item``."""
    rows = _ASKED.rows(conn, {"item_id": item_id})
    if not rows:
        raise InputError("unknown_item", id=item_id)
    support = [row.pop("support_dept") for row in rows]
    return Asked(rows[0], [dept for dept in support if dept is not None])


def update_status(
    session: Session | Connection,
    *,
    item_id: int,
    status: str | Status | None,
    progress: int | None = None,
    note: str | None = None,
    by: str,
    channel: str,
    now: datetime,
    version: int | None = None,
    done_on: date | None = None,
    role: str | None = None,
    action: str = "update",
) -> ItemView:
    """Change an item (or its live continuation) and record the change; the caller commits.

    ``version`` (when given) must be the version of the item asked for: a stale one
    raises ``stale_version`` and nothing changes. Sent to a closed item, it must also
    find its continuation as the closed item left it, else it is stale too. ``role`` and
    ``action`` are what the history entry records (see :mod:`domain.direction`).
    """
    conn = session.connection() if isinstance(session, Session) else session
    return change_asked(
        conn, read_asked(conn, item_id), status=status, progress=progress, note=note, by=by,
        channel=channel, now=now, version=version, done_on=done_on, role=role, action=action,
    )  # fmt: skip


def change_asked(
    conn: Connection,
    asked: Asked,
    *,
    status: str | Status | None,
    progress: int | None = None,
    note: str | None = None,
    by: str,
    channel: str,
    now: datetime,
    version: int | None = None,
    done_on: date | None = None,
    role: str | None = None,
    action: str = "update",
) -> ItemView:
    """:func:`update_status` on an item already read by :func:`read_asked` in this
    transaction: the item's row, the UPDATE, the history INSERT, nothing else while its
    period is open."""
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}")
    item_id = asked.row["id"]
    current = _follow(
        asked.row,
        lambda following: _CURRENT_P.one(conn, {"item_id": following}),
        lambda closed: _CONTINUATION_P.scalar(conn, {"item_id": closed}),
    )
    if version is not None and (
        version != asked.row["version"] or any(asked.row[k] != current[k] for k in _STATE)
    ):
        raise InputError("stale_version", current=current["version"])
    change = plan_change(
        current=Status(current["status"]), current_progress=current["progress"],
        status=status, progress=progress, note=note,
    )  # fmt: skip
    finished = None
    if change.status is Status.DONE:
        finished = done_on or current["done_on"] or now.date()
    if done_on is not None:
        check_done_on(conn, current["id"], done_on, change.status, now)
    values = {
        "status": change.status.value,
        "progress": change.progress,
        "note": change.note if note is not None else current["note"],
        "done_on": finished,
        "version": current["version"] + 1,
        "updated_at": now,
    }
    target = current["id"]
    changed = _CHANGE_P.run(
        conn,
        {"item_id": target, "old_version": current["version"], "now": now}
        | {f"new_{k}": values[k] for k in ("status", "progress", "note", "done_on", "version")},
    )
    if changed != 1:  # another writer got there between our read and our write
        raise InputError("stale_version", current=current["version"] + 1)
    _RECORD_P.run(
        conn,
        {
            "item_id": target, "old_status": current["status"], "new_status": values["status"],
            "old_progress": current["progress"], "new_progress": values["progress"],
            "note": change.note, "by": by.strip() or "?", "channel": channel, "at": now,
            "role": role, "action": action,
        },
    )  # fmt: skip
    if target == item_id:
        support = asked.support
    else:
        support = [row["dept"] for row in _SUPPORT_P.rows(conn, {"item_id": target})]
    moved = item_id if target != item_id else None
    return item_view(current, support, **values, redirected_from=moved)


def live_item(conn: Connection, item_id: int) -> tuple[RowMapping, RowMapping]:
    """The item asked for and the one to change: itself while its period is open, else
    its continuation in the first open period down the chain.

    Raises ``unknown_item``, or ``item_closed`` when the chain ends in a closed period
    (the work was finished, cancelled or not carried there).
    """
    asked = conn.execute(_CURRENT, {"item_id": item_id}).mappings().first()
    if asked is None:
        raise InputError("unknown_item", id=item_id)
    return asked, _follow(
        asked,
        lambda following: conn.execute(_CURRENT, {"item_id": following}).mappings().first(),
        lambda closed: conn.execute(_CONTINUATION, {"item_id": closed}).scalar(),
    )


_Row = TypeVar("_Row", bound=Mapping[Any, Any])


def _follow(
    asked: _Row, item: Callable[[int], _Row | None], continuation: Callable[[int], int | None]
) -> _Row:
    """``asked`` while its period is open, else its live continuation (see
    :func:`live_item`), read by ``item`` and found by ``continuation``."""
    current = asked
    while current["closed_at"] is not None:
        following = continuation(current["id"])
        found = None if following is None else item(following)
        if found is None:
            period = Period.from_key(current["period"])
            raise InputError(
                "item_closed", id=asked["id"], item=current["id"], period=period.name("vi"),
                period_en=period.name("en"), status=current["status"],
            )  # fmt: skip
        current = found
    return current


def check_done_on(
    conn: Connection, item_id: int, day: date, status: Status, now: datetime
) -> None:
    """Refuse a finishing date on an unfinished item, in the future, or before the item
    (or the first item of its carry chain) existed, in the organisation's time zone."""
    if status is not Status.DONE:
        raise InputError("done_on_not_done", date=f"{day:%d/%m/%Y}")
    if day > now.date():
        raise InputError("done_on_future", date=f"{day:%d/%m/%Y}", today=f"{now:%d/%m/%Y}")
    since = existed_on(conn, item_id, now.tzinfo)
    if since is not None and day < since:
        raise InputError(
            "done_on_before_item", date=f"{day:%d/%m/%Y}", since=f"{since:%d/%m/%Y}", id=item_id
        )


def existed_on(conn: Connection, item_id: int, zone: tzinfo | None) -> date | None:
    """The day the item's first ancestor was recorded (its first history entry)."""
    root, seen = item_id, {item_id}
    while (source := conn.execute(_SOURCE, {"item_id": root}).scalar()) is not None:
        if source in seen:
            break
        root = source
        seen.add(source)
    first: datetime | None = conn.execute(_FIRST_SEEN, {"item_id": root}).scalar()
    return None if first is None else first.astimezone(zone).date()
