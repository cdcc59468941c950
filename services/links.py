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

SLOT_MINUTES = 15  # one link mail per address in each quarter of an hour

TEXTS = {
    "vi": {
        "subject": "Đường dẫn mới tới {page} — {name}",
        "dept_page": "trang cập nhật tiến độ",
        "board_page": "bảng theo dõi của Lãnh đạo Sở",
        "body": "Kính gửi: {name},\n\nHệ thống theo dõi chương trình công tác của {org} nhận được "
        "đề nghị gửi lại đường dẫn lúc {time} ngày {date}. Đường dẫn mới tới {page}, dùng được "
        "đến hết ngày {until}:\n{link}\n\nNếu không đề nghị gửi lại đường dẫn, vui lòng bỏ qua "
        "thư này.\n\nTrân trọng.",
        "footer": "Thư gửi tự động từ hệ thống theo dõi chương trình công tác. Cần hỗ trợ, vui "
        "lòng liên hệ {contact}{phone} (e-mail {email}).",
        "phone": ", điện thoại {phone}",
    },
    "en": {
        "subject": "A new link to {page} — {name}",
        "dept_page": "your progress page",
        "board_page": "the leadership board",
        "body": "Dear {name},\n\nThe work programme tracking system of {org} was asked to send "
        "a new link at {time} on {date}. Here is a new link to {page}, valid until the end of "
        "{until}:\n{link}\n\nIf you did not ask for it, please ignore this message.\n\n"
        "Kind regards.",
        "footer": "Sent automatically by the work programme tracking system. For help, contact "
        "{contact}{phone} (e-mail {email}).",
        "phone": ", phone {phone}",
    },
}


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
    words, local = TEXTS.get(locale, TEXTS["vi"]), rt.clock.local(now)
    contact = rt.org.contact
    values = {
        "name": who.name, "org": rt.org.name, "link": link, "until": f"{until:%d/%m/%Y}",
        "page": words["dept_page" if who.dept else "board_page"],
        "time": f"{local:%H:%M}", "date": f"{local:%d/%m/%Y}", "contact": contact.name,
        "email": contact.email,
        "phone": words["phone"].format(phone=contact.phone) if contact.phone else "",
    }  # fmt: skip
    body, footer = words["body"].format(**values), words["footer"].format(**values)
    text = f"{body}\n\n-- \n{rt.org.name}\n{footer}\n"
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
        to=(who.address,), subject=words["subject"].format(**values), html=html, text=text,
    )
