"""What the scheduled jobs share: their report and the ledger round trip (claim, queue the
mail, finish, all in one transaction), the schedule, and the week a run belongs to."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from config.schedule import Schedule, load_schedule
from domain.problems import Notice
from domain.reminders import DayOff
from notifications.delivery import DeliveryReport
from notifications.outgoing import OutgoingMail, enqueue
from services.runtime import Runtime
from store import ledger

Outcome = Literal["done", "already_done", "day_off", "nothing", "dry_run", "busy"]


@dataclass(frozen=True)
class PlannedMail:
    """One mail a job queues (or, in a dry run, would queue)."""

    kind: str
    to: tuple[str, ...]
    cc: tuple[str, ...]
    subject: str
    dept: str | None  # None: leadership
    items: int


@dataclass
class Plan:
    """What a job decided: its mail, what the ledger keeps, what it could not serve."""

    mails: list[tuple[OutgoingMail, PlannedMail]] = field(default_factory=list)
    result: dict[str, Any] = field(default_factory=dict)
    problems: list[Notice] = field(default_factory=list)
    unserved: list[str] = field(default_factory=list)  # department codes, or "leadership"

    def add(self, mail: OutgoingMail, *, dept: str | None, items: int) -> None:
        planned = PlannedMail(mail.kind, mail.to, mail.cc, mail.subject, dept, items)
        self.mails.append((mail, planned))


@dataclass
class JobReport:
    """What one run of a job did, in plain values (a flow returns :meth:`summary`)."""

    job: str
    key: str
    as_of: datetime
    outcome: Outcome
    mails: list[PlannedMail] = field(default_factory=list)
    problems: list[Notice] = field(default_factory=list)
    result: dict[str, Any] = field(default_factory=dict)
    queued: int = 0
    day_off: DayOff | None = None
    ran_at: datetime | None = None  # when an earlier run did the work
    delivery: DeliveryReport | None = None

    def summary(self) -> dict[str, Any]:
        """The report as JSON-ready values."""
        sent = self.delivery.counts() if self.delivery else {}
        return {
            "job": self.job,
            "key": self.key,
            "as_of": self.as_of.isoformat(),
            "outcome": self.outcome,
            "queued": self.queued,
            "mails": len(self.mails),
            "problems": [n.code for n in self.problems],
            **{k: v for k, v in self.result.items() if k in ("response", "unserved")},
            **sent,
        }


Build = Callable[[Connection, set[str] | None], Plan]


def run_once(rt: Runtime, *, job: str, key: str, build: Build, dry_run: bool) -> JobReport:
    """Run ``build`` and queue its mail once per (job, key): the ledger row, the outbox rows
    and the result commit together. A finished run is not repeated, except for what it
    could not serve (a department without an address), which a later run completes."""
    now = rt.now()
    try:
        with rt.begin() as conn:
            done = ledger.find(conn, job=job, key=key)
            only = set(done.result.get("unserved", ())) if done else None
            if done is not None and not only:
                return JobReport(job, key, now, "already_done", result=done.result,
                                 ran_at=done.started_at)
            if done is None and not dry_run:
                ledger.claim(conn, job=job, key=key, now=now)
            plan = build(conn, only)
            report = JobReport(job, key, now, "dry_run" if dry_run else "done",
                               [p for _, p in plan.mails], plan.problems)
            if dry_run:  # nothing was written: the transaction ends empty
                report.result = plan.result
                return report
            report.queued = sum(enqueue(conn, mail, now=now) for mail, _ in plan.mails)
            merged = _merge(done.result if done else {}, plan.result)
            merged["unserved"] = plan.unserved
            merged["queued"] = int(merged.get("queued", 0)) + report.queued
            ledger.finish(conn, job=job, key=key, now=now, result=merged)
            report.result = merged
            return report
    except IntegrityError:  # another run of the same job and key committed first
        return JobReport(job, key, now, "busy")


def _merge(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """A completing run's result added to the first one's: tables merged, lists joined,
    the first run's single values kept (when it asked, what it was due by)."""
    merged = dict(old)
    for name, value in new.items():
        before = old.get(name)
        if isinstance(before, dict) and isinstance(value, dict):
            merged[name] = before | value
        elif isinstance(before, list) and isinstance(value, list):
            merged[name] = list(dict.fromkeys(before + value))
        elif before is None:
            merged[name] = value
    return merged


def schedule_of(rt: Runtime) -> Schedule:
    """The schedule file named by the settings, in the organisation's time zone."""
    return load_schedule(rt.settings.schedule, zone=rt.settings.timezone)


def week_key(day: date) -> str:
    """The ledger key of the ISO week ``day`` falls in: ``2020W31``."""
    year, week, _ = day.isocalendar()
    return f"{year}W{week:02d}"
