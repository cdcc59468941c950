"""Undoing a programme's latest import, when no person has used what it wrote."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection

from domain.problems import InputError
from store.item_rows import set_rows
from store.models import ItemSupport, ProgrammeLink, ProgrammeVersion, StatusUpdate, WorkItem
from store.models import Programme as ProgrammeRow

_W = WorkItem.__table__


def undo_latest(conn: Connection, programme_id: int) -> tuple[int, int]:
    """Revert a programme's latest import; returns (version undone, items it had added).

    Refused (``undo_refused``) when a person has updated an item that import created,
    edited or cancelled, or another programme or a carry-over refers to an item it created.
    """
    p, v = ProgrammeRow.__table__.c, ProgrammeVersion.__table__.c
    head = conn.execute(select(p.version).where(p.id == programme_id)).first()
    if head is None:
        raise InputError("unknown_programme", id=programme_id)
    number = head.version
    row = conn.execute(
        select(v.id, v.changes, v.mark).where(v.programme_id == programme_id, v.number == number)
    ).one()
    changes: dict[str, Any] = row.changes or {}
    if number == 1:
        w = WorkItem.__table__.c
        added = list(conn.execute(select(w.id).where(w.programme_id == programme_id)).scalars())
    else:
        added = list(changes.get("added", []))
    touched = added + [e["id"] for e in changes.get("edited", [])]
    touched += [e["id"] for e in changes.get("removed", [])]
    _refuse_if_used(conn, programme_id, number, touched, added)
    restore(conn, programme_id, changes, added, row.mark)
    conn.execute(delete(ProgrammeVersion).where(v.id == row.id))
    if number == 1:
        conn.execute(delete(ProgrammeLink).where(ProgrammeLink.programme_id == programme_id))
        conn.execute(delete(ProgrammeRow).where(p.id == programme_id))
    else:
        before = conn.execute(
            select(v.content_hash, v.source_name, v.title, v.issued_on, v.imported_at).where(
                v.programme_id == programme_id, v.number == number - 1
            )
        ).one()
        conn.execute(
            update(ProgrammeRow)
            .where(p.id == programme_id)
            .values(version=number - 1, **before._asdict())
        )
    return number, len(added)


def _refuse_if_used(
    conn: Connection, programme_id: int, number: int, touched: list[int], added: list[int]
) -> None:
    s, w, link = StatusUpdate.__table__.c, WorkItem.__table__.c, ProgrammeLink.__table__.c
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
        conn.execute(
            delete(StatusUpdate).where(
                StatusUpdate.item_id.in_(touched),
                StatusUpdate.channel == "import",
                StatusUpdate.id > mark,
            )
        )
    if added:
        conn.execute(update(_W).where(_W.c.id.in_(added)).values(part_of=None))
        conn.execute(update(_W).where(_W.c.part_of.in_(added)).values(part_of=None))
        for table in (ItemSupport.__table__, StatusUpdate.__table__):
            conn.execute(delete(table).where(table.c.item_id.in_(added)))
        conn.execute(delete(_W).where(_W.c.id.in_(added)))
    for entry in changes.get("edited", []):
        support = entry.pop("support")
        conn.execute(delete(ItemSupport).where(ItemSupport.item_id == entry["id"]))
        if support:
            conn.execute(
                insert(ItemSupport),
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
        conn.execute(
            delete(ProgrammeLink).where(
                ProgrammeLink.programme_id == programme_id, ProgrammeLink.item_id.in_(linked)
            )
        )
    if unlinked:
        conn.execute(
            insert(ProgrammeLink), [{"programme_id": programme_id, "item_id": i} for i in unlinked]
        )
