"""Recording a status update: who may change an item, and the change with its history."""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from datetime import date

from sqlalchemy.engine import Connection

from domain.direction import role_on, update_refusal
from domain.status import Status
from services.runtime import Runtime
from store.changes import change_asked, read_asked
from store.items import ItemView
from store.writers import WriterBusy, unless_busy

__all__ = ["NotAllowed", "WriterBusy", "record_update"]


class NotAllowed(Exception):
    """The department may not do this to the item; ``code`` names why (``not_your_item``:
    it neither leads nor supports it; ``support_cannot_update``: it only supports it)."""

    def __init__(self, item_id: int, code: str = "not_your_item", **params: object) -> None:
        super().__init__(item_id, code)
        self.item_id, self.code, self.params = item_id, code, {"id": item_id, **params}


def record_update(
    rt: Runtime,
    *,
    item_id: int,
    actor: str | None,
    status: str | Status | None,
    progress: int | None = None,
    note: str | None = None,
    by: str,
    channel: str,
    version: int | None = None,
    lock: AbstractContextManager[object] | None = None,
    done_on: date | None = None,
    wait: bool = True,
    conn: Connection | None = None,
) -> ItemView:
    """Change an item on behalf of ``actor`` (a department code; ``None`` is leadership).

    ``lock`` serialises the writers of one process (the web app on SQLite). ``done_on``
    is the day a done item was finished (default: today). An item of a closed period
    passes the change to its live continuation; the result's ``redirected_from`` says so.
    Raises :class:`NotAllowed` unless the department leads the item (a supporting unit
    contributes notes instead; only leadership cancels an item or reopens one), and
    ``InputError`` for an unknown or closed item, a stale ``version``, an impossible
    change or finishing date.

    ``wait=False`` is for a caller on an event loop, holding ``lock`` itself: rather than
    wait for another connection's write (SQLite), raise :class:`WriterBusy` at once,
    nothing changed, so that the caller runs the update again where it may wait.
    ``conn`` is a connection of the caller's to write on, left open (see
    :func:`store.writers.never_waiting`); by default one of the engine's pool.
    """
    with (
        lock or nullcontext(),
        nullcontext(conn) if conn is not None else rt.engine.connect() as conn,
        nullcontext() if wait else unless_busy(conn),
        conn.begin(),
    ):
        asked = read_asked(conn, item_id)
        if actor is not None:
            why = update_refusal(role_on(asked.lead, asked.support, actor), asked.status, status)
            if why:
                names = {d.code: d.name for d in rt.org.departments}
                raise NotAllowed(item_id, why, lead=names.get(asked.lead, asked.lead))
        return change_asked(
            conn, asked, status=status, progress=progress, note=note, by=by, channel=channel,
            now=rt.now(), version=version, done_on=done_on,
            role="leadership" if actor is None else "lead",
        )  # fmt: skip
