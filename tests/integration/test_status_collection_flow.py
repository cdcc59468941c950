"""The status-collection flow in a real Prefect run, delivering to a real SMTP server."""

from __future__ import annotations

from datetime import date

import pytest

from services.importing import import_programme
from workflows import status_collection


@pytest.fixture(scope="session")
def prefect():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def flow_env(monkeypatch, mail_settings, db_url):
    """The flow reads WORKPLAN_* from its environment, as a deployment would."""
    env = {
        "WORKPLAN_HOME": str(mail_settings.home),
        "WORKPLAN_DATABASE_URL": db_url,
        "WORKPLAN_SECRET_KEY": mail_settings.secret_key,
        "WORKPLAN_SMTP_HOST": mail_settings.smtp_host,
        "WORKPLAN_SMTP_PORT": str(mail_settings.smtp_port),
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)


def test_each_department_is_asked_once_however_often_the_flow_runs(rt, 
    prefect, flow_env, engine, org, sample_text, smtp_server
):
    import_programme(rt, sample_text, source_name="sample.md")
    monday, friday = date(2020, 8, 10), date(2020, 8, 14)

    first = status_collection.collect_status(as_of=monday)
    again = status_collection.collect_status(as_of=friday)  # same week: a re-run, or late

    # Quý III: all eight departments lead items; tháng 8: only the meeting, led by VP.
    assert first == {"queued": 9, "sent": 9, "retrying": 0, "failed": 0}
    assert again == {"queued": 0, "sent": 0, "retrying": 0, "failed": 0}
    received = [(m["To"], m["Subject"]) for m in smtp_server.messages()]
    assert len(received) == len(set(received)) == 9
    assert sum(to == "vanphong@sokhcn.example.vn" for to, _ in received) == 2


def test_a_run_while_the_mail_server_is_down_keeps_the_requests_for_later(rt, 
    prefect, flow_env, engine, org, sample_text, smtp_server
):
    import_programme(rt, sample_text, source_name="sample.md")
    smtp_server.stop()
    down = status_collection.collect_status(as_of=date(2020, 8, 10), periods=["2020-Q3"])
    assert down["sent"] == 0 and down["retrying"] == down["queued"] > 0
