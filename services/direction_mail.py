"""The mail leadership's direction sends: a request to leadership, the decision to the unit,
a reassignment to the old and the new lead unit, a directive to the units of the item.
Each is queued in the transaction that records what it tells (keys name the request,
the reassignment or the directive, and the unit), and delivered right after."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy.engine import Connection

from domain.direction import Extension
from domain.periods import Period
from domain.report import ItemSnapshot
from notifications.outgoing import OutgoingMail, enqueue, mail_key
from notifications.render import render
from services.delivery import deliver
from services.mailing import board_link, dept_link, is_address, mail_context, recipients
from services.runtime import Runtime


def queue_request(rt: Runtime, conn: Connection, ext: Extension) -> list[str]:
    """Tell leadership of a new extension request."""
    to = recipients(leader.email for leader in rt.org.leadership)
    link = f"{board_link(rt, until=_end(ext.item))}/items/{ext.item.id}/direction"
    return _queue(rt, conn, "extension-requested", (ext.id,), to, ext=ext, item=ext.item,
                  link=link)  # fmt: skip


def queue_decision(rt: Runtime, conn: Connection, ext: Extension, item: ItemSnapshot) -> list[str]:
    """Tell the lead unit (and the unit that asked, if another) of leadership's decision."""
    keys = []
    for dept in dict.fromkeys((item.lead, ext.dept)):
        keys += _queue(rt, conn, "extension-decided", (ext.id, dept), _address(rt, dept),
                       ext=ext, item=item, dept=dept, link=_link(rt, dept, item))  # fmt: skip
    return keys


def queue_reassignment(
    rt: Runtime, conn: Connection, number: int, item: ItemSnapshot, *, old_lead: str,
    old_support: Iterable[str], reason: str, by: str,
) -> list[str]:
    """Tell the old and the new lead unit that the item changed hands."""
    keys = []
    for dept in dict.fromkeys((old_lead, item.lead)):
        keys += _queue(rt, conn, "reassigned", (number, dept), _address(rt, dept), item=item,
                       dept=dept, old_lead=old_lead, old_support=list(old_support),
                       reason=reason, by=by, link=_link(rt, dept, item))  # fmt: skip
    return keys


def queue_directive(
    rt: Runtime, conn: Connection, number: int, item: ItemSnapshot, *, text: str, by: str
) -> list[str]:
    """Send a directive to the item's lead unit and to each supporting unit."""
    keys = []
    for dept in dict.fromkeys((item.lead, *item.support)):
        keys += _queue(rt, conn, "directive", (number, dept), _address(rt, dept), item=item,
                       dept=dept, text=text, by=by, link=_link(rt, dept, item))  # fmt: skip
    return keys


def send(rt: Runtime, keys: Iterable[str]) -> int:
    """Deliver the mail just queued (what cannot go now waits for the next delivery run);
    how many were sent."""
    wanted = list(keys)
    return len(deliver(rt, keys=wanted).sent) if wanted else 0


def _queue(
    rt: Runtime, conn: Connection, kind: str, parts: tuple[object, ...], to: Iterable[str],
    **context: Any,
) -> list[str]:
    to = tuple(to)
    if not to:  # no usable address: the page and the history still say it
        return []
    key = mail_key(kind, *parts)
    mail = OutgoingMail.of(render(kind, rt.locale, mail_context(rt, **context)), key=key,
                           kind=kind, to=to)  # fmt: skip
    return [key] if enqueue(conn, mail, now=rt.now()) else []


def _address(rt: Runtime, dept: str) -> tuple[str, ...]:
    found = {d.code: d.email.strip() for d in rt.org.departments}.get(dept, "")
    return (found,) if is_address(found) else ()


def _link(rt: Runtime, dept: str, item: ItemSnapshot) -> str:
    return f"{dept_link(rt, dept, until=_end(item))}/items/{item.id}/direction"


def _end(item: ItemSnapshot) -> Any:
    return Period.from_key(item.period).end
