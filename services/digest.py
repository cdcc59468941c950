"""The weekly digest for leadership (*tổng hợp tiến độ tuần*), from the database.

Per department the four report classes and the statuses of the items of the quarter's
open periods (counted by one SQL ``GROUP BY``), what was finished last week, the overdue
list, the departments that did not answer the last round of requests, carried-over items
still open and mail that could not be delivered. Named after the ISO week it is sent in,
and sent once that week, however late or often it runs.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.engine import Connection

from domain.digest import Digest, Week, assemble_digest
from domain.periods import Period
from domain.status import ReportClass
from notifications.outgoing import OutgoingMail, mail_key
from notifications.render import render
from services.chasing import assess, response_summary
from services.direction import week_news
from services.jobs import JobReport, Plan, run_once, week_key
from services.mailing import board_link, leadership_of, mail_context
from services.runtime import Runtime
from store.aggregates import count_by_department
from store.digest_lists import digest_lists
from store.selections import last_run_answered, open_periods, periods_overlapping, undelivered

JOB = "digest"
SHOWN = {"finished": 30, "late": 15, "carried": 20}  # the longest lists a digest shows


def digest(
    rt: Runtime, *, as_of: datetime | date | None = None, dry_run: bool = False
) -> JobReport:
    """Queue this week's digest to leadership once."""
    rt = rt.at(as_of)
    key = week_key(rt.today())

    def build(conn: Connection, only: set[str] | None) -> Plan:
        plan = Plan()
        to = leadership_of(rt, plan, job=JOB, required=True)
        data, counts = digest_data(conn, rt)
        plan.result = {
            "week": data.week.label,
            "period": data.period.key,
            "items": data.total.total,
            "done": data.total.done,
            "overdue": data.total.classes[ReportClass.OPEN_OVERDUE],
        }
        if data.last_round is not None:
            plan.result["response"] = response_summary(data.last_round)
        if to:
            asked = data.last_round.asked_at if data.last_round else rt.now()
            context = mail_context(rt, digest=data, counts=counts, link=board_link(
                rt, until=data.period.end), round_day=rt.clock.local(asked).date())
            mail = OutgoingMail.of(render("digest", rt.locale, context),
                                   key=mail_key("digest", key), kind="digest", to=to)
            plan.add(mail, dept=None, items=data.total.total)
        return plan

    return run_once(rt, job=JOB, key=key, build=build, dry_run=dry_run)


def digest_data(conn: Connection, rt: Runtime) -> tuple[Digest, dict[str, int]]:
    """The digest's figures on the runtime's day: the counts (one ``GROUP BY``), the lists
    (one pass: :mod:`store.digest_lists`, the first items of each) and how many items the
    lists would hold in full."""
    today, now = rt.today(), rt.now()
    quarter, covered = Period.of("quarter", today), Week.of(today).previous()
    periods = open_periods(conn, overlapping=(quarter.start, quarter.end))
    lists = digest_lists(
        conn, today=today, periods=periods, week=(covered.start, covered.end),
        week_periods=periods_overlapping(conn, start=covered.start, end=covered.end),
        limits=SHOWN,
    )
    asked = last_run_answered(conn, job="collect", before=now, until=now)
    digest = assemble_digest(
        as_of=today,
        counts=count_by_department(conn, periods=periods, today=today, departments=rt.org.codes),
        finished=lists.finished,
        overdue=lists.overdue,
        carried=lists.carried,
        undelivered=undelivered(conn),
        last_round=assess(*asked) if asked else None,
        departments=rt.org.codes,
        period=quarter,
        direction=week_news(conn, rt, covered),
    )
    return digest, {"finished": lists.finished_count, "carried": lists.carried_count}
