"""Asking a department for its progress: one status-request e-mail per department,
period and week, carrying the department's signed link."""

from __future__ import annotations

from datetime import date

from sqlalchemy.engine import Engine

from config.settings import Settings
from domain.organisation import Organisation
from domain.periods import parse_period
from domain.status import Status
from notifications.links import department_url, make_token
from notifications.outbox import OutgoingMail, enqueue, mail_key
from notifications.render import render
from store.db import session_scope
from store.items import list_items

REPLY_WORKING_DAYS = 3


def request_status(
    engine: Engine,
    *,
    settings: Settings,
    org: Organisation,
    dept: str,
    period: str,
    today: date,
    locale: str | None = None,
) -> bool:
    """Queue the request; ``False`` when the department has no open item there, or was
    already asked this week (the outbox key is per department, period and ISO week)."""
    code = org.department(dept).code
    with session_scope(engine) as session:
        items = [
            i.snapshot()
            for i in list_items(session, period=period, dept=code)
            if i.lead == code and Status(i.status).is_open
        ]
        if not items:
            return False
        token = make_token(settings.secret(), dept=code, days=settings.link_days)
        context = {
            "org": org.name,
            "today": today,
            "departments": {d.code: d.name for d in org.departments},
            "dept": code,
            "period": parse_period(period),
            "items": items,
            "link": department_url(settings.base_url, token),
            "reply_by": org.calendar.add_working_days(today, REPLY_WORKING_DAYS),
        }
        year, week, _ = today.isocalendar()
        mail = OutgoingMail.of(
            render("status-request", locale or settings.locale, context),
            key=mail_key("status-request", code, period, f"{year}W{week:02d}"),
            kind="status-request",
            to=[org.department(code).email],
        )
        return enqueue(session, mail)
