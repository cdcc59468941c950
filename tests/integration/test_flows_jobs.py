"""The scheduled jobs on the sample programme, on a real database and a real SMTP server:
who gets which mail on which day, once."""

from __future__ import annotations

import threading
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from domain.organisation import Organisation
from domain.report import summarise
from services.chasing import chase
from services.delivery import deliver
from services.digest import digest
from services.importing import import_programme
from services.reminders import remind
from services.runtime import Runtime
from services.status_requests import collect
from services.updates import record_update
from store import ledger
from store.items import list_items
from store.models import Outbox

IMPORTED = datetime(2020, 7, 2, 9, 0)  # naive: read in Việt Nam's zone
JULY_DONE = {1: "QLKH", 13: "TTRA", 14: "VP"}  # finished on 24 July 2020


@pytest.fixture
def mail_rt(rt, mail_settings, org, sample_text):
    """The sample imported on 2 July 2020; its runtime sends to the test SMTP server."""
    import_programme(rt.at(IMPORTED), sample_text, source_name="bac-giang-khcn-2020-07-q3.md")
    runtime = Runtime(mail_settings, org=org)
    yield runtime
    runtime.close()


def update(rt: Runtime, item_id: int, moment: datetime, status: str = "done", **more) -> None:
    record_update(rt.at(moment), item_id=item_id, actor=None, status=status, by="Nguyễn Văn A",
                  channel="web", **more)


def received(smtp_server) -> dict[str, list]:
    """The messages received, by the address they were sent to."""
    found: dict[str, list] = {}
    for message in smtp_server.messages():
        found.setdefault(message["To"], []).append(message)
    return found


def text_of(message) -> str:
    return " ".join(message.get_body(("plain",)).get_content().split())


def test_the_reminders_of_31_july_list_the_july_items_not_done(mail_rt, org, smtp_server):
    for item_id in JULY_DONE:
        update(mail_rt, item_id, datetime(2020, 7, 24, 10, 0))
    report = remind(mail_rt, as_of=datetime(2020, 7, 31, 8, 0))
    deliver(mail_rt.at(datetime(2020, 7, 31, 8, 0)))

    with mail_rt.session() as session:
        july = list_items(session, period="2020-07")
    mails = received(smtp_server)
    assert report.outcome == "done" and len(mails) == len(report.mails)
    for dept in org.departments:
        due = [i for i in july if i.lead == dept.code and i.status != "done"]
        if not due:
            assert dept.email not in mails, dept.code
            continue
        [message] = mails[dept.email]
        assert "ngày 31/07/2020" in message["Subject"]
        body = text_of(message)
        assert "Đến hạn hôm nay" in body
        for item in due:
            assert " ".join(item.text.split())[:60] in body
    for item_id, lead in JULY_DONE.items():
        done = next(i for i in july if i.id == item_id)
        assert all(done.text[:60] not in text_of(m) for m in mails.get(org.department(lead).email, []))


@pytest.mark.parametrize(
    ("day", "kind", "name"),
    [(date(2020, 8, 2), "weekend", None), (date(2020, 9, 2), "holiday", "Quốc khánh")],
)
def test_nothing_is_sent_on_a_sunday_or_a_holiday_and_the_report_says_why(
    mail_rt, smtp_server, day, kind, name
):
    report = remind(mail_rt, as_of=datetime.combine(day, datetime.min.time()).replace(hour=8))
    deliver(mail_rt)
    assert report.outcome == "day_off" and report.day_off.kind == kind
    assert name is None or name in report.day_off.name
    assert smtp_server.messages() == []
    with mail_rt.begin() as conn:
        assert ledger.find(conn, job="remind", key=day.isoformat()) is None


def test_replaying_a_day_twice_sends_nothing_new(mail_rt, smtp_server):
    morning = datetime(2020, 7, 31, 8, 0)
    first = remind(mail_rt, as_of=morning)
    deliver(mail_rt.at(morning))
    again = remind(mail_rt, as_of=morning.replace(hour=15))  # a re-fired or late run
    deliver(mail_rt.at(morning.replace(hour=15)))
    assert first.queued == len(smtp_server.messages()) > 0
    assert again.outcome == "already_done" and again.queued == 0
    assert again.result["queued"] == first.queued
    keys = [m["X-Workplan-Key"] for m in smtp_server.messages()]
    assert len(keys) == len(set(keys)) == first.queued


