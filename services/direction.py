"""Leadership directs, units answer: reassigning an item, a directive, a cancellation and a
supporting unit's contribution, each a history entry (who, role, channel, when, before →
after) written with what it changes; extensions are in :mod:`services.extensions`.

Every use case takes ``actor``, the department a page or token speaks for (``None``:
leadership, and the command line) and refuses with :class:`NotAllowed` what its role on
the item does not allow (:func:`domain.direction.refusal`)."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy.engine import Connection, RowMapping
from sqlmodel import Session

from domain.digest import Week
from domain.direction import (
    DIRECTIVE_LIMIT,
    REASON_LIMIT,
    DirectionNews,
    Extension,
    Role,
    check_cancel,
    clean_text,
    plan_reassign,
    refusal,
    role_on,
)
from domain.messages import render
from domain.status import Status
from services.direction_mail import queue_directive, queue_reassignment
from services.runtime import Runtime
from services.updates import NotAllowed
from store import direction as store
from store.changes import live_item, update_status
from store.direction_reads import news
from store.items import ItemView, get_item

Lock = AbstractContextManager[object] | None
LEADERSHIP = "Lãnh đạo Sở"


@dataclass(frozen=True)
class Outcome:
    """What an action did: the item as it now stands, the mail it queued (outbox keys,
    to deliver once committed), the request it wrote or decided, the note it wrote."""

    item: ItemView
    mail: tuple[str, ...] = ()
    extension: Extension | None = None
    note_id: int | None = None


def reassign(
    rt: Runtime, *, item_id: int, actor: str | None, lead: str,
    support: Sequence[str] | None = None, reason: str, by: str, channel: str, lock: Lock = None,
) -> Outcome:
    """Give the item to ``lead`` (and ``support``; ``None`` keeps the supporting units);
    the old and the new lead unit are told by mail."""
    reason = clean_text(reason, what="reason", limit=REASON_LIMIT)
    with lock or nullcontext(), rt.session() as session:
        conn = session.connection()
        _, item = live_item(conn, item_id)
        allowed(rt, conn, "reassign", item, actor)
        before = store.support_of(conn, item["id"])
        names = names_of(rt)
        new_lead, new_support = plan_reassign(
            item_id=item["id"], status=item["status"], lead=item["lead"], support=before,
            new_lead=lead, new_support=support, known=names,
        )  # fmt: skip
        store.set_units(conn, item, new_lead, new_support, now=rt.now())
        who, now = acting(rt, by, actor), rt.now()
        number = store.add_reassignment(
            conn, item_id=item["id"], old_lead=item["lead"], new_lead=new_lead,
            old_support=before, new_support=list(new_support), reason=reason, by=who,
            channel=channel, at=now,
        )  # fmt: skip
        old, new = units(rt, item["lead"], before), units(rt, new_lead, new_support)
        note = render("history_reassigned", rt.locale, old=old, new=new, reason=reason)
        store.record(conn, item, action="reassigned", role="leadership", note=note, by=who,
                     channel=channel, now=now, old=old, new=new)  # fmt: skip
        current = item_now(session, item["id"])
        keys = queue_reassignment(rt, conn, number, current.snapshot(), old_lead=item["lead"],
                                  old_support=before, reason=reason, by=who)  # fmt: skip
        return Outcome(current, tuple(keys), note_id=number)


def direct(
    rt: Runtime, *, item_id: int, actor: str | None, text: str, by: str, channel: str,
    lock: Lock = None,
) -> Outcome:
    """Write leadership's directive on the item; its units are told by mail."""
    text = clean_text(text, what="directive", limit=DIRECTIVE_LIMIT)
    with lock or nullcontext(), rt.session() as session:
        conn = session.connection()
        _, item = live_item(conn, item_id)
        allowed(rt, conn, "direct", item, actor)
        who, now = acting(rt, by, actor), rt.now()
        number = store.add_note(conn, "directive", item_id=item["id"], text=text, by=who,
                                channel=channel, at=now)  # fmt: skip
        note = render("history_directive", rt.locale, text=text)
        store.record(conn, item, action="directive", role="leadership", note=note, by=who,
                     channel=channel, now=now)  # fmt: skip
        current = item_now(session, item["id"])
        keys = queue_directive(rt, conn, number, current.snapshot(), text=text, by=who)
        return Outcome(current, tuple(keys), note_id=number)


