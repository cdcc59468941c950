"""A fresh link for whoever's link no longer opens (*gửi lại đường dẫn*): the address
typed, when a department or a member of leadership is registered with it, receives a new
link by mail, at most once a quarter of an hour. Nothing tells the asker whether the
address was known: the page answers the same either way."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from html import escape

from domain.organisation import Organisation
from notifications.outgoing import OutgoingMail, enqueue, mail_key
from services.mailing import board_link, dept_link, is_address
from services.runtime import Runtime
from texts import text

SLOT_MINUTES = 15  # one link mail per address in each quarter of an hour

@dataclass(frozen=True)
class Recipient:
    """Who is registered with an address: a department, or a member of leadership."""

    address: str
    name: str
    dept: str | None  # None: leadership


def recipient_of(org: Organisation, address: str) -> Recipient | None:
    """The department or leadership member registered with ``address`` (case ignored)."""
    wanted = address.strip().casefold()
    for dept in org.departments:
        if dept.email.strip().casefold() == wanted:
            return Recipient(dept.email.strip(), dept.name, dept.code)
    for leader in org.leadership:
        if leader.email.strip().casefold() == wanted:
            return Recipient(leader.email.strip(), f"{leader.title} {leader.name}", None)
    return None


def resend_link(rt: Runtime, *, address: str, locale: str | None = None) -> str | None:
    """Queue a fresh link to ``address`` if it is registered: the outbox key to deliver;
    None for an unknown address, or one already sent a link in this quarter of an hour."""
    who = recipient_of(rt.org, address) if is_address(address.strip()) else None
    if who is None:
        return None
    now, until = rt.now(), rt.today() + timedelta(days=rt.settings.link_days)
    link = dept_link(rt, who.dept, until=until) if who.dept else board_link(rt, until=until)
    mail = link_mail(rt, who, link, locale or rt.locale, now=now, until=until)
    with rt.begin() as conn:
        return mail.key if enqueue(conn, mail, now=now) else None


def link_mail(
    rt: Runtime, who: Recipient, link: str, locale: str, *, now: datetime, until: object
) -> OutgoingMail:
    """The mail carrying ``link``, keyed by address and quarter of an hour."""
    local, contact = rt.clock.local(now), rt.org.contact

    def words(key: str, **values: str) -> str:
        return text(("mail",), f"link_{key}", locale, **values)

    values = {
        "name": who.name, "org": rt.org.name, "link": link, "until": f"{until:%d/%m/%Y}",
        "page": words("dept_page" if who.dept else "board_page"),
        "time": f"{local:%H:%M}", "date": f"{local:%d/%m/%Y}", "contact": contact.name,
        "email": contact.email,
        "phone": words("phone", phone=contact.phone) if contact.phone else "",
    }  # fmt: skip
    body, footer = words("body", **values), words("footer", **values)
    plain = f"{body}\n\n-- \n{rt.org.name}\n{footer}\n"
    anchor = f'<a href="{escape(link)}">{escape(link)}</a>'
    paragraphs = "".join(
        f"<p>{escape(part).replace(escape(link), anchor)}</p>" for part in body.split("\n\n")
    )
    html = (f'<!DOCTYPE html><html lang="{locale}"><head><meta charset="utf-8"></head><body>'
            f"{paragraphs}<hr><p><small>{escape(rt.org.name)}. {escape(footer)}</small></p>"
            "</body></html>").replace("\n", "<br>")  # fmt: skip
    slot = local.replace(minute=local.minute - local.minute % SLOT_MINUTES, second=0)
    return OutgoingMail(
        key=mail_key("link", who.address.casefold(), f"{slot:%Y-%m-%dT%H:%M}"), kind="link",
        to=(who.address,), subject=words("subject", **values), html=html, text=plain,
    )
