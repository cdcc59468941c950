"""The mail commands of the CLI against a real SMTP server on loopback (aiosmtpd)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from mailing import NOW, QLKH, digest_mail, queue

from notifications.mailer import deliver_pending
from notifications.render import RenderedMail


@pytest.fixture
def digest(org) -> RenderedMail:  # type: ignore[no-untyped-def]
    return digest_mail(org)


@pytest.fixture
def cli(monkeypatch, mail_settings):  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from workplan.cli import app

    env = {
        "WORKPLAN_HOME": str(mail_settings.home),
        "WORKPLAN_DATABASE_URL": mail_settings.db_url,
        "WORKPLAN_SMTP_PORT": str(mail_settings.smtp_port),
        "WORKPLAN_LOCALE": "vi",
        "COLUMNS": "250",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)

    def run(*args: str):  # type: ignore[no-untyped-def]
        return CliRunner().invoke(app, list(args))

    return run


def test_outbox_failed_shows_the_refused_mail(engine, cli, smtp_server, mail_settings, digest):
    smtp_server.handler.refuse[QLKH] = "550 5.1.1 User unknown"
    queue(engine, digest, to=[QLKH])
    deliver_pending(engine, mail_settings, now=NOW)
    listed = cli("outbox", "--failed", "--json")
    assert listed.exit_code == 0, listed.output
    [row] = json.loads(listed.output)
    assert row["state"] == "failed" and row["to"] == [QLKH] and "550" in row["last_error"]
    table = cli("outbox", "--failed")
    assert "Hàng đợi thư" in table.output and "Lỗi" in table.output and "550 5.1.1" in table.output


def test_send_test_leaves_one_message_in_the_mailbox(engine, cli, smtp_server):
    result = cli("mail", "send-test", "x@example.vn")
    assert result.exit_code == 0, result.output
    assert "1 thư đã gửi" in result.output
    [msg] = smtp_server.messages()
    assert msg["To"] == "x@example.vn" and msg["Subject"].startswith("[Thử nghiệm]")
    assert cli("mail", "send-test", "không phải địa chỉ").exit_code == 2


def test_outbox_retry_sends_waiting_mail_now_and_requeues_failed_with_failed(
    engine, cli, smtp_server, settings, refused_port, digest
):
    queue(engine, digest)
    deliver_pending(engine, settings.model_copy(update={"smtp_port": refused_port}), now=NOW)
    result = cli("outbox", "--retry")
    assert result.exit_code == 0, result.output
    assert "1 thư đã gửi" in result.output and len(smtp_server.files()) == 1
    assert "Không có thư nào cần gửi." in cli("outbox", "--retry", "--failed").output


def test_mail_preview_writes_the_html_and_text_of_the_digest(cli, mail_settings):
    result = cli("mail", "preview", "digest")
    assert result.exit_code == 0, result.output
    html = Path(mail_settings.home) / "preview" / "digest.vi.html"
    assert str(html) in result.output.replace("\n", "")
    assert "Tổng hợp tiến độ tuần" in html.read_text(encoding="utf-8")
    assert html.with_suffix(".txt").read_text(encoding="utf-8").startswith("Tổng hợp tiến độ tuần")
    assert cli("mail", "preview", "digest", "--locale", "en").exit_code == 0
    assert cli("mail", "preview", "newsletter").exit_code == 2


def test_a_mailbox_on_a_port_in_use_says_so_at_once(cli, smtp_server):
    started = time.monotonic()
    result = cli("mailbox", "--port", str(smtp_server.port))
    assert time.monotonic() - started < 3
    assert result.exit_code == 2 and "Không mở được hộp thư" in result.output


def test_a_send_while_the_server_is_down_says_the_mail_waits(engine, cli, smtp_server):
    smtp_server.stop()
    result = cli("mail", "send-test", "x@example.vn")
    assert result.exit_code == 1
    assert "0 thư đã gửi, 1 thư sẽ gửi lại sau" in result.output
    assert "sẽ tự thử lại sau" in result.output and "Traceback" not in result.output
