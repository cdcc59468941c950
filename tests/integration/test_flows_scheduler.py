"""The embedded scheduler: APScheduler 3 with its jobs in the application's database, as
``workplan serve`` runs it. Restarts keep what was planned; after downtime a stale reminder
is skipped while this week's digest still goes out."""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, EVENT_JOB_MISSED

from config.schedule import load_schedule, parse_schedule
from services.importing import import_programme
from workflows.scheduler import CATCH_UP, FIRE, build_scheduler, sync_jobs

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def schedule():
    return load_schedule(zone="Asia/Ho_Chi_Minh")


def started(engine, schedule):  # type: ignore[no-untyped-def]
    scheduler = build_scheduler(engine, schedule)
    scheduler.start(paused=True)
    return scheduler


def test_the_jobs_are_stored_as_textual_references_in_the_organisations_zone(engine, schedule):
    scheduler = started(engine, schedule)
    assert sorted(sync_jobs(scheduler, schedule)) == sorted(j.name for j in schedule.jobs)
    digest = scheduler.get_job("digest")
    assert digest.func_ref == FIRE and digest.args == ("digest",)
    assert (digest.coalesce, digest.max_instances, digest.misfire_grace_time) == (True, 1, 259200)
    assert digest.next_run_time.tzinfo.key == "Asia/Ho_Chi_Minh"
    assert (digest.next_run_time.weekday(), digest.next_run_time.hour) == (0, 8)
    scheduler.shutdown()


def test_the_rollups_catch_up_runs_as_the_scheduler_starts_then_every_hour(engine, schedule):
    scheduler = started(engine, schedule)
    sync_jobs(scheduler, schedule)
    catch_up = scheduler.get_job(CATCH_UP)
    assert catch_up.func_ref == FIRE and catch_up.args == ("rollup",)
    assert catch_up.next_run_time <= datetime.now(HCM) + timedelta(seconds=1)
    assert catch_up.trigger.interval == timedelta(hours=1)
    scheduler.shutdown()


def test_a_restart_keeps_each_unchanged_jobs_next_run_and_applies_a_changed_schedule(
    engine, schedule
):
    first = started(engine, schedule)
    sync_jobs(first, schedule)
    planned = {job.id: job.next_run_time for job in first.get_jobs()}
    first.shutdown()

    text = load_text().replace('cron = "0 8 * * mon"', 'cron = "30 7 * * tue"')
    changed = parse_schedule(text, zone="Asia/Ho_Chi_Minh")
    second = started(engine, changed)
    assert sync_jobs(second, changed) == ["digest"]
    now = {job.id: job.next_run_time for job in second.get_jobs()}
    assert {k: v for k, v in now.items() if k not in ("digest", CATCH_UP)} == {
        k: v for k, v in planned.items() if k not in ("digest", CATCH_UP)
    }
    assert (now["digest"].weekday(), now["digest"].hour, now["digest"].minute) == (1, 7, 30)
    second.shutdown()


def test_after_downtime_a_stale_reminder_is_skipped_and_this_weeks_digest_goes_out(
    rt, engine, prefect, flow_env, monkeypatch, sample_text, smtp_server
):
    import_programme(rt.at(datetime(2020, 7, 2, 9)), sample_text, source_name="sample.md")
    monkeypatch.setenv("WORKPLAN_NOW", "2020-07-21T10:00")  # the flows' clock: a Tuesday
    # A reminder is worth sending up to 1 second late here (an hour in the shipped file);
    # the digest keeps its 3 days.
    schedule = parse_schedule(load_text().replace("misfire_grace = 3600", "misfire_grace = 1"))
    before = started(engine, schedule)
    sync_jobs(before, schedule)
    due = datetime.now(HCM) + timedelta(seconds=2)
    before.modify_job("remind", next_run_time=due)
    before.modify_job("digest", next_run_time=due)
    before.shutdown()
    time.sleep(5)  # the server is down when both fall due

    heard: dict[str, str] = {}
    both = threading.Event()

    def listen(event) -> None:  # type: ignore[no-untyped-def]
        if event.job_id == CATCH_UP:
            return
        heard[event.job_id] = "missed" if event.code == EVENT_JOB_MISSED else "ran"
        if event.exception is not None:
            heard[event.job_id] = f"failed: {event.exception!r}"
        if {"remind", "digest"} <= heard.keys():
            both.set()

    after = started(engine, schedule)
    after.add_listener(listen, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR | EVENT_JOB_MISSED)
    assert sync_jobs(after, schedule) == []  # unchanged: the missed runs are still due
    after.resume()
    assert both.wait(timeout=300), heard
    after.shutdown(wait=True)

    assert heard == {"remind": "missed", "digest": "ran"}
    [message] = smtp_server.messages()
    assert message["Subject"] == "Tổng hợp tiến độ tuần 30/2020 — Quý III/2020"
    assert after_next(engine, schedule, "remind") > due  # the next reminder is planned


def after_next(engine, schedule, job: str) -> datetime:  # type: ignore[no-untyped-def]
    scheduler = started(engine, schedule)
    moment = scheduler.get_job(job).next_run_time
    scheduler.shutdown()
    return moment


def load_text() -> str:
    from config.schedule import DEFAULT_SCHEDULE

    return DEFAULT_SCHEDULE.read_text(encoding="utf-8")
