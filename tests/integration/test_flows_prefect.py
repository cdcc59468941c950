"""The flows in real Prefect runs (one harness for the session), delivering to a real SMTP
server, with their settings taken from the ``WORKPLAN_*`` environment."""

from __future__ import annotations

from datetime import date, datetime

from services.importing import import_programme
from workflows import jobs
from workflows.digest import digest_flow
from workflows.reminders import remind_flow
from workflows.status_collection import chase_flow, collect_flow


def test_each_department_is_asked_once_however_often_the_flow_runs(
    rt, prefect, flow_env, sample_text, smtp_server
):
    import_programme(rt, sample_text, source_name="sample.md")
    first = collect_flow(as_of=datetime(2020, 8, 13, 8, 0))  # Thursday
    again = collect_flow(as_of=datetime(2020, 8, 14, 9, 0))  # same week: a re-run, or late

    # Quý III: all eight departments lead items; tháng 8: only the meeting, led by VP.
    assert (first["outcome"], first["queued"], first["sent"]) == ("done", 9, 9)
    assert (again["outcome"], again["queued"], again["sent"]) == ("already_done", 0, 0)
    received = [(m["To"], m["Subject"]) for m in smtp_server.messages()]
    assert len(received) == len(set(received)) == 9
    assert sum(to == "vanphong@sokhcn.example.vn" for to, _ in received) == 2


def test_a_run_while_the_mail_server_is_down_keeps_the_mail_for_the_next_run(
    rt, prefect, flow_env, sample_text, smtp_server
):
    import_programme(rt, sample_text, source_name="sample.md")
    smtp_server.stop()
    down = remind_flow(as_of=datetime(2020, 7, 31, 8, 0))
    assert down["sent"] == 0 and down["retrying"] == down["queued"] > 0


def test_a_week_of_flows_sends_each_mail_once(rt, prefect, flow_env, sample_text, smtp_server):
    import_programme(rt, sample_text, source_name="sample.md")
    week = [
        (digest_flow, datetime(2020, 8, 3, 8, 0)),
        (remind_flow, datetime(2020, 8, 3, 8, 0)),
        (collect_flow, datetime(2020, 8, 6, 8, 0)),
        (chase_flow, datetime(2020, 8, 7, 15, 0)),
        (digest_flow, datetime(2020, 8, 4, 8, 0)),  # a digest fired again on Tuesday
    ]
    results = [flow(as_of=moment) for flow, moment in week]
    assert [r["outcome"] for r in results] == ["done", "done", "done", "done", "already_done"]
    keys = [m["X-Workplan-Key"] for m in smtp_server.messages()]
    assert len(keys) == len(set(keys)) == sum(r["queued"] for r in results)
    assert sum(k.startswith("chaser:") for k in keys) == results[3]["queued"] > 0


def test_a_job_whose_module_is_missing_fails_only_when_fired():
    assert jobs.FLOWS["rollup"] == "workflows.rollup:rollup_flow"
    jobs.FLOWS["absent"] = "workflows.absent:absent_flow"
    try:
        try:
            jobs.fire("absent")
        except jobs.MissingJob as missing:
            assert missing.ref == "workflows.absent:absent_flow"
        else:
            raise AssertionError("a missing module must be reported when fired")
    finally:
        del jobs.FLOWS["absent"]


def test_the_flows_take_their_moment_as_a_date_too(rt, prefect, flow_env, sample_text):
    import_programme(rt, sample_text, source_name="sample.md")
    assert remind_flow(as_of=date(2020, 9, 2))["outcome"] == "day_off"  # Quốc khánh
