"""Programmes and their versions: finding one, its items, the list, and undoing an import."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.engine import Connection

from domain.periods import Period
from domain.revisions import Existing
from store.models import Programme as ProgrammeRow
from store.models import ProgrammeLink, ProgrammeVersion, StatusUpdate, WorkItem, table_of

_PROGRAMMES = table_of(ProgrammeRow)
_VERSIONS = table_of(ProgrammeVersion)
_ITEMS = table_of(WorkItem)
_LINKS = table_of(ProgrammeLink)
_HISTORY = table_of(StatusUpdate)


@dataclass(frozen=True)
class Found:
    id: int
    version: int
    imported_at: datetime


@dataclass(frozen=True)
class VersionView:
    """One import of a programme, as ``workplan programmes`` lists it."""

    programme_id: int
    number: int
    latest: bool
    title: str
    periods: tuple[str, ...]
    source_name: str
    imported_at: datetime
    counts: dict[str, int]
    live_items: int


def find(conn: Connection, identity: str, digest: str) -> Found | None:
    """The programme with this very content, else the one of that identity.

    A programme imported before versions had no identity: it gets it when found.
    """
    p = _PROGRAMMES.c
    cols = (p.id, p.version, p.imported_at, p.identity)
    row = conn.execute(select(*cols).where(p.content_hash == digest)).first()
    if row is None:
        row = conn.execute(select(*cols).where(p.identity == identity)).first()
    elif row.identity is None:
        taken = conn.execute(select(p.id).where(p.identity == identity)).first()
        if taken is None:
            conn.execute(update(_PROGRAMMES).where(p.id == row.id).values(identity=identity))
    return Found(row.id, row.version, row.imported_at) if row else None


def own_items(conn: Connection, programme_id: int) -> tuple[list[Existing], set[int]]:
    """The items a programme holds (its own in place, and those it links to); linked ids."""
    w, link = _ITEMS.c, _LINKS.c
    linked = set(
        conn.execute(select(link.item_id).where(link.programme_id == programme_id)).scalars()
    )
    mine = (w.programme_id == programme_id) & w.position.is_not(None)
    rows = conn.execute(
        select(w.id, w.period, w.section, w.text)
        .where(mine | w.id.in_(linked))
        .order_by(w.position, w.id)
    )
    return [Existing(r.id, Period.from_key(r.period), r.section, r.text) for r in rows], linked


def live_items(conn: Connection, periods: list[str], exclude: set[int]) -> list[Existing]:
    """Items not cancelled in those periods, but the ``exclude``d ones."""
    w = _ITEMS.c
    rows = conn.execute(
        select(w.id, w.period, w.section, w.text).where(
            w.period.in_(periods), w.status != "cancelled"
        )
    )
    return [
        Existing(r.id, Period.from_key(r.period), r.section, r.text)
        for r in rows
        if r.id not in exclude
    ]


def newest_update(conn: Connection) -> int:
    """The id of the newest status update (0 for none)."""
    return int(conn.execute(select(func.max(_HISTORY.c.id))).scalar() or 0)


def versions(conn: Connection) -> list[VersionView]:
    """Every programme's versions, newest programme first, versions in order."""
    p, v, w = _PROGRAMMES.c, _VERSIONS.c, _ITEMS.c
    counted = conn.execute(
        select(w.programme_id, func.count())
        .where(w.status != "cancelled", w.position.is_not(None))
        .group_by(w.programme_id)
    )
    live: dict[int, int] = {programme_id: count for programme_id, count in counted}
    rows = conn.execute(
        select(
            v.programme_id,
            v.number,
            v.title,
            v.source_name,
            v.imported_at,
            v.counts,
            p.periods,
            p.version,
        )
        .join(_PROGRAMMES, p.id == v.programme_id)
        .order_by(v.programme_id.desc(), v.number)
    )
    return [
        VersionView(
            r.programme_id,
            r.number,
            r.number == r.version,
            r.title,
            tuple(r.periods),
            r.source_name,
            r.imported_at,
            dict(r.counts),
            live.get(r.programme_id, 0),
        )
        for r in rows
    ]


def live_count(conn: Connection, programme_id: int) -> int:
    """The programme's items in place and not cancelled, and those it links to."""
    w, link = _ITEMS.c, _LINKS.c
    own = (w.programme_id == programme_id) & w.position.is_not(None)
    linked = select(link.item_id).where(link.programme_id == programme_id)
    query = select(func.count()).where((own | w.id.in_(linked)) & (w.status != "cancelled"))
    return int(conn.execute(query.select_from(_ITEMS)).scalar_one())