def test_a_department_that_answered_is_not_chased_and_the_response_rate_is_kept(
    mail_rt, smtp_server, org
):
    asked = collect(mail_rt, as_of=datetime(2020, 8, 6, 8, 0))  # Thursday
    update(mail_rt, 36, datetime(2020, 8, 6, 14, 0), status="in_progress", progress=30)
    chased = chase(mail_rt, as_of=datetime(2020, 8, 7, 15, 0))  # Friday, the answers' day

    requested = asked.result["requested"]
    assert asked.result["reply_by"] == "2020-08-07" and 36 in requested["TTRA"]
    assert {m.dept for m in chased.mails} == set(requested) - {"TTRA"}
    assert chased.result["response"] == {
        "asked": len(requested), "answered": 1,
        "percent": round(100 / len(requested)), "silent": sorted(set(requested) - {"TTRA"}),
    }
    deliver(mail_rt.at(datetime(2020, 8, 7, 15, 0)))
    chasers = [m for m in smtp_server.messages() if m["X-Workplan-Key"].startswith("chaser:")]
    assert org.department("TTRA").email not in {m["To"] for m in chasers}
    assert all("Nhắc lại" in m["Subject"] and "tuần 32/2020" in m["Subject"] for m in chasers)
    assert "ngay trong hôm nay, ngày 07/08/2020" in text_of(chasers[0])


def test_no_chaser_goes_out_before_the_answers_are_due_or_without_a_round(mail_rt):
    assert chase(mail_rt, as_of=datetime(2020, 8, 7, 15, 0)).result == {"round": None}
    collect(mail_rt, as_of=datetime(2020, 8, 13, 8, 0))  # Thursday: due Friday the 14th
    early = chase(mail_rt, as_of=datetime(2020, 8, 13, 16, 0))
    assert early.outcome == "nothing" and early.result == {"reply_by": "2020-08-14"}


def test_the_digest_counts_equal_the_items_states(mail_rt, smtp_server, org):
    update(mail_rt, 13, datetime(2020, 7, 14, 10, 0))  # last week: finished on time
    update(mail_rt, 21, datetime(2020, 7, 15, 10, 0), status="in_progress", progress=40)
    update(mail_rt, 28, datetime(2020, 7, 16, 10, 0), status="blocked", progress=10)
    monday = datetime(2020, 7, 20, 8, 0)
    report = digest(mail_rt, as_of=monday)
    deliver(mail_rt.at(monday))

    with mail_rt.session() as session:
        quarter = ["2020-07", "2020-08", "2020-09", "2020-Q3"]  # the months belong to it
        items = [i.snapshot() for i in list_items(session, periods=quarter)]
    expected = summarise(items, today=monday.date(), departments=org.codes)
    [message] = smtp_server.messages()
    assert message["Subject"] == "Tổng hợp tiến độ tuần 30/2020 — Quý III/2020"
    assert sorted(message["To"].split(", ")) == sorted(x.email for x in org.leadership)
    body = text_of(message)
    total = expected.total
    assert f"tổng số {total.total} công việc, đã hoàn thành {total.done}" in body
    assert (report.result["items"], report.result["done"]) == (total.total, total.done)
    for counts in expected.departments:
        if counts.total:
            name = org.department(counts.dept).name
            line = f"{name}: {counts.done}/{counts.total}"
            assert line in body, line
            assert (
                f"chưa hoàn thành trong hạn {counts.classes['open_not_due']}, "
                f"quá hạn {counts.classes['open_overdue']}; "
                f"chưa bắt đầu {counts.statuses['not_started']}, "
                f"đang thực hiện {counts.statuses['in_progress']}" in body
            )
    assert "Hoàn thành trong tuần trước (13/07/2020 – 19/07/2020): 1 công việc" in body


