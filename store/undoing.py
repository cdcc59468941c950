"""Undoing a programme's latest import, when no person has used what it wrote."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection

from domain.problems import InputError
from store.item_rows import set_rows
from store.models import (
    ItemSupport,
    ProgrammeLink,
    ProgrammeVersion,
    StatusUpdate,
    WorkItem,
    table_of,
)
from store.models import Programme as ProgrammeRow

_W = table_of(WorkItem)
_PROGRAMMES = table_of(ProgrammeRow)
_VERSIONS = table_of(ProgrammeVersion)
_LINKS = table_of(ProgrammeLink)
_SUPPORT = table_of(ItemSupport)
_HISTORY = table_of(StatusUpdate)


def undo_latest(conn: Connection, programme_id: int) -> tuple[int, int]:
    """Revert a programme's latest import; returns (version undone, items it had added).

    Refused (``undo_refused``) when a person has updated an item that import created,
    edited or cancelled, or another programme or a carry-over refers to an item it created.
    """
    p, v = _PROGRAMMES.c, _VERSIONS.c
    head = conn.execute(select(p.version).where(p.id == programme_id)).first()
    if head is None:
        raise InputError("unknown_programme", id=programme_id)
    number = head.version
    row = conn.execute(
        select(v.id, v.changes, v.mark).where(v.programme_id == programme_id, v.number == number)
    ).one()
    changes: dict[str, Any] = row.changes or {}
    if number == 1:
        w = _W.c
        added = list(conn.execute(select(w.id).where(w.programme_id == programme_id)).scalars())
    else:
        added = list(changes.get("added", []))
    touched = added + [e["id"] for e in changes.get("edited", [])]
    touched += [e["id"] for e in changes.get("removed", [])]
    _refuse_if_used(conn, programme_id, number, touched, added)
    restore(conn, programme_id, changes, added, row.mark)
    conn.execute(delete(_VERSIONS).where(v.id == row.id))
    if number == 1:
        conn.execute(delete(_LINKS).where(_LINKS.c.programme_id == programme_id))
        conn.execute(delete(_PROGRAMMES).where(p.id == programme_id))
    else:
        before = conn.execute(
            select(v.content_hash, v.source_name, v.title, v.issued_on, v.imported_at).where(
                v.programme_id == programme_id, v.number == number - 1
            )
        ).one()
        conn.execute(
            update(_PROGRAMMES)
            .where(p.id == programme_id)
            .values(version=number - 1, **before._asdict())
        )
    return number, len(added)


def _refuse_if_used(
    conn: Connection, programme_id: int, number: int, touched: list[int], added: list[int]
) -> None:
    s, w, link = _HISTORY.c, _W.c, _LINKS.c
    update_row = conn.execute(
        select(s.item_id, s.by, s.at)
        .where(s.item_id.in_(touched), s.channel != "import")
        .order_by(s.at.desc(), s.id.desc())
        .limit(1)
    ).first()
    if update_row is not None:
        raise InputError(
            "undo_refused_updated",
            id=programme_id,
            version=number,
            item=update_row.item_id,
            by=update_row.by,
            at=update_row.at,
        )
    outside = conn.execute(
        select(w.id)
        .where((w.carried_from.in_(added) | w.part_of.in_(added)) & ~w.id.in_(added))
        .limit(1)
    ).scalar()
    if outside is None:
        outside = conn.execute(
            select(link.item_id)
            .where(link.item_id.in_(added), link.programme_id != programme_id)
            .limit(1)
        ).scalar()
    if outside is not None:
        raise InputError("undo_refused_linked", id=programme_id, version=number, item=outside)


def restore(
    conn: Connection, programme_id: int, changes: dict[str, Any], added: list[int], mark: int
) -> None:
    """Put back what one version's :func:`apply` changed, and remove what it created."""
    touched = [e["id"] for e in changes.get("edited", []) + changes.get("removed", [])]
    if touched:
        s = _HISTORY.c
        conn.execute(
            delete(_HISTORY).where(s.item_id.in_(touched), s.channel == "import", s.id > mark)
        )
    if added:
        conn.execute(update(_W).where(_W.c.id.in_(added)).values(part_of=None))
        conn.execute(update(_W).where(_W.c.part_of.in_(added)).values(part_of=None))
        for table in (_SUPPORT, _HISTORY):
            conn.execute(delete(table).where(table.c.item_id.in_(added)))
        conn.execute(delete(_W).where(_W.c.id.in_(added)))
    for entry in changes.get("edited", []):
        support = entry.pop("support")
        conn.execute(delete(_SUPPORT).where(_SUPPORT.c.item_id == entry["id"]))
        if support:
            conn.execute(
                insert(_SUPPORT),
                [{"item_id": entry["id"], "dept": c, "position": p} for p, c in enumerate(support)],
            )
    dates = ("due", "done_on")
    set_rows(
        conn,
        [
            {k: date.fromisoformat(v) if k in dates and v else v for k, v in e.items()}
            for e in changes.get("edited", [])
            + changes.get("removed", [])
            + changes.get("moved", [])
        ],
    )
    linked, unlinked = changes.get("linked", []), changes.get("unlinked", [])
    if linked:
        link = _LINKS.c
        conn.execute(
            delete(_LINKS).where(link.programme_id == programme_id, link.item_id.in_(linked))
        )
    if unlinked:
        conn.execute(
            insert(_LINKS), [{"programme_id": programme_id, "item_id": i} for i in unlinked]
        )
