"""Asking departments for their progress: one status-request e-mail per department,
period and ISO week, carrying the department's signed link."""

from __future__ import annotations

from domain.periods import Period
from domain.status import Status
from notifications.links import department_url, make_token
from notifications.outgoing import OutgoingMail, enqueue, mail_key
from notifications.render import render
from services.runtime import Runtime
from store.items import list_items

REPLY_WORKING_DAYS = 3


def request_status(rt: Runtime, *, dept: str, period: Period, locale: str | None = None) -> bool:
    """Queue the request; ``False`` when the department has no open item there, or was
    already asked this week (the outbox key is per department, period and ISO week)."""
    org, settings, today = rt.org, rt.settings, rt.today()
    code = org.department(dept).code
    with rt.session() as session:
        items = [
            i.snapshot()
            for i in list_items(session, period=period.key, dept=code)
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
            "period": period,
            "items": items,
            "link": department_url(settings.base_url, token),
            "reply_by": org.calendar.add_working_days(today, REPLY_WORKING_DAYS),
        }
        year, week, _ = today.isocalendar()
        mail = OutgoingMail.of(
            render("status-request", locale or settings.locale, context),
            key=mail_key("status-request", code, period.key, f"{year}W{week:02d}"),
            kind="status-request",
            to=[org.department(code).email],
        )
        return enqueue(session, mail, now=rt.now())


def open_periods_on(rt: Runtime) -> list[Period]:
    """The open months and quarters that today falls in: what a weekly round asks about."""
    from store.periods import list_periods

    today = rt.today()
    with rt.session() as session:
        return [
            Period.from_key(p.key)
            for p in list_periods(session, open_only=True)
            if p.kind in ("month", "quarter") and p.start <= today <= p.end
        ]
