"""The end-of-period rollup: classify a period's items in the four report classes, carry
its unfinished work into the next period exactly once, close it, write the report files
and the next period's draft, and queue the report for leadership.

One transaction holds the ledger row (job ``rollup``, the period's key), the
continuations, the closed mark and the outbox row: a second run finds the row and does
nothing; a run killed midway leaves nothing and the next run does it all; two runs at
once meet on the ledger's unique key, and the second waits for the first, then finds its
work done. :func:`catch_up` closes every period whose rollup time has passed, oldest
first (a month before its quarter), so a machine that was off still carries the work.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from typing import Literal

from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError, OperationalError

from domain.periods import Period
from domain.problems import InputError
from domain.rollup import (
    Continuation,
    NotCarried,
    PeriodReport,
    periods_to_close,
    rollup_due,
)
from services.report_files import ReportFiles, write_report_files
from services.rollup_plan import Planned, plan_rollup, queue_report
from services.runtime import Runtime
from store import ledger
from store.carry import carry_over, close_period, repoint_parts
from store.reports import StoredPeriod, programme_head, stored_periods

JOB = "rollup"
State = Literal["done", "already", "dry_run"]


@dataclass(frozen=True)
class Outcome:
    """What one rollup did (``done``), found done before (``already``) or would do."""

    period: Period
    state: State
    at: datetime  # when it ran; for ``already``, when the earlier run did
    report: PeriodReport | None = None
    carried: tuple[Continuation, ...] = ()
    not_held: tuple[NotCarried, ...] = ()
    files: ReportFiles | None = None
    mail: str | None = None  # the outbox key of the report mail
    result: dict[str, object] | None = None  # what the ledger keeps of the run


def roll_up(
    rt: Runtime, period: Period, *, force: bool = False, dry_run: bool = False,
    asked: str | None = None,
) -> Outcome:  # fmt: skip
    """Close ``period`` on the runtime's clock (see the module).

    Raises ``InputError``: ``period_not_stored`` (no item in it), ``period_not_ended``
    (its rollup time has not come, unless ``force``), ``rollup_running`` (another run
    holds it longer than the database waits). ``asked`` is the period as the user wrote it.
    """
    with rt.begin() as conn:
        stored = next((p for p in stored_periods(conn) if p.period == period), None)
    _check(rt, period, stored, force=force, asked=asked or period.key)
    if dry_run:
        with rt.begin() as conn:
            plan = plan_rollup(rt, conn, period)
        rollup = plan.rollup
        return Outcome(period, "dry_run", rt.now(), plan.report, rollup.carry.continuations,
                       rollup.carry.not_held)  # fmt: skip
    try:
        return _run(rt, period)
    except IntegrityError:  # another run of this period committed first
        pass
    except OperationalError as exc:
        if "locked" not in str(exc.orig):  # not SQLite giving up waiting for the other run
            raise
        raise _running(period) from exc
    with rt.begin() as conn:
        run = ledger.find(conn, job=JOB, key=period.key)
    if run is None or run.finished_at is None:
        raise _running(period)
    return Outcome(period, "already", run.started_at, result=run.result)


def _run(rt: Runtime, period: Period) -> Outcome:
    now = rt.now()
    with rt.begin() as conn:
        earlier = ledger.claim(conn, job=JOB, key=period.key, now=now)
        if earlier is not None:
            return Outcome(period, "already", earlier.started_at, result=earlier.result)
        plan = plan_rollup(rt, conn, period)
        made, repointed = write_rollup(rt, conn, plan, now=now)
        files, key = _files_and_mail(rt, conn, plan, now)
        result = _result(plan, made, repointed, files, key)
        ledger.finish(conn, job=JOB, key=period.key, now=now, result=result)
    carry = plan.rollup.carry
    return Outcome(period, "done", now, plan.report, carry.continuations, carry.not_held,
                   files, key, result)  # fmt: skip


def write_rollup(rt: Runtime, conn: Connection, plan: Planned, *, now: datetime) -> tuple[int, int]:
    """The rollup's writes in the caller's transaction: the continuations, the month
    pieces re-pointed, the period closed; (continuations made, pieces re-pointed)."""
    carry = plan.rollup.carry
    period = carry.period
    by = f"Chuyển tiếp từ {period.name('vi')}"
    last_day = rt.calendar.last_working_day(carry.next)
    made = carry_over(conn, carry, last_day=last_day, by=by, now=now)
    repointed = repoint_parts(conn, period)
    close_period(conn, period, now=now)
    return made, repointed


def _files_and_mail(
    rt: Runtime, conn: Connection, plan: Planned, now: datetime
) -> tuple[ReportFiles, str]:
    """Write the files, then queue the mail carrying them, in the run's transaction."""
    head = programme_head(conn)
    html = plan.mail.html
    files = write_report_files(rt, plan.report, plan.draft, head, html=html)
    key = queue_report(rt, conn, plan, files, now=now)
    return files, key


def _result(
    plan: Planned, made: int, repointed: int, files: ReportFiles, key: str
) -> dict[str, object]:
    total = plan.report.total
    return {
        "items": total.total,
        "classes": {k.value: n for k, n in total.classes.items()},
        "cancelled": total.statuses["cancelled"],  # type: ignore[index]
        "carried": made,
        "not_held": [n.item for n in plan.rollup.carry.not_held],
        "repointed": repointed,
        "next": plan.rollup.carry.next.key,
        "files": [str(p) for p in files.all()],
        "mail": key,
    }


def _check(
    rt: Runtime, period: Period, stored: StoredPeriod | None, *, force: bool, asked: str
) -> None:
    names = {"period": period.name("vi"), "period_en": period.name("en"), "text": asked}
    if stored is None or stored.items == 0:
        raise InputError("period_not_stored", **names)
    due = rollup_due(period, rt.calendar, rollup_time(rt))
    if stored.closed_at is None and rt.now() < due and not force:
        when = f"{due:%H:%M} ngày {due:%d/%m/%Y}"
        raise InputError("period_not_ended", end=f"{period.end:%d/%m/%Y}", due=when, **names)


def _running(period: Period) -> InputError:
    return InputError("rollup_running", period=period.name("vi"), period_en=period.name("en"))


def rollup_time(rt: Runtime) -> time:
    """When the rollup runs on a closing day: the schedule's ``rollup`` hour and minute
    (07:00 by default), in the organisation's time zone."""
    from config.schedule import load_schedule

    at = time(7, 0)
    try:
        cron = load_schedule(rt.settings.schedule, zone=rt.settings.timezone).job(JOB).cron
        minute, hour = cron.split()[:2]
        at = time(int(hour), int(minute))
    except (InputError, ValueError, AttributeError):
        pass
    return at.replace(tzinfo=rt.clock.zone)


def due_periods(rt: Runtime) -> list[Period]:
    """The open periods holding items whose rollup time has passed, oldest first."""
    with rt.begin() as conn:
        stored = stored_periods(conn)
    closed = {p.period.key for p in stored if p.closed_at is not None}
    now, at = rt.now(), rollup_time(rt)
    candidates = periods_to_close(
        [p.period for p in stored if p.items], now.date(), rt.calendar, closed
    )
    return [p for p in candidates if rollup_due(p, rt.calendar, at) <= now]


def catch_up(rt: Runtime) -> list[Outcome]:
    """Roll up every period that is due, oldest first, each once; a period a rollup
    creates (the next month) is rolled up too when its own time has passed."""
    done: list[Outcome] = []
    seen: set[str] = set()
    while due := [p for p in due_periods(rt) if p.key not in seen]:
        seen.add(due[0].key)
        done.append(roll_up(rt, due[0]))
    return done
