"""``workplan serve`` inside: the Prefect API it runs the flows against, the scheduler
(unless Prefect deployments schedule the jobs), what it prints when a job fires, and a
clean stop on SIGTERM."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from config.schedule import Schedule
from services.runtime import Runtime
from workplan.cli.base import console, err_console, fail
from workplan.cli.job_report import job_name
from workplan.texts import t


class Stop(Exception):
    """SIGTERM arrived: leave the web server and stop the rest cleanly."""


@contextmanager
def prefect_api(rt: Runtime) -> Iterator[str]:
    """The Prefect API the flows run against: ``PREFECT_API_URL`` when set, else a
    ``prefect server start`` beside this process, stopped with it."""
    from workflows.prefect_env import api_url, configure
    from workflows.prefect_server import ServerDidNotStart, healthy, start_server

    # Prefect keeps its home under workplan's, which a database elsewhere and a secret in
    # the environment leave uncreated: Prefect would warn it cannot make its own there.
    rt.settings.home.mkdir(parents=True, exist_ok=True)
    configure(rt.settings)
    url = api_url()
    if url is not None:
        if not healthy(url):
            fail(t("serve_prefect_unreachable", rt.locale, url=url, error="health"))
        yield url
        return
    console.print(t("serve_prefect_starting", rt.locale,
                    url=f"http://127.0.0.1:{rt.settings.prefect_port}"), highlight=False)
    try:
        server = start_server(rt.settings)
    except ServerDidNotStart as exc:
        fail(t("serve_prefect_failed", rt.locale, seconds=int(exc.seconds), log=exc.log))
    os.environ["PREFECT_API_URL"] = server.url
    console.print(t("serve_prefect_ready", rt.locale, url=server.url, ui=server.ui),
                  highlight=False)
    try:
        yield server.url
    finally:
        server.stop()


def start_scheduler(rt: Runtime, schedule: Schedule, url: str) -> Any | None:
    """The started scheduler, or ``None`` when Prefect deployments schedule the jobs."""
    from workflows.deployments import deployed
    from workflows.scheduler import build_scheduler, sync_jobs

    names = deployed()
    if names:
        console.print(t("serve_deployed", rt.locale, url=url, names=", ".join(names)),
                      highlight=False)
        return None
    scheduler = build_scheduler(rt.engine, schedule)
    scheduler.add_listener(_listener(rt), _events())
    scheduler.start(paused=True)
    sync_jobs(scheduler, schedule)
    scheduler.resume()
    console.print(t("serve_scheduled", rt.locale, n=len(schedule.jobs), zone=schedule.timezone),
                  highlight=False)
    for job in sorted(scheduler.get_jobs(), key=lambda j: j.next_run_time or datetime.max):
        when = _when(rt, job.next_run_time) if job.next_run_time else "—"
        console.print(t("serve_next", rt.locale, job=job_name(job.id, rt.locale), when=when),
                      highlight=False)
    return scheduler


@contextmanager
def stop_on_sigterm() -> Iterator[None]:
    """Turn SIGTERM into :class:`Stop` (uvicorn re-raises it once it has shut down)."""

    def stop(signum: int, frame: Any) -> None:
        raise Stop

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    except (Stop, KeyboardInterrupt):
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)


def _events() -> int:
    from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, EVENT_JOB_MISSED

    return int(EVENT_JOB_EXECUTED | EVENT_JOB_ERROR | EVENT_JOB_MISSED)


def _listener(rt: Runtime) -> Any:
    """What serve prints when a job ran, failed or was skipped for starting too late."""
    from apscheduler.events import EVENT_JOB_MISSED

    from workflows.jobs import FLOWS, MissingJob

    def heard(event: Any) -> None:
        job = job_name(event.job_id, rt.locale)
        when = _when(rt, event.scheduled_run_time)
        if event.code == EVENT_JOB_MISSED:
            console.print(t("serve_missed", rt.locale, job=job, when=when), highlight=False)
        elif isinstance(event.exception, MissingJob):
            err_console.print(t("serve_missing", rt.locale, job=job, when=when,
                                ref=FLOWS[event.job_id]), highlight=False)
        elif event.exception is not None:
            err_console.print(t("serve_failed", rt.locale, job=job, when=when,
                                error=event.exception), highlight=False)
        else:
            outcome = ", ".join(f"{k}={v}" for k, v in (event.retval or {}).items()
                                if k in ("outcome", "queued", "sent", "retrying", "failed"))
            console.print(t("serve_fired", rt.locale, job=job, when=when, outcome=outcome),
                          highlight=False)

    return heard


def _when(rt: Runtime, moment: datetime) -> str:
    return rt.clock.local(moment).strftime("%H:%M %d/%m/%Y")
