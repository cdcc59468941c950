"""What a rollup decides before it writes: the period's report and carry-over plan (the
domain's), the next period's draft, and the report mail for leadership.

Periodic meetings: a meeting held every period ("họp giao ban kỳ tháng 7/2020") is not
carried when the next period holds its own instance, and not either when the next period
has no programme yet: that programme will hold its own, and the draft proposes it with
the next period's months. Such a meeting is reported as not held. Any other meeting is
carried like a task.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy.engine import Connection

from documents.programme_draft import DraftTask
from domain.periods import Period
from domain.rollup import NextItem, PeriodItem, PeriodReport, Rollup, close_period
from notifications.links import leadership_url, make_token
from notifications.outgoing import OutgoingMail, attachment, enqueue, mail_key
from notifications.render import RenderedMail, render
from services.report_files import (
    ReportFiles,
    is_periodic_meeting,
    renewed_meeting,
    report_files,
)
from services.runtime import Runtime
from store.reports import period_items, previous_summary

NOT_HELD = {
    "vi": "Không tổ chức trong kỳ (cuộc họp định kỳ; kỳ sau tổ chức riêng)",
    "en": "Not held (a periodic meeting; the next period holds its own)",
}


@dataclass(frozen=True)
class Planned:
    rollup: Rollup
    report: PeriodReport  # the rollup's, with the meetings not held saying so
    draft: tuple[DraftTask, ...]
    mail: RenderedMail


def plan_rollup(rt: Runtime, conn: Connection, period: Period) -> Planned:
    """Read the period and the next one, and decide (nothing is written)."""
    items = period_items(conn, period, rt.calendar)
    following = period_items(conn, period.next(), rt.calendar)
    nxt = [NextItem(i.text, i.section, i.carried_from) for i in following]
    has_programme = any(i.carried_from is None for i in following)
    periodic = [i for i in items if i.section == "meeting" and is_periodic_meeting(i.text, period)]
    if not has_programme:  # the next programme will hold its own instance
        nxt += [NextItem(i.text, "meeting") for i in periodic]
    previous = previous_summary(conn, period, rt.calendar, departments=rt.org.codes)
    rollup = close_period(
        period, items, nxt, rt.calendar, today=rt.today(), departments=rt.org.codes,
        previous=previous,
    )  # fmt: skip
    not_held = {n.item for n in rollup.carry.not_held}
    report = replace(
        rollup.report,
        lines=tuple(
            replace(ln, item=replace(ln.item, note=_not_held(ln.item.note, rt.locale)))
            if ln.item.id in not_held else ln
            for ln in rollup.report.lines
        ),
    )  # fmt: skip
    draft = _draft(rollup, following, [i for i in periodic if i.id in not_held], period)
    return Planned(rollup, report, draft, _mail(rt, report, rollup))


def _not_held(note: str | None, locale: str) -> str:
    said = NOT_HELD.get(locale, NOT_HELD["vi"])
    return f"{said}. {note}" if note else said


def _draft(
    rollup: Rollup, following: list[PeriodItem], not_held: list[PeriodItem], period: Period
) -> tuple[DraftTask, ...]:
    """The carried tasks, then the next period's own, then the periodic meetings the
    next programme should hold (when it has none of them yet)."""
    tasks = [DraftTask.of(c) for c in rollup.carry.continuations]
    tasks += [
        DraftTask(i.section, i.text, i.lead, i.support, i.due)
        for i in following
        if i.carried_from is None
    ]
    for meeting in not_held:
        text = renewed_meeting(meeting.text, period)
        if text is not None and not any(t.text == text for t in tasks):
            tasks.append(DraftTask("meeting", text, meeting.lead, meeting.support, None))
    return tuple(tasks)


def _mail(rt: Runtime, report: PeriodReport, rollup: Rollup) -> RenderedMail:
    org = rt.org
    office = org.department(org.default_department)
    files = report_files(rt, report.period)
    context = {
        "org": org.name,
        "today": report.as_of,
        "departments": {d.code: d.name for d in org.departments},
        "office": {"name": office.name, "email": office.email},
        "summary": report.summary,
        "change": report.change,
        "period": report.period,
        "next_period": rollup.carry.next,
        "carried": len(rollup.carry.continuations),
        "not_held": [n.text for n in rollup.carry.not_held],
        "attachments": [p.name for p in files.attached()],
        "link": _board_link(rt),
    }
    return render("report", rt.locale, context)


def _board_link(rt: Runtime) -> str:
    try:
        secret = rt.settings.secret()
    except LookupError:  # no key yet: the plain address, without a signed link
        return rt.settings.base_url
    token = make_token(secret, leadership=True, days=rt.settings.link_days)
    return leadership_url(rt.settings.base_url, token)


def queue_report(
    rt: Runtime, conn: Connection, plan: Planned, files: ReportFiles, *, now: datetime
) -> str:
    """Queue the report mail to leadership (the office copied) with the files; its key."""
    org = rt.org
    office = org.department(org.default_department).email
    to = [leader.email for leader in org.leadership] or [office]
    cc = [office] if office not in to else []
    key = mail_key("report", plan.report.period.key)
    attached = [attachment(p.name, p.read_bytes()) for p in files.attached()]
    mail = OutgoingMail.of(plan.mail, key=key, kind="report", to=to, cc=cc, attachments=attached)
    enqueue(conn, mail, now=now)
    return key
