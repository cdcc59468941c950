"""A delivery run sends everything that is due, in batches of 100 over one connection
each; what a run's own limit leaves behind is counted and said, never silently kept."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import insert

from notifications.mailer import BATCH, deliver_pending
from store.models import Outbox
from store.outbox import count_due

NOW = datetime(2020, 8, 14, 1, 0, tzinfo=UTC)


def queue_many(engine, n: int) -> None:  # type: ignore[no-untyped-def]
    rows = [
        {"key": f"status-request:d{i:03}@sokhcn.example.vn:2020-w33", "kind": "status-request",
         "to": [f"d{i:03}@sokhcn.example.vn"], "cc": [], "subject": f"Đề nghị cập nhật tiến độ {i}",
         "html": "<p>Kính gửi</p>", "text": "Kính gửi\n", "attachments": [], "state": "pending",
         "attempts": 0, "created_at": NOW}
        for i in range(n)
    ]
    with engine.begin() as conn:
        conn.execute(insert(Outbox), rows)


def test_a_run_sends_all_250_queued_messages_not_only_the_first_100(
    engine, mail_settings, smtp_server
):
    queue_many(engine, 250)
    report = deliver_pending(engine, mail_settings, now=NOW)
    assert len(report.sent) == 250 and report.left == 0 and report.ok
    assert len(smtp_server.files()) == 250
    assert len(set(smtp_server.handler.peers)) == 3  # batches of 100, 100 and 50
    assert BATCH == 100 and count_due(engine, now=NOW) == 0


def test_what_a_runs_limit_leaves_is_counted_and_sent_by_the_next_run(
    engine, mail_settings, smtp_server
):
    queue_many(engine, 250)
    first = deliver_pending(engine, mail_settings, now=NOW, limit=100)
    assert len(first.sent) == 100 and first.left == 150
    assert first.counts() == {"sent": 100, "retrying": 0, "failed": 0, "left": 150}
    second = deliver_pending(engine, mail_settings, now=NOW)
    assert len(second.sent) == 150 and second.left == 0
    assert len(smtp_server.files()) == 250
    keys = [m["X-Workplan-Key"] for m in smtp_server.messages()]
    assert len(set(keys)) == 250


def test_the_command_says_how_many_messages_wait_for_the_next_run(
    engine, mail_settings, smtp_server, monkeypatch
):
    from typer.testing import CliRunner

    import notifications.mailer as mailer
    from workplan.cli import app

    queue_many(engine, 30)
    monkeypatch.setattr(mailer, "RUN_LIMIT", 20)
    monkeypatch.setattr(mailer.deliver_pending, "__kwdefaults__", {"limit": 20, "keys": None})
    env = {"WORKPLAN_HOME": str(mail_settings.home), "WORKPLAN_DATABASE_URL": mail_settings.db_url,
           "WORKPLAN_SMTP_PORT": str(mail_settings.smtp_port), "COLUMNS": "250"}
    result = CliRunner().invoke(app, ["outbox", "--retry"], env=env)
    assert "20 thư đã gửi" in result.output
    assert "Còn 10 thư đang chờ sẽ được gửi ở lần chạy tiếp theo" in result.output
