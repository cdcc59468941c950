"""The mail commands of the CLI against a real SMTP server on loopback (aiosmtpd)."""

from __future__ import annotations

import json
import re
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


def _at(columns: int, *args: str):  # type: ignore[no-untyped-def]
    """``workplan outbox …`` on a terminal ``columns`` wide (the cli fixture's environment)."""
    from typer.testing import CliRunner

    from workplan.cli import app

    result = CliRunner().invoke(app, list(args), env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    return result.stdout


LONG = "phong.quan.ly.cong.nghe@sokhcn.bacgiang.gov.vn"  # 46 characters: longer than a line allows


@pytest.fixture
def queue_of_twelve(engine, cli, smtp_server, mail_settings, digest):  # type: ignore[no-untyped-def]
    """Twelve messages: sent, refused (failed, with the server's reply) and waiting."""
    smtp_server.handler.refuse[QLKH] = "550 5.1.1 User unknown"
    for n in range(12):
        to = [QLKH] if n % 3 == 0 else [f"don-vi-{n}@sokhcn.example.vn"]
        cc = [LONG] if n % 4 == 1 else []
        queue(engine, digest, key=f"digest:2020-w{n:02d}", to=to, cc=cc)
    deliver_pending(engine, mail_settings, now=NOW)
    queue(engine, digest, key="digest:2020-w99", to=["cho.gui@sokhcn.example.vn"])
    rows = json.loads(cli("outbox", "--json").stdout)
    assert {r["state"] for r in rows} == {"sent", "failed", "pending"}
    return rows


def _numbered_lines(shown: str) -> dict[int, str]:
    """Each table line that starts with a message number, by that number."""
    found = (re.match(r"\s*(\d+)\s", line) for line in shown.splitlines())
    return {int(m[1]): m.string for m in found if m}


STATES = {"sent": "Đã gửi", "failed": "Lỗi", "pending": "Chờ gửi"}


@pytest.mark.parametrize("columns", [80, 64])
def test_outbox_at_80_columns_keeps_every_number_state_and_recipient_whole(
    queue_of_twelve, columns
):
    shown = _at(columns, "outbox")
    assert max(len(line) for line in shown.splitlines()) <= columns
    assert "…" not in shown
    lines = _numbered_lines(shown)
    assert set(lines) == {r["id"] for r in queue_of_twelve}
    for row in queue_of_twelve:
        assert STATES[row["state"]] in lines[row["id"]]
        for address in row["to"] + row["cc"]:
            assert address in shown  # never split across lines
    header = shown.splitlines()[1]
    assert "Số" in header and "Người nhận" in header and "Trạng thái" in header
    assert "Tạo lúc" not in header and "Loại" not in header  # the least needed went first


def test_outbox_of_failed_mail_keeps_the_error_before_the_subject_at_80_columns(
    queue_of_twelve,
):
    shown = _at(80, "outbox", "--failed")
    assert "Lỗi gần nhất" in shown.splitlines()[1] and "550 5.1.1" in shown
    assert "Tiêu đề" not in shown.splitlines()[1]
    failed = [r["id"] for r in queue_of_twelve if r["state"] == "failed"]
    assert sorted(_numbered_lines(shown)) == sorted(failed)


def test_outbox_wide_shows_every_column_one_line_a_message(queue_of_twelve):
    shown = _at(80, "outbox", "--wide").splitlines()
    for header in ("Số", "Loại", "Người nhận", "Tiêu đề", "Trạng thái", "Lần gửi",
                   "Lỗi gần nhất", "Tạo lúc", "Gửi lúc"):  # fmt: skip
        assert header in shown[1]
    assert len(shown) == 2 + len(queue_of_twelve)  # the title, the header, one line each


def test_mail_request_names_the_unit_not_its_code(rt, cli, smtp_server, sample_text, monkeypatch):
    from services.importing import import_programme

    monkeypatch.setenv("WORKPLAN_SECRET_KEY", rt.settings.secret())
    import_programme(rt, sample_text, source_name="bac-giang-khcn-2020-07-q3.md")
    result = cli("mail", "request", "VP", "KHTC", "--period", "2020-07")
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "tiến độ tháng 7/2020 cho Văn phòng Sở." in said
    assert "cho Phòng Kế hoạch – Tài chính" in said or "Không gửi cho Phòng Kế hoạch – Tài chính" in said
    assert " VP" not in said and "KHTC" not in said
    again = " ".join(cli("mail", "request", "VP", "--period", "2020-07").output.split())
    assert "Không gửi cho Văn phòng Sở:" in again  # already asked this week


def test_a_reassignment_names_the_new_units_not_their_codes(rt, cli, smtp_server, sample_text,
                                                            monkeypatch):  # fmt: skip
    from services.importing import import_programme

    monkeypatch.setenv("WORKPLAN_SECRET_KEY", rt.settings.secret())
    import_programme(rt, sample_text, source_name="bac-giang-khcn-2020-07-q3.md")
    result = cli("reassign", "1", "--lead", "VP", "--support", "TDC,KHTC", "--reason", "Đúng chức năng")
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert ("chủ trì Văn phòng Sở, phối hợp Chi cục Tiêu chuẩn Đo lường Chất lượng, "
            "Phòng Kế hoạch – Tài chính.") in said
    assert "TDC" not in said and "KHTC" not in said
