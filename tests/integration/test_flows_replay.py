"""A quarter replayed: every job fired at every time the shipped schedule names from July
to September 2020, on the sample programme, with Thanh tra Sở answering each request and
the July items finished on the 24th."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import select

from config.schedule import load_schedule
from services.chasing import chase
from services.delivery import deliver
from services.digest import digest
from services.importing import import_programme
from services.reminders import remind
from services.runtime import Runtime
from services.status_requests import collect
from services.updates import record_update
from store.models import Outbox

START, END = datetime(2020, 7, 1), datetime(2020, 10, 1)
USE_CASES = {"remind": remind, "collect": collect, "chase": chase, "digest": digest}


def fire_times(schedule) -> list[tuple[datetime, str]]:  # type: ignore[no-untyped-def]
    """Every (moment, job) of the quarter, in order, as the scheduler would fire them."""
    fired = []
    for job in schedule.jobs:
        if job.name not in USE_CASES:
            continue
        trigger = CronTrigger.from_crontab(job.cron, timezone=schedule.zone)
        moment = trigger.get_next_fire_time(None, START.replace(tzinfo=schedule.zone))
        while moment < END.replace(tzinfo=schedule.zone):
            fired.append((moment, job.name))
            moment = trigger.get_next_fire_time(moment, moment + timedelta(seconds=1))
    return sorted(fired)


def test_a_quarter_of_jobs_sends_each_mail_once_and_nothing_on_days_off(
    rt, mail_settings, org, sample_text, smtp_server
):
    import_programme(rt.at(datetime(2020, 7, 2, 9)), sample_text, source_name="sample.md")
    mail_rt = Runtime(mail_settings, org=org)
    schedule = load_schedule(zone="Asia/Ho_Chi_Minh")
    outcomes: dict[tuple[date, str], str] = {}
    chased: set[str] = set()
    for moment, job in fire_times(schedule):
        naive = moment.replace(tzinfo=None)
        if job == "collect":  # Thanh tra Sở answers the same afternoon (its Q3 task)
            _answer(mail_rt, 36, naive.replace(hour=14))
        if naive.date() == date(2020, 7, 24) and job == "remind":
            for item_id in range(1, 20):  # July's tasks are finished
                _answer(mail_rt, item_id, naive.replace(hour=10), status="done")
        report = USE_CASES[job](mail_rt, as_of=naive)
        outcomes[naive.date(), job] = report.outcome
        chased |= {m.dept for m in report.mails if job == "chase"}
    deliver(mail_rt.at(END))

    working = org.calendar.is_working_day
    for (day, job), outcome in outcomes.items():
        assert (outcome == "day_off") == (not working(day)), (day, job, outcome)
    assert outcomes[date(2020, 9, 2), "remind"] == "day_off"  # Quốc khánh
    assert "TTRA" not in chased and len(chased) > 3
    with mail_rt.begin() as conn:
        rows = {key: (state, kind, cc) for key, state, kind, cc in conn.execute(
            select(Outbox.key, Outbox.state, Outbox.kind, Outbox.cc))}
    assert len(rows) == len(smtp_server.messages())  # each key is unique in the outbox
    assert {state for state, _, _ in rows.values()} == {"sent"}
    digests = sorted(k for k in rows if k.startswith("digest:"))
    assert digests == [f"digest:2020w{week}" for week in range(28, 41)]  # 13 Mondays
    # July's tasks were finished on the 24th: on the 31st only its meeting (VP) is due,
    # overdue from 3 August and escalated to leadership on the 5th working day after.
    assert [k for k in rows if k.endswith(":2020-07-31") and k.startswith("remind:")] == [
        "remind:vp:2020-07-31"
    ]
    state, kind, cc = rows["remind:vp:2020-08-07"]
    assert kind == "escalation" and sorted(cc) == sorted(x.email for x in org.leadership)
    assert rows["remind:vp:2020-08-03"][1] == "overdue"
    mail_rt.close()


def _answer(rt: Runtime, item_id: int, moment: datetime, status: str = "in_progress") -> None:
    progress = None if status == "done" else 50
    record_update(rt.at(moment), item_id=item_id, actor=None, status=status,
                  progress=progress, by="Nguyễn Văn A", channel="web")
