"""Recording a status update: who may change an item, and the change with its history."""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext

from domain.status import Status
from services.runtime import Runtime
from store.items import ItemView, update_status, works_on


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
) -> ItemView:
    """Change an item on behalf of ``actor`` (a department code; ``None`` is leadership).

    ``lock`` serialises the writers of one process (the web app on SQLite). Raises
    :class:`NotAllowed` when the department neither leads nor supports the item, and
    ``InputError`` for an unknown item, a stale ``version`` or an impossible change.
    """
    with lock or nullcontext(), rt.session() as session:
        if actor is not None and not works_on(session, item_id, actor):
            raise NotAllowed(item_id)
        return update_status(
            session, item_id=item_id, status=status, progress=progress, note=note, by=by,
            channel=channel, now=rt.now(), version=version,
        )
