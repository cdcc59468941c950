"""The rollup flow in a real Prefect run, mailing the reports to a real SMTP server."""

from __future__ import annotations

from datetime import datetime

from services.importing import import_programme
from workflows.rollup import rollup_flow


def test_the_flow_rolls_up_each_period_due_once_oldest_first_and_mails_each_report(
    rt, prefect, flow_env, sample_text, smtp_server
):
    import_programme(rt.at(datetime(2020, 7, 2, 9)), sample_text, source_name="ctr.md")
    zone = rt.clock.zone
    quiet = rollup_flow(as_of=datetime(2020, 7, 20, 7, tzinfo=zone))  # nothing has ended
    first = rollup_flow(as_of=datetime(2020, 10, 5, 7, tzinfo=zone))  # off since 02/07
    again = rollup_flow(as_of=datetime(2020, 10, 6, 7, tzinfo=zone))

    assert quiet == {"periods": [], "sent": 0, "retrying": 0, "failed": 0}
    assert [(p["period"], p["state"]) for p in first["periods"]] == [
        ("2020-07", "done"), ("2020-08", "done"), ("2020-09", "done"), ("2020-Q3", "done"),
    ]  # fmt: skip
    assert first["sent"] == 4 and again == quiet
    subjects = [m["Subject"] for m in smtp_server.messages()]
    assert sorted(subjects) == sorted(
        f"[Báo cáo] Kết quả thực hiện chương trình công tác {name}"
        for name in ("tháng 7/2020", "tháng 8/2020", "tháng 9/2020", "Quý III/2020")
    )
