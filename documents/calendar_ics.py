"""Deadlines and meetings as an iCalendar file to import into Outlook or Google Calendar.

Every item is an all-day VEVENT on its due date, not a VTODO: Google Calendar imports
no VTODO at all and Outlook files them apart from the calendar, while a deadline is
something people want to see on the day. Events are transparent (they do not make the
day look busy). The UID is stable per item (``item-36@sokhcn.example.vn``), so importing
a newer file updates the events instead of doubling them; a cancelled item is written
with ``STATUS:CANCELLED`` for the same reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event

from domain.periods import parse_period
from domain.report import ItemSnapshot
from domain.status import Status, label

PRODID = "-//workplan//Chuong trinh cong tac//VI"
SUMMARY_LIMIT = 120
MEETING, TASK = "Cuộc họp", "Nhiệm vụ"


def calendar_ics(
    items: Iterable[ItemSnapshot],
    departments: Mapping[str, str],
    *,
    uid_domain: str,
    stamp: datetime,
    name: str,
) -> bytes:
    """The items as an .ics calendar called ``name``; ``stamp`` is DTSTAMP (the caller's
    clock, timezone-aware); ``uid_domain`` the right-hand side of every UID."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    utc = stamp.astimezone(UTC)
    for item in items:
        cal.add_component(_event(item, departments, uid_domain, utc))
    return cal.to_ical()


def _event(item: ItemSnapshot, names: Mapping[str, str], uid_domain: str, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", f"item-{item.id}@{uid_domain}")
    event.add("dtstamp", stamp)
    event.add("dtstart", item.due)
    event.add("dtend", item.due + timedelta(days=1))
    event.add("summary", shorten(item.text, SUMMARY_LIMIT))
    event.add("description", describe(item, names))
    event.add("categories", [MEETING if item.section == "meeting" else TASK])
    event.add("transp", "TRANSPARENT")
    cancelled = Status(item.status) is Status.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def describe(item: ItemSnapshot, names: Mapping[str, str]) -> str:
    """The event's description: units, status, due date, period and the full text."""
    status = label(item.status)
    if Status(item.status) in (Status.IN_PROGRESS, Status.BLOCKED):
        status += f" ({item.progress}%)"
    lines = [f"Đơn vị chủ trì: {names.get(item.lead, item.lead)}"]
    if item.support:
        lines.append("Đơn vị phối hợp: " + "; ".join(names.get(c, c) for c in item.support))
    lines += [
        f"Trạng thái: {status}",
        f"Thời hạn: {item.due:%d/%m/%Y}",
        f"Kỳ: {_period_name(item.period)}",
    ]
    if item.note:
        lines.append(f"Ghi chú: {item.note}")
    if len(item.text) > SUMMARY_LIMIT:
        lines += ["", item.text]
    return "\n".join(lines)


def shorten(text: str, limit: int) -> str:
    """``text`` cut on a word boundary with "…" when longer than ``limit`` characters."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if text[limit - 1] != " " and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-–") + "…"


def _period_name(key: str) -> str:
    try:
        name = parse_period(key).name("vi")
    except ValueError:
        return key
    return name[:1].upper() + name[1:]