def contribute(
    rt: Runtime, *, item_id: int, actor: str, text: str, by: str, channel: str,
    lock: Lock = None,
) -> Outcome:
    """Add the supporting unit ``actor``'s contribution to the item."""
    text = clean_text(text, what="contribution", limit=REASON_LIMIT)
    with lock or nullcontext(), rt.session() as session:
        conn = session.connection()
        _, item = live_item(conn, item_id)
        role = allowed(rt, conn, "contribute", item, actor)
        who, now = acting(rt, by, actor), rt.now()
        number = store.add_note(conn, "contribution", item_id=item["id"], dept=actor,
                                text=text, by=who, channel=channel, at=now)  # fmt: skip
        dept = names_of(rt).get(actor, actor)
        note = render("history_contribution", rt.locale, dept=dept, text=text)
        store.record(conn, item, action="contribution", role=role, note=note, by=who,
                     channel=channel, now=now)  # fmt: skip
        return Outcome(item_now(session, item["id"]), note_id=number)


def cancel(
    rt: Runtime, *, item_id: int, actor: str | None, reason: str, by: str, channel: str,
    lock: Lock = None,
) -> Outcome:
    """Cancel the item with a reason (its note); a pending extension request lapses."""
    reason = clean_text(reason, what="reason", limit=REASON_LIMIT)
    with lock or nullcontext(), rt.session() as session:
        conn = session.connection()
        _, item = live_item(conn, item_id)
        allowed(rt, conn, "cancel", item, actor)
        check_cancel(item_id=item["id"], status=item["status"])
        who, now = acting(rt, by, actor), rt.now()
        update_status(session, item_id=item["id"], status=Status.CANCELLED, note=reason,
                      by=who, channel=channel, now=now, role="leadership",
                      action="cancelled")  # fmt: skip
        store.withdraw(conn, item["id"], by=who, note=render("history_withdrawn", rt.locale),
                       channel=channel, now=now)  # fmt: skip
        return Outcome(item_now(session, item["id"]))


def allowed(
    rt: Runtime, conn: Connection, action: str, item: RowMapping, actor: str | None
) -> Role:
    """``actor``'s role on the item, when it allows ``action``; else :class:`NotAllowed`."""
    role = role_on(item["lead"], store.support_of(conn, item["id"]), actor)
    why = refusal(action, role)
    if why or role is None:
        lead = names_of(rt).get(item["lead"], item["lead"])
        raise NotAllowed(item["id"], why or "not_your_item", lead=lead)
    return role


def acting(rt: Runtime, by: str | None, actor: str | None) -> str:
    """Who acts, as history shows it: the name given, else the unit's name, else leadership."""
    if by and by.strip():
        return by.strip()
    return names_of(rt).get(actor, actor) if actor else LEADERSHIP


def names_of(rt: Runtime) -> dict[str, str]:
    """The units' names by code."""
    return {d.code: d.name for d in rt.org.departments}


def units(rt: Runtime, lead: str, support: Sequence[str]) -> str:
    """A lead unit and its supporting units as people read them."""
    names = names_of(rt)
    lead_name = names.get(lead, lead)
    if not support:
        return lead_name
    helpers = ", ".join(names.get(code, code) for code in support)
    return render("units_with_support", rt.locale, lead=lead_name, support=helpers)


def item_now(session: Session, item_id: int) -> ItemView:
    """The item as the transaction leaves it."""
    return get_item(session, item_id)


def local(rt: Runtime, moment: datetime | None) -> datetime | None:
    return rt.clock.local(moment) if moment else None


def week_news(conn: Connection, rt: Runtime, week: Week) -> DirectionNews:
    """For the digest: the requests pending now, and the decisions and directives of
    ``week`` (Monday 00:00 to Monday 00:00 in the organisation's zone)."""
    since, until = rt.clock.at(week.start).now(), rt.clock.at(week.end + timedelta(days=1)).now()
    found = news(conn, since=since, until=until)
    notes = tuple(replace(n, at=rt.clock.local(n.at)) for n in found.directives)
    return replace(found, directives=notes)  # times as people read them in the mail
