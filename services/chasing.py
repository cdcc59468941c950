"""Chasing the departments that have not answered (*thư nhắc lại*).

On the day answers to this week's round are due, a department that updated none of the
items it was asked about gets one chaser listing them; one that updated any of them has
answered and is left alone. The round's response rate is recorded with the run.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.engine import Connection

from domain.chasing import RoundResponse, StatusRound, assess_round
from domain.digest import Week
from domain.periods import Period
from domain.reminders import day_off
from domain.status import Status
from notifications.outgoing import OutgoingMail, mail_key
from notifications.render import render
from services.jobs import JobReport, Plan, run_once, week_key
from services.mailing import address_of, dept_link, mail_context
from services.runtime import Runtime
from store import ledger
from store.ledger import Run
from store.selections import updated_between
from store.snapshots import items_by_id

JOB = "chase"


def chase(
    rt: Runtime, *, as_of: datetime | date | None = None, dry_run: bool = False
) -> JobReport:
    """Chase once this ISO week the departments silent since this week's round."""
    rt = rt.at(as_of)
    today, key, now = rt.today(), week_key(rt.today()), rt.now()
    off = day_off(today, calendar=rt.calendar)
    if off is not None:
        return JobReport(JOB, key, now, "day_off", day_off=off)
    with rt.begin() as conn:
        asked = ledger.find(conn, job="collect", key=key)
    if asked is None or not asked.result.get("requested"):
        return JobReport(JOB, key, now, "nothing", result={"round": None})
    reply_by = date.fromisoformat(asked.result["reply_by"])
    if today < reply_by:  # the answers are not due yet
        return JobReport(JOB, key, now, "nothing", result={"reply_by": reply_by.isoformat()})

    def build(conn: Connection, only: set[str] | None) -> Plan:
        response = round_response(conn, asked, until=now)
        plan = Plan(result={"round": key, "response": response_summary(response)})
        silent = [d for d in response.to_chase if only is None or d in only]
        requested = asked.result["requested"]
        items = items_by_id(conn, (i for d in silent for i in requested[d]))
        for dept in silent:
            mine = [i for i in items if i.id in set(requested[dept]) and Status(i.status).is_open]
            address = address_of(rt, plan, dept=dept, job=JOB) if mine else None
            if address is None:
                continue
            periods = sorted({Period.from_key(i.period) for i in mine}, key=lambda p: p.sort_key)
            context = mail_context(
                rt, dept=dept, periods=periods, items=mine, week=Week.of(today),
                requested_on=rt.clock.local(asked.started_at).date(), reply_by=reply_by,
                link=dept_link(rt, dept, until=max(p.end for p in periods)),
            )
            mail = OutgoingMail.of(render("chaser", rt.locale, context),
                                   key=mail_key("chaser", dept, key), kind="chaser", to=[address])
            plan.add(mail, dept=dept, items=len(mine))
        return plan

    return run_once(rt, job=JOB, key=key, build=build, dry_run=dry_run)


def round_response(conn: Connection, asked: Run, *, until: datetime) -> RoundResponse:
    """How the departments answered the round ``asked``, counting updates up to ``until``."""
    return assess(asked, updated_between(conn, since=asked.started_at, until=until))


def assess(asked: Run, updated: set[int]) -> RoundResponse:
    """How the departments answered the round ``asked``, ``updated`` the ids of the items
    people updated since it started."""
    requested = {d: frozenset(ids) for d, ids in asked.result.get("requested", {}).items()}
    return assess_round(StatusRound(asked.started_at, requested), updated=updated)


def response_summary(response: RoundResponse) -> dict[str, object]:
    """A round's response in plain values, as the ledger keeps it."""
    return {
        "asked": response.asked,
        "answered": response.answered,
        "percent": response.percent,
        "silent": list(response.to_chase),
    }
