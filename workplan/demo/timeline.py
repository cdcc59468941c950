"""The moments of a replay: each scheduled job's fire times from the schedule file (the
cron triggers ``workplan serve`` uses, in the organisation's zone), and the moments the
simulated departments answer."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from config.schedule import Schedule
from domain.calendar import WorkCalendar

ANSWER_AT = time(10, 0)  # departments report in the morning of a working day


@dataclass(frozen=True, order=True)
class Moment:
    at: datetime
    what: str  # a job's name, or "answers"


def moments(
    schedule: Schedule, calendar: WorkCalendar, start: date, end: date
) -> list[Moment]:
    """Every job's fire time and every working day's answer time from ``start`` to
    ``end`` (both included), in time order."""
    from apscheduler.triggers.cron import CronTrigger

    zone = schedule.zone
    first = datetime.combine(start, time(0), zone)
    last = datetime.combine(end + timedelta(days=1), time(0), zone)
    found = [
        Moment(at, job.name)
        for job in schedule.jobs
        for at in _fire_times(CronTrigger.from_crontab(job.cron, timezone=zone), first, last)
    ]
    found += [
        Moment(datetime.combine(day, ANSWER_AT, zone), "answers")
        for day in _days(start, end)
        if calendar.is_working_day(day)
    ]
    return sorted(found)


def _fire_times(trigger: object, first: datetime, last: datetime) -> Iterator[datetime]:
    previous, now = None, first
    while (at := trigger.get_next_fire_time(previous, now)) is not None and at < last:  # type: ignore[attr-defined]
        yield at
        previous, now = at, at + timedelta(microseconds=1)


def _days(start: date, end: date) -> Iterator[date]:
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)
