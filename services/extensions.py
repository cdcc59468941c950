"""Deadline extensions (*gia hạn*): the lead unit asks for a later due date with a reason;
leadership approves or refuses it; the unit is told by mail. An approved extension moves
the due date and keeps the first one; one request per item waits at a time."""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from datetime import date

from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from domain.direction import (
    APPROVED,
    REASON_LIMIT,
    REFUSED,
    check_extension,
    check_pending,
    clean_text,
    dmy,
)
from domain.messages import render
from domain.problems import InputError
from services.direction import Outcome, acting, allowed, item_now, local
from services.direction_mail import queue_decision, queue_request
from services.runtime import Runtime
from services.updates import NotAllowed
from store import direction as store
from store.changes import live_item
from store.direction_reads import extension_of


def request_extension(
    rt: Runtime, *, item_id: int, actor: str | None, new_due: date, reason: str, by: str,
    channel: str, lock: AbstractContextManager[object] | None = None,
) -> Outcome:
    """Ask, for the lead unit ``actor`` (``None``: leadership), to move the item's due
    date to ``new_due``; leadership is told by mail."""
    reason = clean_text(reason, what="reason", limit=REASON_LIMIT)
    try:
        with lock or nullcontext(), rt.session() as session:
            conn = session.connection()
            _, item = live_item(conn, item_id)
            role = allowed(rt, conn, "extend", item, actor)
            check_extension(item_id=item["id"], status=item["status"], due=item["due"],
                            new_due=new_due, today=rt.today())  # fmt: skip
            _refuse_if_pending(rt, conn, item["id"])
            number = store.add_request(
                conn, item_id=item["id"], dept=item["lead"], old_due=item["due"],
                new_due=new_due, reason=reason, requested_by=acting(rt, by, actor),
                requested_at=rt.now(), channel=channel,
            )
            note = render("history_extension_requested", rt.locale, new=dmy(new_due),
                          old=dmy(item["due"]), reason=reason)  # fmt: skip
            store.record(conn, item, action="extension_requested", role=role, note=note,
                         by=acting(rt, by, actor), channel=channel, now=rt.now(),
                         old=dmy(item["due"]), new=dmy(new_due))  # fmt: skip
            ext = extension_of(conn, number)
            assert ext is not None
            keys = queue_request(rt, conn, ext)
            return Outcome(item_now(session, item["id"]), tuple(keys), ext)
    except IntegrityError:  # another request of the item was written at the same moment
        with rt.session() as session:
            _refuse_if_pending(rt, session.connection(), item_id)
        raise


def decide_extension(
    rt: Runtime, *, request_id: int, approve: bool, note: str | None, by: str, channel: str,
    actor: str | None = None, item_id: int | None = None,
    lock: AbstractContextManager[object] | None = None,
) -> Outcome:
    """Approve or refuse a pending request (leadership only; a refusal says why). Of two
    decisions at once, the first wins and the second is told who decided and when."""
    opinion = _opinion(note, required=not approve)
    state = APPROVED if approve else REFUSED
    who = acting(rt, by, actor)
    if actor is not None:  # a unit's token: only leadership decides
        with rt.session() as session:
            row = store.request_row(session.connection(), request_id)
        if row is None or (item_id is not None and row["item_id"] != item_id):
            raise InputError("unknown_extension", id=request_id)
        raise NotAllowed(row["item_id"], "leadership_only_decide")
    with lock or nullcontext(), rt.session() as session:
        conn = session.connection()
        # The decision is written first: a second decision waits for it, then finds it.
        settled = store.settle(conn, request_id, state=state, by=who, note=opinion,
                               channel=channel, now=rt.now())  # fmt: skip
        row = store.request_row(conn, request_id)
        if row is None or (item_id is not None and row["item_id"] != item_id):
            raise InputError("unknown_extension", id=request_id)
        _, item = live_item(conn, row["item_id"])
        if not settled:
            check_pending(row["state"], request_id=request_id, by=row["decided_by"],
                          at=local(rt, row["decided_at"]))  # fmt: skip
        words = {"new": dmy(row["new_due"]), "old": dmy(item["due"])}
        text = render(f"history_extension_{state}", rt.locale, **words)
        if opinion:
            text += " " + render("history_opinion", rt.locale, text=opinion)
        moved = approve and row["new_due"] > item["due"]
        if moved:
            store.move_due(conn, item, row["new_due"], now=rt.now())
        store.record(conn, item, action=f"extension_{state}", role="leadership", note=text,
                     by=who, channel=channel, now=rt.now(), old=dmy(item["due"]),
                     new=dmy(row["new_due"] if moved else item["due"]))  # fmt: skip
        ext = extension_of(conn, request_id)
        assert ext is not None
        current = item_now(session, item["id"])
        keys = queue_decision(rt, conn, ext, current.snapshot())
        return Outcome(current, tuple(keys), ext)


def _opinion(note: str | None, *, required: bool) -> str | None:
    """Leadership's note on a decision: optional on an approval, required on a refusal."""
    if not required and not (note or "").strip():
        return None
    return clean_text(note, what="decision", limit=REASON_LIMIT)


def _refuse_if_pending(rt: Runtime, conn: Connection, item_id: int) -> None:
    pending = store.pending_of(conn, item_id)
    if pending is not None:
        at = local(rt, pending["requested_at"])
        raise InputError("extension_pending", id=item_id, date=dmy(pending["new_due"]),
                         time=f"{at:%H:%M}", day=f"{at:%d/%m/%Y}", by=pending["requested_by"])