def test_a_department_without_an_address_is_named_and_served_once_it_has_one(
    rt, mail_settings, org, sample_text, smtp_server
):
    import_programme(rt.at(IMPORTED), sample_text, source_name="sample.md")
    broken = Organisation.from_dict(_with_email(org, "TTRA", ""))
    morning = datetime(2020, 7, 31, 8, 0)
    first = remind(Runtime(mail_settings, org=broken), as_of=morning)
    [problem] = first.problems
    assert problem.code == "department_without_email" and problem.params["name"] == "Thanh tra Sở"
    assert first.result["unserved"] == ["TTRA"] and "TTRA" not in {m.dept for m in first.mails}

    fixed = Runtime(mail_settings, org=org)
    second = remind(fixed, as_of=morning.replace(hour=9))
    deliver(fixed.at(morning.replace(hour=9)))
    assert [m.dept for m in second.mails] == ["TTRA"] and second.result["unserved"] == []
    keys = [m["X-Workplan-Key"] for m in smtp_server.messages()]
    assert len(keys) == len(set(keys)) == first.queued + 1
    assert remind(fixed, as_of=morning).outcome == "already_done"


def test_a_run_that_died_midway_completes_on_the_next_try_without_duplicates(
    mail_rt, smtp_server, monkeypatch
):
    import services.reminders as reminders

    calls = []
    real = reminders.render

    def dying(kind, locale, context):  # the third department's mail cannot be rendered
        calls.append(context["dept"])
        if len(calls) == 3:
            raise RuntimeError("the process died")
        return real(kind, locale, context)

    monkeypatch.setattr(reminders, "render", dying)
    morning = datetime(2020, 7, 31, 8, 0)
    with pytest.raises(RuntimeError):
        remind(mail_rt, as_of=morning)
    with mail_rt.begin() as conn:
        assert conn.execute(select(func.count()).select_from(Outbox)).scalar() == 0
    monkeypatch.setattr(reminders, "render", real)
    done = remind(mail_rt, as_of=morning)
    deliver(mail_rt.at(morning))
    assert done.outcome == "done" and len(smtp_server.messages()) == done.queued > 3


def test_a_server_refusing_everything_leaves_the_mail_unsent_and_the_digest_lists_it(
    mail_rt, smtp_server
):
    smtp_server.handler.data_reply = "554 5.7.1 rejected by policy"
    remind(mail_rt, as_of=datetime(2020, 7, 31, 8, 0))
    report = deliver(mail_rt.at(datetime(2020, 7, 31, 8, 0)))
    assert report.sent == [] and len(report.failed) > 0
    with mail_rt.begin() as conn:
        states = set(conn.execute(select(Outbox.state)).scalars())
    assert states == {"failed"}

    smtp_server.handler.data_reply = None
    digest(mail_rt, as_of=datetime(2020, 8, 3, 8, 0))
    deliver(mail_rt.at(datetime(2020, 8, 3, 8, 0)))
    [message] = smtp_server.messages()
    assert f"Thư chưa gửi được: {len(report.failed)}" in text_of(message)
    assert "554 5.7.1 rejected by policy" in text_of(message)


def _with_email(org: Organisation, code: str, email: str) -> dict:
    return {
        "name": org.name,
        "departments": [
            {"code": d.code, "name": d.name, "email": email if d.code == code else d.email}
            for d in org.departments
        ],
        "leadership": [{"title": x.title, "name": x.name, "email": x.email} for x in org.leadership],
        "default_department": org.default_department,
    }


def test_two_runs_at_once_send_each_mail_once(mail_rt, smtp_server):
    morning = datetime(2020, 7, 31, 8, 0)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def run() -> None:
        start.wait()
        outcomes.append(remind(mail_rt, as_of=morning).outcome)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    deliver(mail_rt.at(morning))
    assert sorted(outcomes) in (["already_done", "done"], ["busy", "done"])
    keys = [m["X-Workplan-Key"] for m in smtp_server.messages()]
    assert len(keys) == len(set(keys)) == 7
