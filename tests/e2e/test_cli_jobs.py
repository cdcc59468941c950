"""The job commands as a new user types them: ``workplan run``, ``schedule``, ``serve`` and
``deploy``, against a real database and a real SMTP server."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime

import pytest

from config.settings import DEFAULT_ORGANISATION
from services.importing import import_programme
from store import ledger


@pytest.fixture
def cli(monkeypatch, mail_settings, rt, sample_text):  # type: ignore[no-untyped-def]
    """The CLI on the sample programme (imported on 2 July 2020), sending to the test server."""
    from typer.testing import CliRunner

    from workplan.cli import app

    import_programme(rt.at(datetime(2020, 7, 2, 9)), sample_text, source_name="sample.md")
    env = {
        "WORKPLAN_HOME": str(mail_settings.home),
        "WORKPLAN_DATABASE_URL": mail_settings.db_url,
        "WORKPLAN_SECRET_KEY": str(mail_settings.secret_key),
        "WORKPLAN_SMTP_PORT": str(mail_settings.smtp_port),
        "WORKPLAN_LOCALE": "vi",
        "COLUMNS": "250",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("PREFECT_API_URL", raising=False)

    def run(*args: str):  # type: ignore[no-untyped-def]
        result = CliRunner().invoke(app, list(args))
        result.said = " ".join(result.output.split())  # type: ignore[attr-defined]
        return result

    return run


def test_run_digest_puts_a_digest_matching_the_items_in_the_mailbox(cli, smtp_server):
    result = cli("run", "digest", "--as-of", "2020-07-20T08:00")
    assert result.exit_code == 0, result.output
    assert "tổng hợp tiến độ tuần (tuần 30/2020): đã xếp 1 thư" in result.said
    assert "Tổng hợp tuần 30/2020: 42 công việc, 0 đã hoàn thành, 0 quá hạn." in result.said
    [message] = smtp_server.messages()
    assert message["Subject"] == "Tổng hợp tiến độ tuần 30/2020 — Quý III/2020"
    assert "tổng số 42 công việc, đã hoàn thành 0" in " ".join(
        message.get_body(("plain",)).get_content().split()
    )


def test_run_remind_on_national_day_sends_nothing_and_says_it_is_a_holiday(cli, smtp_server):
    result = cli("run", "remind", "--as-of", "2020-09-02T08:00")
    assert result.exit_code == 0, result.output
    assert "Ngày 02/09/2020 là ngày nghỉ lễ (Quốc khánh): không chạy tác vụ nhắc hạn." in result.said
    assert smtp_server.messages() == []


def test_a_dry_run_shows_who_would_get_what_and_writes_nothing(cli, smtp_server, engine):
    dry = cli("run", "remind", "--as-of", "2020-07-31T08:00", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "Chạy thử tác vụ nhắc hạn (31/07/2020): 7 thư sẽ được gửi" in dry.said
    assert "thanhtra@sokhcn.example.vn" in dry.said and "đến hạn hôm nay" in dry.said
    with engine.begin() as conn:
        assert ledger.find(conn, job="remind", key="2020-07-31") is None
    assert smtp_server.messages() == []

    done = cli("run", "remind", "--as-of", "2020-07-31T08:00")
    again = cli("run", "remind", "--as-of", "2020-07-31T16:00")
    assert "đã xếp 7 thư" in done.said and "7 thư đã gửi" in done.said
    assert "đã chạy lúc 08:00 31/07/2020 và xếp 7 thư; lần này không gửi lại" in again.said
    assert len(smtp_server.messages()) == 7


def test_the_chaser_says_the_response_rate_of_the_round(cli, smtp_server):
    cli("run", "collect", "--as-of", "2020-08-06T08:00")
    chased = cli("run", "chase", "--as-of", "2020-08-07T15:00")
    assert chased.exit_code == 0, chased.output
    assert "Đợt đề nghị cập nhật tiến độ tuần này: 0/8 đơn vị đã cập nhật (0%)." in chased.said
    assert "nhắc lại (tuần 32/2020): đã xếp 8 thư" in chased.said


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("run", "remind", "--as-of", "2020-13-01"), "Thời điểm “2020-13-01” không hợp lệ"),
        (("run", "rollover"), "Không có tác vụ “rollover”. Các tác vụ: remind, collect"),
    ],
)
def test_a_wrong_moment_or_job_is_refused_in_one_line(cli, args, words):
    result = cli(*args)
    assert result.exit_code == 2 and words in result.said and "Traceback" not in result.output


def test_a_malformed_schedule_file_is_refused_naming_the_job_and_its_line(
    cli, monkeypatch, tmp_path
):
    from config.schedule import DEFAULT_SCHEDULE

    text = DEFAULT_SCHEDULE.read_text(encoding="utf-8")
    bad = tmp_path / "schedule.toml"
    bad.write_text(text.replace('cron = "0 15 * * fri"', 'cron = "0 15 * fri"'), encoding="utf-8")
    monkeypatch.setenv("WORKPLAN_SCHEDULE", str(bad))
    line = text[: text.index('cron = "0 15 * * fri"')].count("\n") + 1
    for args in (("schedule",), ("run", "remind", "--as-of", "2020-07-31T08:00")):
        result = cli(*args)
        assert result.exit_code == 2, result.output
        assert "Lịch chạy của tác vụ “chase” không đúng dạng crontab" in result.said
        assert f"(tệp {bad}, dòng {line})" in result.said


def test_schedule_shows_the_next_runs_in_local_time(cli, monkeypatch):
    monkeypatch.setenv("WORKPLAN_NOW", "2020-07-31T12:00")
    result = cli("schedule")
    assert result.exit_code == 0, result.output
    rows = {line.split("│")[1].strip(): line for line in result.output.splitlines()
            if line.count("│") > 3 and line.split("│")[1].strip()}
    assert "0 15 * * fri" in rows["Nhắc lại"] and "Thứ Sáu 31/07/2020 15:00" in rows["Nhắc lại"]
    digest = rows["Tổng hợp tiến độ tuần"]
    assert "Thứ Hai 03/08/2020 08:00" in digest and "3 ngày" in digest  # may start 3 days late


def test_a_department_without_an_address_is_named_and_the_others_are_served(
    cli, monkeypatch, tmp_path, smtp_server
):
    organisation = tmp_path / "organisation.toml"
    organisation.write_text(
        DEFAULT_ORGANISATION.read_text(encoding="utf-8").replace(
            'email = "thanhtra@sokhcn.example.vn"', 'email = ""'
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("WORKPLAN_ORGANISATION", str(organisation))
    result = cli("run", "remind", "--as-of", "2020-07-31T08:00")
    assert result.exit_code == 1
    assert "Thanh tra Sở chưa có địa chỉ e-mail hợp lệ" in result.said
    assert "workplan run remind --as-of 2020-07-31T08:00" in result.said
    assert len(smtp_server.messages()) == 6  # the other departments


def test_links_to_this_machine_are_warned_of_when_mail_goes_to_a_real_server(cli, monkeypatch):
    monkeypatch.setenv("WORKPLAN_SMTP_HOST", "mail.bacgiang.gov.vn")
    result = cli("run", "remind", "--as-of", "2020-07-31T08:00", "--dry-run")
    assert "Đường dẫn trong thư trỏ tới http://127.0.0.1:8000" in result.said
    assert "máy chủ thư mail.bacgiang.gov.vn" in result.said


def test_deploy_without_a_prefect_server_says_what_to_set(cli):
    result = cli("deploy")
    assert result.exit_code == 2 and "Chưa đặt PREFECT_API_URL" in result.said


def test_serve_says_when_the_prefect_server_it_is_given_does_not_answer(cli, monkeypatch, refused_port):
    monkeypatch.setenv("PREFECT_API_URL", f"http://127.0.0.1:{refused_port}/api")
    result = cli("serve", "--port", "0")
    assert result.exit_code == 2
    assert f"Không kết nối được máy chủ Prefect http://127.0.0.1:{refused_port}/api" in result.said


def test_run_and_schedule_start_without_prefect_or_the_web_app(mail_settings):
    code = (
        "import sys; from workplan.cli import app; from typer.testing import CliRunner;"
        "CliRunner().invoke(app, ['schedule']);"
        "CliRunner().invoke(app, ['run', 'remind', '--as-of', '2020-09-02', '--dry-run']);"
        "print(sorted(m for m in ('prefect', 'fastapi', 'uvicorn') if m in sys.modules))"
    )
    env = {"WORKPLAN_HOME": str(mail_settings.home), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout + done.stderr
