"""The outbox's rows: adding one (its key makes a second add a no-op), what is due,
claiming a row, recording how its delivery went.

States: ``pending`` → ``sending`` (claimed) → ``unknown`` (the message is leaving) →
``sent``, or back to ``pending`` (a refusal that may pass later), or ``failed``.

Each step runs in its own short transaction and is a compare-and-set on
``(state, attempts)``, so two deliverers cannot both win a row. A deliverer that dies
before the message leaves leaves ``sending`` behind; once its lease
(``next_attempt_at``) has passed the row is due again. One that dies, or loses the
server's reply, after the message left leaves ``unknown``: the server has probably
accepted it, so it is never sent again automatically; a person looks
(``workplan outbox --unknown``) and resends it if it did not arrive
(``workplan outbox --resend ID``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, insert, or_, select, update
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session

from store.models import Outbox, table_of

TABLE = table_of(Outbox)
REFUSED_MARK = "#refused-"


@dataclass(frozen=True)
class Due:
    id: int
    state: str
    attempts: int


@dataclass(frozen=True)
class Claimed:
    """A row this deliverer holds, with everything needed to send it."""

    id: int
    key: str
    kind: str
    to: list[str]
    cc: list[str]
    subject: str
    html: str
    text: str
    attachments: list[dict]
    attempts: int  # including this one


def due_rows(
    engine: Engine, *, now: datetime, limit: int, keys: Iterable[str] | None = None
) -> list[Due]:
    """Rows to try now: pending ones whose time has come, and abandoned claims."""
    c = TABLE.c
    query = select(c.id, c.state, c.attempts).where(_is_due(now)).order_by(c.id).limit(limit)
    if keys is not None:
        query = query.where(c.key.in_(list(keys)))
    with engine.connect() as conn:
        return [Due(*row) for row in conn.execute(query)]


def claim(engine: Engine, due: Due, *, now: datetime, lease: timedelta) -> Claimed | None:
    """Take the row for one delivery attempt, or ``None`` when another deliverer has it."""
    c = TABLE.c
    with engine.begin() as conn:
        taken = conn.execute(
            update(TABLE)
            .where(c.id == due.id, c.state == due.state, c.attempts == due.attempts)
            .values(state="sending", attempts=due.attempts + 1, next_attempt_at=now + lease)
        ).rowcount
        if taken != 1:
            return None
        row = conn.execute(
            select(
                c.id,
                c.key,
                c.kind,
                c.to,
                c.cc,
                c.subject,
                c.html,
                c.text,
                c.attachments,
                c.attempts,
            ).where(c.id == due.id)
        ).one()
    return Claimed(*row)


def hand_over(engine: Engine, row: Claimed) -> bool:
    """Record, before the message leaves, that its outcome is unknown until settled.

    ``False`` when the row is no longer this deliverer's (its lease ran out and another
    took it): the message must not leave then.
    """
    c = TABLE.c
    with engine.begin() as conn:
        return bool(
            conn.execute(
                update(TABLE)
                .where(c.id == row.id, c.state == "sending", c.attempts == row.attempts)
                .values(state="unknown", next_attempt_at=None)
            ).rowcount
            == 1
        )


def mark_unknown(engine: Engine, row: Claimed, *, error: str) -> None:
    """The message left and no reply came: it stays ``unknown``, with why."""
    c = TABLE.c
    with engine.begin() as conn:
        conn.execute(
            update(TABLE)
            .where(c.id == row.id, c.state == "unknown", c.attempts == row.attempts)
            .values(last_error=error[:2000])
        )


def mark_sent(engine: Engine, row_id: int, *, now: datetime, note: str | None = None) -> None:
    """The server accepted the message: it must never leave again."""
    with engine.begin() as conn:
        conn.execute(
            update(TABLE)
            .where(TABLE.c.id == row_id)
            .values(state="sent", sent_at=now, next_attempt_at=None, last_error=note)
        )


def mark_retry(engine: Engine, row: Claimed, *, error: str, at: datetime) -> None:
    """A transient failure: back to ``pending`` until ``at``."""
    _release(engine, row, state="pending", error=error, next_attempt_at=at)


def mark_failed(engine: Engine, row: Claimed, *, error: str) -> None:
    """A permanent failure: kept as ``failed`` for people to see (and re-queue)."""
    _release(engine, row, state="failed", error=error, next_attempt_at=None)


def _release(
    engine: Engine, row: Claimed, *, state: str, error: str, next_attempt_at: datetime | None
) -> None:
    c = TABLE.c
    with engine.begin() as conn:
        conn.execute(
            update(TABLE)
            .where(
                c.id == row.id, c.state.in_(["sending", "unknown"]), c.attempts == row.attempts
            )
            .values(state=state, last_error=error[:2000], next_attempt_at=next_attempt_at)
        )


def split_refused(
    engine: Engine,
    row: Claimed,
    refused: Sequence[str],
    *,
    state: str,
    error: str,
    now: datetime,
    next_attempt_at: datetime | None,
) -> str:
    """Record a message the server took for some recipients but refused for others.

    The row becomes ``sent`` (those who got it must not get it twice) and a new row,
    for the refused recipients only, carries the refusal as ``pending`` or ``failed``.
    Returns the new row's key.
    """
    wanted = set(refused)
    to = [a for a in row.to if a in wanted]
    cc = [a for a in row.cc if a in wanted]
    if not to:
        to, cc = cc, []
    digest = hashlib.sha1(",".join(sorted(wanted)).encode()).hexdigest()[:10]
    key = base_key(row.key)[: 255 - len(REFUSED_MARK) - 10] + REFUSED_MARK + digest
    with engine.begin() as conn:
        conn.execute(
            update(TABLE)
            .where(TABLE.c.id == row.id)
            .values(
                state="sent",
                sent_at=now,
                next_attempt_at=None,
                last_error=f"refused for {', '.join(sorted(wanted))}, see {key}"[:2000],
            )
        )
        exists = conn.execute(select(TABLE.c.id).where(TABLE.c.key == key)).first()
        if exists is None:
            conn.execute(
                insert(TABLE).values(
                    key=key,
                    kind=row.kind,
                    to=to,
                    cc=cc,
                    subject=row.subject,
                    html=row.html,
                    text=row.text,
                    attachments=row.attachments,
                    state=state,
                    attempts=row.attempts,
                    last_error=error[:2000],
                    next_attempt_at=next_attempt_at,
                    created_at=now,
                )
            )
    return key


def base_key(key: str) -> str:
    """The key of the original message (a refused-recipients copy shares its Message-ID)."""
    return key.split(REFUSED_MARK, 1)[0]


def list_outbox(session: Session, *, states: Sequence[str] = (), limit: int = 200) -> list[Outbox]:
    """Outbox rows, newest first, optionally only those in ``states``."""
    query = select(Outbox).order_by(TABLE.c.id.desc()).limit(limit)
    if states:
        query = query.where(TABLE.c.state.in_(list(states)))
    return list(session.execute(query).scalars())


def requeue_failed(session: Session, *, now: datetime) -> int:
    """Put failed rows back in the queue with a fresh count of attempts; how many."""
    result = session.connection().execute(
        update(TABLE)
        .where(TABLE.c.state == "failed")
        .values(state="pending", attempts=0, next_attempt_at=now)
    )
    return int(result.rowcount or 0)


def resend(session: Session, refs: Sequence[str], *, now: datetime) -> list[str]:
    """Put the ``unknown`` or ``failed`` rows named by id or key back in the queue, due
    now with a fresh count of attempts (a person's decision); their keys."""
    ids = [int(ref) for ref in refs if ref.isdigit()]
    c = TABLE.c
    named = or_(c.id.in_(ids), c.key.in_(list(refs)))
    chosen = and_(named, c.state.in_(["unknown", "failed"]))
    keys = list(session.execute(select(c.key).where(chosen).order_by(c.id)).scalars())
    session.execute(
        update(TABLE).where(chosen).values(state="pending", attempts=0, next_attempt_at=now)
    )
    return keys


@dataclass(frozen=True)
class UnknownMail:
    """A message that left without a reply: probably delivered, to be checked by a person."""

    id: int
    key: str
    kind: str
    to: list[str]
    subject: str
    error: str | None
    created_at: datetime


def unknown_outcomes(conn: Session | Connection, *, limit: int = 100) -> list[UnknownMail]:
    """Messages whose outcome is unknown, oldest first (for the digest, the board, the CLI)."""
    c = TABLE.c
    query = (
        select(c.id, c.key, c.kind, c.to, c.subject, c.last_error, c.created_at)
        .where(c.state == "unknown")
        .order_by(c.id)
        .limit(limit)
    )
    return [UnknownMail(*row) for row in conn.execute(query)]


def count_due(engine: Engine, *, now: datetime) -> int:
    """How many rows are due now (what a delivery run left for the next one)."""
    query = select(func.count()).select_from(TABLE).where(_is_due(now))
    with engine.connect() as conn:
        return int(conn.execute(query).scalar_one())


def _is_due(now: datetime) -> Any:
    """Pending rows whose time has come, and claims abandoned past their lease."""
    c = TABLE.c
    return or_(
        and_(c.state == "pending", or_(c.next_attempt_at.is_(None), c.next_attempt_at <= now)),
        and_(c.state == "sending", c.next_attempt_at <= now),
    )


def make_due(session: Session, *, now: datetime) -> int:
    """Make every pending row due now (``outbox --retry`` skips the back-off wait)."""
    result = session.connection().execute(
        update(TABLE).where(TABLE.c.state == "pending").values(next_attempt_at=now)
    )
    return int(result.rowcount or 0)


def add(
    conn: Session | Connection,
    *,
    key: str,
    kind: str,
    to: list[str],
    cc: list[str],
    subject: str,
    html: str,
    text: str,
    attachments: list[dict],
    now: datetime,
) -> bool:
    """Insert a pending row in the caller's transaction; ``False`` when ``key`` exists."""
    if isinstance(conn, Session):
        conn = conn.connection()
    values = {
        "key": key,
        "kind": kind,
        "to": to,
        "cc": cc,
        "subject": subject,
        "html": html,
        "text": text,
        "attachments": attachments,
        "state": "pending",
        "attempts": 0,
        "created_at": now,
    }
    statement = _insert_ignoring_duplicates(conn).values(**values).returning(TABLE.c.id)
    return conn.execute(statement).first() is not None


def _insert_ignoring_duplicates(conn: Connection) -> Any:
    """``INSERT ... ON CONFLICT (key) DO NOTHING``: safe against a concurrent writer too."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(TABLE).on_conflict_do_nothing(index_elements=["key"])
    if conn.dialect.name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert(TABLE).on_conflict_do_nothing(index_elements=["key"])
    raise NotImplementedError(f"the outbox runs on SQLite and PostgreSQL: {conn.dialect.name}")


def count_by_kind(conn: Session | Connection) -> dict[tuple[str, str], int]:
    """How many rows of each kind are in each state: ``{("digest", "sent"): 13, ...}``."""
    if isinstance(conn, Session):
        conn = conn.connection()
    rows = conn.execute(
        select(TABLE.c.kind, TABLE.c.state, func.count()).group_by(TABLE.c.kind, TABLE.c.state)
    )
    return {(kind, state): int(n) for kind, state, n in rows}
