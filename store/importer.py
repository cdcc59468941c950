"""Write a planned import in one transaction: all of it, or nothing.

A programme is found by its identity (issuer, title, periods), not by its bytes: a new
version is compared with the stored one (:mod:`domain.revisions`) and only the difference
is written; the same content again (other line endings, ``.docx`` of an ``.md``) writes
nothing. Rows go in through SQLAlchemy Core ``insert()``; ORM unit-of-work bookkeeping
would make a 10,000-task import many times slower.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from domain.periods import Period as DomainPeriod
from domain.planning import Plan
from domain.revisions import Existing, Revision, compare, identity
from store import programmes, revising
from store.models import Period, Programme, ProgrammeLink, ProgrammeVersion, table_of

_PROGRAMMES = table_of(Programme)
_PERIODS = table_of(Period)


@dataclass(frozen=True)
class ImportResult:
    programme_id: int | None  # None in a dry run of a programme not yet imported
    version: int  # the version stored (or that a dry run would store)
    created: bool  # False when nothing was (or would be) written
    items: int  # the programme's live items afterwards
    periods: tuple[str, ...]
    imported_at: datetime | None
    revision: Revision = field(default_factory=Revision)
    before: dict[int, Existing] = field(default_factory=dict)  # the items compared with

    @property
    def revised(self) -> bool:
        """True for a new version of a programme imported before."""
        return self.version > 1


def content_hash(text: str) -> str:
    """Identity of a document's content, insensitive to line endings and edge whitespace."""
    normal = "\n".join(line.rstrip() for line in text.strip().splitlines())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def write_import(
    engine: Engine,
    plan: Plan,
    *,
    text: str,
    source_name: str,
    now: datetime,
    dry_run: bool = False,
    day: date | None = None,
) -> ImportResult:
    """Store ``plan`` as a programme or a new version of one; ``dry_run`` only compares.

    Two imports running at once can collide on the programme, its version or a new
    period; the loser's transaction rolls back and runs once more, finding the winner's.
    """
    digest, day = content_hash(text), plan.programme.issued_on or day or now.date()
    if dry_run:  # compare only, and leave no trace (not even a programme's new identity)
        with engine.connect() as conn:
            result = _write(conn, plan, digest, source_name, now, day, dry_run)
            conn.rollback()
            return result
    try:
        with engine.begin() as conn:
            return _write(conn, plan, digest, source_name, now, day, dry_run)
    except IntegrityError:
        with engine.begin() as conn:
            return _write(conn, plan, digest, source_name, now, day, dry_run)


def preview(plan: Plan) -> ImportResult:
    """What importing ``plan`` into an empty database would do."""
    revision = compare([], [], plan)
    return ImportResult(None, 1, False, len(plan.items), _keys(plan), None, revision)


def _write(
    conn: Connection,
    plan: Plan,
    digest: str,
    source_name: str,
    now: datetime,
    day: date,
    dry_run: bool,
) -> ImportResult:
    ident = identity(plan.programme)
    found = programmes.find(conn, ident, digest)
    own, linked = programmes.own_items(conn, found.id) if found else ([], set())
    others = programmes.live_items(conn, list(_keys(plan)), {item.id for item in own})
    revision = compare(own, others, plan)
    before = {item.id: item for item in own + others}
    if found is not None and not revision.changed:
        count = programmes.live_count(conn, found.id)
        return ImportResult(
            found.id, found.version, False, count, _keys(plan), found.imported_at, revision, before
        )
    number = found.version + 1 if found else 1
    if dry_run:
        pid = found.id if found else None
        return ImportResult(pid, number, False, 0, _keys(plan), None, revision, before)
    ensure_periods(conn, plan.periods)
    programme_id = _programme(conn, plan, found, ident, digest, source_name, now)
    mark = programmes.newest_update(conn)
    changes = revising.apply(
        conn, plan, revision, programme_id, linked, source_name=source_name, now=now, day=day
    )
    counts = {
        "added": len(revision.added),
        "edited": len(revision.edited),
        "removed": len(revision.removed),
        "unchanged": len(revision.unchanged),
        "linked": len(revision.linked),
    }
    prog = plan.programme
    conn.execute(
        insert(ProgrammeVersion),
        {
            "programme_id": programme_id,
            "number": number,
            "content_hash": digest,
            "source_name": source_name,
            "title": prog.title,
            "issued_on": prog.issued_on,
            "imported_at": now,
            "counts": counts,
            "changes": changes,
            "mark": mark,
        },
    )
    if revision.linked:
        conn.execute(
            insert(ProgrammeLink),
            [{"programme_id": programme_id, "item_id": i} for i, _ in revision.linked],
        )
    count = programmes.live_count(conn, programme_id)
    return ImportResult(programme_id, number, True, count, _keys(plan), now, revision, before)


def _programme(
    conn: Connection,
    plan: Plan,
    found: programmes.Found | None,
    ident: str,
    digest: str,
    source_name: str,
    now: datetime,
) -> int:
    prog = plan.programme
    values: dict[str, Any] = {
        "content_hash": digest,
        "source_name": source_name,
        "title": prog.title,
        "number": prog.number,
        "place": prog.place,
        "issued_on": prog.issued_on,
        "issued_text": prog.issued_text,
        "signer_title": prog.signer_title,
        "signer_name": prog.signer_name,
        "recipients": list(prog.recipients),
        "periods": [p.key for p in prog.periods],
        "imported_at": now,
    }
    if found is None:
        values |= {"identity": ident, "version": 1}
        added = conn.execute(insert(_PROGRAMMES).returning(_PROGRAMMES.c.id), values)
        return int(added.scalar_one())
    values["version"] = found.version + 1
    conn.execute(update(_PROGRAMMES).where(_PROGRAMMES.c.id == found.id).values(**values))
    return found.id


def _keys(plan: Plan) -> tuple[str, ...]:
    return tuple(p.key for p in plan.periods)


def ensure_periods(
    conn: Connection, periods: tuple[DomainPeriod, ...] | list[DomainPeriod]
) -> None:
    """Insert the periods not yet stored (and their quarters, for months)."""
    wanted = {p.key: p for p in periods}
    for p in list(wanted.values()):
        if p.kind == "month" and p.parent:
            wanted.setdefault(p.parent.key, p.parent)
    key = _PERIODS.c.key
    have = set(conn.execute(select(key).where(key.in_(wanted))).scalars())
    rows = [
        {"key": p.key, "kind": p.kind, "start": p.start, "end": p.end}
        for key, p in sorted(wanted.items())
        if key not in have
    ]
    if rows:
        conn.execute(insert(_PERIODS), rows)
