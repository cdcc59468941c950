"""Writing a version's difference (added, edited, moved, removed, linked items) and undoing it.

:func:`apply` returns what :func:`restore` needs to put every touched row back.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, delete, insert, update
from sqlalchemy.engine import Connection

from domain.messages import render
from domain.planning import Plan, PlannedItem
from domain.revisions import Revision
from store.item_rows import (
    add_history,
    current,
    insert_items,
    plain,
    set_rows,
    support_of,
    table_of,
)
from store.models import ItemSupport, ProgrammeLink, WorkItem

_W = table_of(WorkItem)
_SUPPORT = table_of(ItemSupport)
_LINKS = table_of(ProgrammeLink)
_EDIT = ("text", "due", "lead", "bullet", "part", "line", "version")
_STATE = ("status", "progress", "note", "done_on", "version", "position")
_MOVE = ("bullet", "part", "line")


def apply(
    conn: Connection,
    plan: Plan,
    revision: Revision,
    programme_id: int,
    linked: set[int],
    *,
    source_name: str,
    now: datetime,
    day: date,
) -> dict[str, Any]:
    """Write the difference; returns the rows' former values, for :func:`restore`."""
    ids = insert_items(conn, plan, revision.added, programme_id, source_name, now)
    id_of = dict(zip(revision.added, ids, strict=True))
    id_of |= {
        n: i for pairs in (revision.unchanged, revision.edited, revision.linked) for i, n in pairs
    }
    links = [
        {"item_id": id_of[n], "parent_id": id_of[plan.items[n].part_of]}  # type: ignore[index]
        for n in revision.added
        if plan.items[n].part_of in id_of
    ]
    if links:
        conn.execute(
            update(_W)
            .where(_W.c.id == bindparam("item_id"))
            .values(part_of=bindparam("parent_id")),
            links,
        )
    moved = [(i, plan.items[n]) for i, n in revision.unchanged if i not in linked]
    edited = [(i, plan.items[n]) for i, n in revision.edited if i not in linked]
    return {
        "added": ids,
        "moved": _move(conn, moved),
        "edited": _edit(conn, edited, source_name, now, day),
        "removed": _remove(
            conn, [i for i in revision.removed if i not in linked], source_name, now, day
        ),
        "unlinked": _unlink(conn, programme_id, [i for i in revision.removed if i in linked]),
        "linked": [i for i, _ in revision.linked],
    }


def _move(conn: Connection, moved: list[tuple[int, PlannedItem]]) -> list[dict[str, Any]]:
    old = current(conn, [i for i, _ in moved], _MOVE)
    changed = [
        (i, item)
        for i, item in moved
        if (old[i].bullet, old[i].part, old[i].line) != (item.bullet, item.part, item.line)
    ]
    set_rows(
        conn,
        [{"id": i, "bullet": it.bullet, "part": it.part, "line": it.line} for i, it in changed],
    )
    return [{"id": i, **{c: getattr(old[i], c) for c in _MOVE}} for i, _ in changed]


def _edit(
    conn: Connection,
    edited: list[tuple[int, PlannedItem]],
    source_name: str,
    now: datetime,
    day: date,
) -> list[dict[str, Any]]:
    ids = [i for i, _ in edited]
    old = current(conn, ids, (*_EDIT, "status", "progress"))
    support = support_of(conn, ids)
    before = [
        {"id": i, **{c: plain(getattr(old[i], c)) for c in _EDIT}, "support": support.get(i, [])}
        for i in ids
    ]
    set_rows(
        conn,
        [
            {
                "id": i,
                "text": it.text,
                "due": it.due,
                "lead": it.lead,
                "bullet": it.bullet,
                "part": it.part,
                "line": it.line,
                "version": old[i].version + 1,
                "updated_at": now,
            }
            for i, it in edited
        ],
    )
    if ids:
        conn.execute(delete(_SUPPORT).where(_SUPPORT.c.item_id.in_(ids)))
        rows = [
            {"item_id": i, "dept": c, "position": p}
            for i, it in edited
            for p, c in enumerate(it.support)
        ]
        if rows:
            conn.execute(insert(_SUPPORT), rows)
    notes = {
        i: render("revision_edited_note", "vi", day=f"{day:%d/%m/%Y}", text=_short(old[i].text))
        for i in ids
    }
    add_history(
        conn,
        [(i, old[i].status, old[i].status, old[i].progress, notes[i]) for i in ids],
        source_name,
        now,
    )
    return before


def _remove(
    conn: Connection, ids: list[int], source_name: str, now: datetime, day: date
) -> list[dict[str, Any]]:
    old = current(conn, ids, _STATE)
    before = [{"id": i, **{c: plain(getattr(old[i], c)) for c in _STATE}} for i in ids]
    note = render("revision_removed_note", "vi", day=f"{day:%d/%m/%Y}")
    open_ = [i for i in ids if old[i].status not in ("done", "cancelled")]
    set_rows(conn, [{"id": i, "position": None} for i in ids if i not in open_])
    set_rows(
        conn,
        [
            {
                "id": i,
                "position": None,
                "status": "cancelled",
                "note": note,
                "done_on": None,
                "version": old[i].version + 1,
                "updated_at": now,
            }
            for i in open_
        ],
    )
    add_history(
        conn,
        [(i, old[i].status, "cancelled", old[i].progress, note) for i in open_],
        source_name,
        now,
    )
    return before


def _unlink(conn: Connection, programme_id: int, ids: list[int]) -> list[int]:
    if ids:
        link = _LINKS.c
        conn.execute(delete(_LINKS).where(link.programme_id == programme_id, link.item_id.in_(ids)))
    return ids


def _short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"
