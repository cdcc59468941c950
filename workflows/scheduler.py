"""APScheduler 3 inside ``workplan serve``: one ``BackgroundScheduler`` whose jobs live in
the application's database (``SQLAlchemyJobStore``, so each job is stored as the textual
reference ``workflows.jobs:fire`` and the job's name), cron triggers from the schedule file
in the organisation's time zone, ``coalesce`` and one instance at a time.

A job whose schedule did not change keeps its stored next run time across restarts: a run
missed while the server was down runs at start if it is within its misfire grace (this
week's digest), and is skipped if not (a reminder from days ago).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy.engine import Engine

from config.schedule import Schedule

if TYPE_CHECKING:
    from apscheduler.schedulers.background import BackgroundScheduler

FIRE = "workflows.jobs:fire"
CATCH_UP = "catchup"  # the rollup's catch-up: at start, then every hour
TABLE = "apscheduler_jobs"
WORKERS = 4  # jobs that may run at once (Monday 08:00 has two)


def build_scheduler(engine: Engine, schedule: Schedule) -> BackgroundScheduler:
    """A scheduler on ``engine``'s job store, in the schedule's zone, not started."""
    from apscheduler.executors.pool import ThreadPoolExecutor
    from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
    from apscheduler.schedulers.background import BackgroundScheduler

    return BackgroundScheduler(
        jobstores={"default": SQLAlchemyJobStore(engine=engine, tablename=TABLE)},
        executors={"default": ThreadPoolExecutor(WORKERS)},
        job_defaults={"coalesce": True, "max_instances": 1},
        timezone=schedule.zone,
    )


def sync_jobs(scheduler: BackgroundScheduler, schedule: Schedule) -> list[str]:
    """Make the stored jobs those of ``schedule`` (the scheduler started, maybe paused);
    the names of the jobs added or changed. An unchanged job keeps its next run time."""
    from apscheduler.triggers.cron import CronTrigger

    changed = []
    for job in schedule.jobs:
        trigger = CronTrigger.from_crontab(job.cron, timezone=schedule.zone)
        stored = scheduler.get_job(job.name)
        if stored is not None and _same(stored, trigger, job.misfire_grace):
            continue
        scheduler.add_job(
            FIRE, trigger, args=[job.name], id=job.name, name=job.name,
            misfire_grace_time=job.misfire_grace, coalesce=True, max_instances=1,
            replace_existing=True,
        )
        changed.append(job.name)
    _add_catch_up(scheduler, schedule)
    wanted = {job.name for job in schedule.jobs} | {CATCH_UP}
    for stored in scheduler.get_jobs():
        if stored.id not in wanted:
            stored.remove()
    return changed


def _add_catch_up(scheduler: BackgroundScheduler, schedule: Schedule) -> None:
    """Roll up, once each, the periods whose rollup time passed while nothing ran (the
    machine was off across a quarter's end): now, as the scheduler starts, and hourly."""
    from datetime import datetime

    from apscheduler.triggers.interval import IntervalTrigger

    scheduler.add_job(
        FIRE, IntervalTrigger(hours=1, timezone=schedule.zone), args=["rollup"], id=CATCH_UP,
        name=CATCH_UP, next_run_time=datetime.now(schedule.zone), misfire_grace_time=3600,
        coalesce=True, max_instances=1, replace_existing=True,
    )


def _same(stored: object, trigger: object, grace: int) -> bool:
    old = getattr(stored, "trigger", None)
    return (
        getattr(stored, "func_ref", None) == FIRE
        and str(old) == str(trigger)
        and str(getattr(old, "timezone", "")) == str(getattr(trigger, "timezone", ""))
        and getattr(stored, "misfire_grace_time", None) == grace
    )
