"""Reminding departments of their deadlines (*thư nhắc hạn*): on each working day, one mail
per lead department listing its items due soon, due today and overdue; leadership is
copied when an item has been overdue long enough to be escalated."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.engine import Connection

from domain.periods import Period
from domain.reminders import DeptReminder, ReminderKind, day_off, decide_reminders
from notifications.outgoing import OutgoingMail, mail_key
from notifications.render import render
from services.jobs import JobReport, Plan, run_once, schedule_of
from services.mailing import address_of, dept_link, leadership_of, mail_context
from services.runtime import Runtime
from store.selections import open_periods
from store.snapshots import open_items

JOB = "remind"


def remind(
    rt: Runtime, *, as_of: datetime | date | None = None, dry_run: bool = False
) -> JobReport:
    """Queue today's reminders once; nothing on a day off (the report says which)."""
    rt = rt.at(as_of)
    today = rt.today()
    off = day_off(today, calendar=rt.calendar)
    if off is not None:
        return JobReport(JOB, today.isoformat(), rt.now(), "day_off", day_off=off)
    rules = schedule_of(rt).reminders

    def build(conn: Connection, only: set[str] | None) -> Plan:
        beyond = rt.calendar.add_working_days(today, max(rules.days_before, default=0) + 1)
        items = open_items(conn, periods=open_periods(conn), due_before=beyond)
        decided = decide_reminders(items, today=today, calendar=rt.calendar, rules=rules)
        plan = Plan(result={"departments": {}, "escalated": []})
        for reminder in decided.departments:
            if only is None or reminder.dept in only:
                _remind_department(rt, plan, reminder)
        return plan

    return run_once(rt, job=JOB, key=today.isoformat(), build=build, dry_run=dry_run)


def _remind_department(rt: Runtime, plan: Plan, reminder: DeptReminder) -> None:
    address = address_of(rt, plan, dept=reminder.dept, job=JOB)
    if address is None:
        return
    by_kind = {kind: [r for r in reminder.items if r.kind is kind] for kind in ReminderKind}
    escalated = reminder.copy_leadership
    cc = leadership_of(rt, plan, job=JOB, required=False) if escalated else ()
    kind = "escalation" if escalated else "overdue" if by_kind[ReminderKind.OVERDUE] else "due-soon"
    until = max(Period.from_key(r.item.period).end for r in reminder.items)
    context = mail_context(
        rt,
        dept=reminder.dept,
        overdue=by_kind[ReminderKind.OVERDUE],
        due_today=by_kind[ReminderKind.DUE_TODAY],
        due_soon=by_kind[ReminderKind.DUE_SOON],
        escalated=[r for r in reminder.items if r.escalated],
        copied=bool(cc),
        link=dept_link(rt, reminder.dept, until=until),
    )
    mail = OutgoingMail.of(
        render(kind, rt.locale, context),
        key=mail_key("remind", reminder.dept, rt.today().isoformat()),
        kind=kind,
        to=[address],
        cc=cc,
    )
    plan.add(mail, dept=reminder.dept, items=len(reminder.items))
    plan.result["departments"][reminder.dept] = len(reminder.items)
    if escalated:
        plan.result["escalated"].append(reminder.dept)
