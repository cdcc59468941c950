"""Recording a status update: who may change an item, and the change with its history."""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from datetime import date

from domain.status import Status
from services.runtime import Runtime
from store.changes import update_status
from store.items import ItemView, works_on


class NotAllowed(Exception):
    """The department may not change this item (it neither leads nor supports it)."""


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
) -> ItemView:
    """Change an item on behalf of ``actor`` (a department code; ``None`` is leadership).

    ``lock`` serialises the writers of one process (the web app on SQLite). ``done_on``
    is the day a done item was finished (default: today). An item of a closed period
    passes the change to its live continuation; the result's ``redirected_from`` says so.
    Raises :class:`NotAllowed` when the department neither leads nor supports the item,
    and ``InputError`` for an unknown or closed item, a stale ``version``, an impossible
    change or finishing date.
    """
    with lock or nullcontext(), rt.session() as session:
        if actor is not None and not works_on(session, item_id, actor):
            raise NotAllowed(item_id)
        return update_status(
            session, item_id=item_id, status=status, progress=progress, note=note, by=by,
            channel=channel, now=rt.now(), version=version, done_on=done_on,
        )
