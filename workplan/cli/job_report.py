"""How ``workplan run`` and ``workplan serve`` say what a job did, in the user's words."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from domain.messages import render
from workplan.cli.base import console, err_console
from workplan.texts import t

if TYPE_CHECKING:
    from rich.table import Table

    from config.schedule import Schedule
    from notifications.delivery import DeliveryReport
    from services.jobs import JobReport
    from services.runtime import Runtime


def job_name(job: str, locale: str) -> str:
    return t(f"job_{job}", locale)


def outcome_line(rt: Runtime, report: JobReport) -> str:
    """One sentence: what the run did, or why it did nothing."""
    loc, job = rt.locale, job_name(report.job, rt.locale)
    params: dict[str, Any] = {"job": job, "key": _key(report, loc)}
    if report.outcome == "day_off" and report.day_off is not None:
        off = report.day_off
        day = rt.today().strftime("%d/%m/%Y")
        return t(f"run_{off.kind}", loc, day=day, name=off.name or "", job=job)
    if report.outcome == "already_done":
        when = rt.clock.local(report.ran_at).strftime("%H:%M %d/%m/%Y") if report.ran_at else "?"
        return t("run_already_done", loc, when=when, queued=report.result.get("queued", 0),
                 **params)
    if report.outcome == "nothing":
        due = report.result.get("reply_by")
        if due:
            return t("run_not_due", loc, day=date.fromisoformat(due).strftime("%d/%m/%Y"))
        return t("run_no_round", loc)
    if report.outcome == "busy":
        return t("run_busy", loc, **params)
    if report.outcome == "dry_run":
        return t("run_dry", loc, n=len(report.mails), **params)
    if not report.mails:
        return t("run_nothing_to_send", loc, **params)
    return t("run_queued", loc, queued=report.queued, **params)


def print_report(rt: Runtime, report: JobReport) -> None:
    """The outcome, the mails (to whom, what), the round's response, the problems."""
    console.print(outcome_line(rt, report), highlight=False)
    if report.mails and report.outcome in ("done", "dry_run"):
        console.print(_mail_table(rt, report))
    response = report.result.get("response")
    if response:
        console.print(t("run_response", rt.locale, **response), highlight=False)
    if report.job == "digest" and "items" in report.result:
        console.print(t("run_digest", rt.locale, **report.result), highlight=False)
    for problem in report.problems:
        err_console.print(f"[yellow]• {render(problem.code, rt.locale, **problem.params)}[/]",
                          highlight=False)


def print_delivery(rt: Runtime, report: DeliveryReport) -> None:
    """What delivery did: sent, waiting for a retry, failed (with why)."""
    if not (report.sent or report.retrying or report.failed):
        return
    server = f"{rt.settings.smtp_host}:{rt.settings.smtp_port}"
    console.print(t("delivery_summary", rt.locale, server=server, sent=len(report.sent),
                    retrying=len(report.retrying), failed=len(report.failed)), highlight=False)
    for key, error in report.retrying:
        console.print(t("delivery_retrying", rt.locale, key=key, error=error), highlight=False)
    for key, error in report.failed:
        console.print(t("delivery_failed", rt.locale, key=key, error=error), highlight=False)


def parse_moment(value: str | None) -> datetime | date | None:
    """``--as-of``: a date or a date and time (read in the organisation's zone)."""
    if value is None:
        return None
    text = value.strip()
    return date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)


def _key(report: JobReport, locale: str) -> str:
    """The moment a run is for, as people write it: 31/07/2020, tuần 31/2020."""
    key = report.key
    if "W" in key:
        year, week = key.split("W")
        return t("run_week", locale, label=f"{int(week)}/{year}")
    return date.fromisoformat(key).strftime("%d/%m/%Y") if len(key) == 10 else key


def _mail_table(rt: Runtime, report: JobReport) -> Table:
    from rich.table import Table

    loc = rt.locale
    table = Table(expand=True)
    for col, ratio in (("kind", 1), ("to", 2), ("subject", 4), ("items", None)):
        table.add_column(t(f"run_col_{col}", loc), ratio=ratio, overflow="fold",
                         justify="right" if col == "items" else "left")
    for mail in report.mails:
        recipients = ", ".join(mail.to + tuple(f"cc {a}" for a in mail.cc))
        table.add_row(t(f"kind_{mail.kind}", loc), recipients, mail.subject, str(mail.items))
    return table


def schedule_table(rt: Runtime, plan: Schedule) -> Table:
    """Each job: its crontab, its next three runs in local time, how late it may start."""
    from apscheduler.triggers.cron import CronTrigger
    from rich.table import Table

    loc = rt.locale
    table = Table(title=t("schedule_title", loc, zone=plan.timezone, file=rt.settings.schedule),
                  expand=True)
    for col in ("job", "cron", "next", "grace"):
        table.add_column(t(f"schedule_col_{col}", loc), no_wrap=col == "next")
    for job in plan.jobs:
        trigger, moment, runs = CronTrigger.from_crontab(job.cron, timezone=plan.zone), rt.now(), []
        for _ in range(3):
            moment = trigger.get_next_fire_time(None, moment + timedelta(seconds=1))
            day = t("weekdays", loc).split(",")[moment.weekday()]
            runs.append(f"{day} {moment.strftime('%d/%m/%Y %H:%M')}")
        name = job_name(job.name, loc)
        table.add_row(name[:1].upper() + name[1:], job.cron, "\n".join(runs),
                      _grace(job.misfire_grace, loc))
    return table


def _grace(seconds: int, locale: str) -> str:
    for unit, size in (("days", 86400), ("hours", 3600)):
        if seconds % size == 0:
            return t(f"schedule_{unit}", locale, n=seconds // size)
    return t("schedule_minutes", locale, n=seconds // 60)
