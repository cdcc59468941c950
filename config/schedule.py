"""The schedule of the scheduled jobs (``config/schedule.toml``), read and checked.

Every problem raises :class:`InputError` naming the key, the value found and, when it can
be found, the ``line``, so a wrong schedule is refused when it is loaded, not on the
morning a job should have run.

The jobs run in the organisation's time zone (``WORKPLAN_TIMEZONE``), the zone of the
one clock: the file may name a ``timezone`` only to check it is that one.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from config.schedule_lines import line_of
from domain.problems import InputError
from domain.reminders import ReminderRules

DEFAULT_SCHEDULE = Path(__file__).with_name("schedule.toml")
DEFAULT_ZONE = "Asia/Ho_Chi_Minh"
JOBS = ("remind", "collect", "chase", "digest", "rollup")
_TOP = ("timezone", "jobs", "reminders", "collect")
_JOB_KEYS = ("cron", "misfire_grace")
_REMINDER_KEYS = ("days_before", "overdue_every", "escalate_after")
_COLLECT_KEYS = ("reply_working_days",)
_AT_LINE = re.compile(r"\(at line (\d+), column \d+\)")
_NUMERIC_WEEKDAY = re.compile(r"(?<![/\d])\d")  # a digit that is not a step (*/2)


@dataclass(frozen=True)
class Job:
    name: str
    cron: str  # crontab form, e.g. "0 8 * * mon-fri"
    misfire_grace: int  # seconds


@dataclass(frozen=True)
class Schedule:
    timezone: str
    jobs: tuple[Job, ...]  # in the order of JOBS
    reminders: ReminderRules
    reply_working_days: int

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def job(self, name: str) -> Job:
        for job in self.jobs:
            if job.name == name:
                return job
        raise InputError("schedule_unknown_job", job=name, known=", ".join(JOBS))


def load_schedule(path: Path = DEFAULT_SCHEDULE, *, zone: str | None = None) -> Schedule:
    """Read and check the schedule file; ``zone`` is the organisation's time zone."""
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError as exc:
        raise InputError("file_not_found", name=str(path)) from exc
    except UnicodeDecodeError as exc:
        raise InputError("undecodable_file", name=str(path)) from exc
    return parse_schedule(text, name=str(path), zone=zone)


def parse_schedule(
    text: str, *, name: str = "schedule.toml", zone: str | None = None
) -> Schedule:
    """Check the text of a schedule file; a problem names its line when it can."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(
            "schedule_toml_syntax", name=name, line=_error_line(exc, text), detail=str(exc)
        ) from exc
    try:
        return schedule_from_dict(data, zone=zone)
    except InputError as exc:
        line = line_of(text, exc)
        if line is not None:
            exc.params.setdefault("line", line)
        exc.params.setdefault("file", name)
        raise


def schedule_from_dict(data: Mapping[str, Any], *, zone: str | None = None) -> Schedule:
    """Check the file's data and build the schedule in ``zone`` (the organisation's)."""
    _known_keys(data, _TOP, prefix="")
    written = data.get("timezone")
    if written is not None:
        _check_zone(written)
        if zone is not None and written != zone:
            raise InputError("schedule_timezone_mismatch", zone=zone, value=written)
    zone = zone or written or DEFAULT_ZONE
    _check_zone(zone)
    jobs_table = _table(data, "jobs")
    for job_name in jobs_table:
        if job_name not in JOBS:
            raise InputError("schedule_unknown_job", job=job_name, known=", ".join(JOBS))
    jobs = tuple(_job(name, jobs_table, zone=zone) for name in JOBS)

    reminders = _table(data, "reminders", required=False)
    _known_keys(reminders, _REMINDER_KEYS, prefix="reminders.")
    defaults = ReminderRules()
    before = reminders.get("days_before", list(defaults.days_before))
    before = before if isinstance(before, list) else [before]
    rules = ReminderRules(
        days_before=tuple(
            sorted({_number(v, "reminders.days_before", minimum=0) for v in before}, reverse=True)
        ),
        overdue_every=_number(
            reminders.get("overdue_every", defaults.overdue_every), "reminders.overdue_every"
        ),
        escalate_after=_number(
            reminders.get("escalate_after", defaults.escalate_after), "reminders.escalate_after"
        ),
    )
    collect = _table(data, "collect", required=False)
    _known_keys(collect, _COLLECT_KEYS, prefix="collect.")
    reply = _number(collect.get("reply_working_days", 1), "collect.reply_working_days")
    return Schedule(timezone=zone, jobs=jobs, reminders=rules, reply_working_days=reply)


def _job(name: str, jobs: Mapping[str, Any], *, zone: str) -> Job:
    table = _table(jobs, name, prefix="jobs.")
    _known_keys(table, _JOB_KEYS, prefix=f"jobs.{name}.")
    for key in _JOB_KEYS:
        if key not in table:
            raise InputError("schedule_missing_key", key=f"jobs.{name}.{key}")
    cron = table["cron"]
    _check_cron(name, cron, zone=zone)
    grace = _number(table["misfire_grace"], f"jobs.{name}.misfire_grace")
    return Job(name=name, cron=cron, misfire_grace=grace)


def _check_cron(job: str, cron: object, *, zone: str) -> None:
    from apscheduler.triggers.cron import CronTrigger  # imported only when a schedule is read

    if not isinstance(cron, str):
        raise InputError("schedule_bad_cron", job=job, value=cron)
    try:
        CronTrigger.from_crontab(cron, timezone=ZoneInfo(zone))
    except ValueError as exc:
        raise InputError("schedule_bad_cron", job=job, value=cron) from exc
    # APScheduler counts weekdays from Monday = 0, crontab from Sunday = 0: names only.
    if _NUMERIC_WEEKDAY.search(cron.split()[4]):
        raise InputError("schedule_numeric_weekday", job=job, value=cron)


def _check_zone(zone: object) -> None:
    try:
        if not isinstance(zone, str):
            raise ValueError(zone)
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InputError("unknown_timezone", zone=zone) from exc


def _table(
    data: Mapping[str, Any], key: str, *, prefix: str = "", required: bool = True
) -> Mapping[str, Any]:
    if key not in data:
        if required:
            raise InputError("schedule_missing_key", key=prefix + key)
        return {}
    value = data[key]
    if not isinstance(value, dict):
        raise InputError("schedule_not_a_table", key=prefix + key, value=value)
    return value


def _known_keys(table: Mapping[str, Any], known: tuple[str, ...], *, prefix: str) -> None:
    for key in table:
        if key not in known:
            raise InputError("schedule_unknown_key", key=prefix + key, known=", ".join(known))


def _number(value: object, name: str, *, minimum: int = 1) -> int:
    if type(value) is not int or value < minimum:
        raise InputError("schedule_bad_number", name=name, minimum=minimum, value=value)
    return value


def _error_line(exc: tomllib.TOMLDecodeError, text: str) -> int:
    """The line of a TOML error (Python 3.14 has ``lineno``; 3.11 puts it in the text)."""
    line = getattr(exc, "lineno", None)
    if isinstance(line, int):
        return line
    found = _AT_LINE.search(str(exc))
    return int(found[1]) if found else max(1, len(text.splitlines()))
