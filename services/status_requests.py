"""Asking departments for their progress (*đề nghị cập nhật tiến độ*).

The weekly round (:func:`collect`) asks each department about the open items it leads in
the open months and quarters that today falls in, one mail per department and period,
and records in the ledger what each department was asked about, for the chaser and the
response rate. The answer is due ``reply_working_days`` (schedule file) after the request.
A department can also be asked by hand (:func:`request_status`, ``workplan mail request``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy.engine import Connection

from domain.digest import Week
from domain.periods import Period
from domain.reminders import day_off
from domain.report import ItemSnapshot
from notifications.outgoing import OutgoingMail, enqueue, mail_key
from notifications.render import render
from services.jobs import JobReport, Plan, run_once, schedule_of, week_key
from services.mailing import address_of, dept_link, mail_context
from services.runtime import Runtime
from store.selections import open_periods
from store.snapshots import open_items

JOB = "collect"


def collect(
    rt: Runtime, *, as_of: datetime | date | None = None, dry_run: bool = False
) -> JobReport:
    """Ask every department about its open items once this ISO week (not on a day off)."""
    rt = rt.at(as_of)
    today = rt.today()
    off = day_off(today, calendar=rt.calendar)
    if off is not None:
        return JobReport(JOB, week_key(today), rt.now(), "day_off", day_off=off)
    reply_by = reply_date(rt)

    def build(conn: Connection, only: set[str] | None) -> Plan:
        periods = [Period.from_key(k) for k in periods_asked(conn, today)]
        items = open_items(conn, periods=[p.key for p in periods])
        requested: dict[str, list[int]] = {}
        plan = Plan(result={"asked_at": rt.now().isoformat(), "reply_by": reply_by.isoformat(),
                            "periods": [p.key for p in periods], "requested": requested})
        order = {code: n for n, code in enumerate(rt.org.codes)}
        for dept in sorted({i.lead for i in items}, key=lambda c: (order.get(c, len(order)), c)):
            if only is not None and dept not in only:
                continue
            address = address_of(rt, plan, dept=dept, job=JOB)
            if address is None:
                continue
            for period in periods:
                mine = [i for i in items if i.lead == dept and i.period == period.key]
                if mine:
                    mail = request_mail(rt, dept=dept, to=address, period=period, items=mine,
                                        reply_by=reply_by)
                    plan.add(mail, dept=dept, items=len(mine))
                    requested.setdefault(dept, []).extend(i.id for i in mine)
        return plan

    return run_once(rt, job=JOB, key=week_key(today), build=build, dry_run=dry_run)


def periods_asked(conn: Connection, day: date) -> list[str]:
    """The open months and quarters ``day`` falls in: what a round asks about."""
    return open_periods(conn, overlapping=(day, day), kinds=("month", "quarter"))


def reply_date(rt: Runtime) -> date:
    """The day an answer to today's request is due (working days from the schedule)."""
    return rt.calendar.add_working_days(rt.today(), schedule_of(rt).reply_working_days)


def request_mail(
    rt: Runtime, *, dept: str, to: str, period: Period, items: Sequence[ItemSnapshot],
    reply_by: date, locale: str | None = None,
) -> OutgoingMail:
    """The request to ``dept`` about its ``items`` of ``period``, keyed by the ISO week."""
    today = rt.today()
    context = mail_context(
        rt, dept=dept, period=period, items=list(items), reply_by=reply_by,
        week=Week.of(today), link=dept_link(rt, dept, until=period.end),
    )
    return OutgoingMail.of(
        render("status-request", locale or rt.locale, context),
        key=mail_key("status-request", dept, period.key, week_key(today)),
        kind="status-request",
        to=[to],
    )


def request_status(rt: Runtime, *, dept: str, period: Period, locale: str | None = None) -> bool:
    """Queue one request by hand; ``False`` when the department has no open item there, or
    was already asked this week (the outbox key is per department, period and ISO week)."""
    code = rt.org.department(dept).code
    with rt.begin() as conn:
        items = [i for i in open_items(conn, periods=[period.key]) if i.lead == code]
        if not items:
            return False
        plan = Plan()
        address = address_of(rt, plan, dept=code, job=JOB)
        if address is None:
            return False
        mail = request_mail(rt, dept=code, to=address, period=period, items=items,
                            reply_by=reply_date(rt), locale=locale)
        return enqueue(conn, mail, now=rt.now())


def open_periods_on(rt: Runtime) -> list[Period]:
    """The open months and quarters that today falls in: what a weekly round asks about."""
    with rt.begin() as conn:
        return [Period.from_key(k) for k in periods_asked(conn, rt.today())]
