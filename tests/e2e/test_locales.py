"""The catalogues reach people: Typer's own usage messages from the real ``workplan``
command, a page and a mail in each locale through Jinja2's i18n extension."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from notifications.previews import sample_context
from notifications.render import TEMPLATES, render

WORKPLAN = Path(sys.executable).with_name("workplan")


def run(tmp_path: Path, *args: str, locale: str | None = None) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"WORKPLAN_HOME": str(tmp_path / "var"),
                        "WORKPLAN_DATABASE_URL": f"sqlite:///{tmp_path / 'w.db'}"}
    env.pop("WORKPLAN_LOCALE", None)
    if locale:
        env["WORKPLAN_LOCALE"] = locale
    return subprocess.run([str(WORKPLAN), *args], env=env, capture_output=True, text=True,
                          timeout=60)


def test_a_missing_option_is_told_in_vietnamese_by_the_installed_command(tmp_path):
    out = run(tmp_path, "extend", "3", "--to", "15/10/2020")
    assert out.returncode == 2
    assert out.stderr.splitlines() == [
        "Cách dùng: workplan extend [OPTIONS] {ID}",
        "Vui lòng chạy 'workplan extend --help' để xem hướng dẫn.",
        "",
        "Lỗi: Thiếu tùy chọn '--reason'.",
    ]


def test_typer_speaks_english_when_the_locale_is_english(tmp_path):
    out = run(tmp_path, "extend", "3", "--to", "15/10/2020", locale="en")
    assert out.returncode == 2 and out.stderr.splitlines()[-1] == "Error: Missing option '--reason'."
    assert "No such option: --bogus" in run(tmp_path, "items", "--bogus", locale="en").stderr


def test_typer_help_and_other_usage_errors_are_in_vietnamese(tmp_path):
    shown = run(tmp_path, "--help").stdout
    assert "Tùy chọn:" in shown and "Lệnh:" in shown and "Hiển thị hướng dẫn này rồi thoát." in shown
    assert "Show this message" not in shown and "Options:" not in shown
    assert run(tmp_path, "items", "--bogus").stderr.splitlines()[-1] == (
        "Lỗi: Không có tùy chọn --bogus.")
    assert run(tmp_path, "link", "--days").stderr.splitlines()[-1] == (
        "Lỗi: Tùy chọn '--days' cần một giá trị.")
    assert run(tmp_path, "nosuch").stderr.splitlines()[-1] == "Lỗi: Không có lệnh 'nosuch'."


@pytest.mark.parametrize(("lang", "title", "other"), [
    ("vi", "Theo dõi chương trình công tác", "English"),
    ("en", "Work programme tracking", "Tiếng Việt"),
])
def test_a_page_is_rendered_in_the_locale_asked_for(client, lang, title, other):
    page = client.get(f"/?lang={lang}")
    assert page.status_code == 200
    assert f'<html lang="{lang}"' in page.text and title in page.text and other in page.text


@pytest.mark.parametrize(("locale", "subject", "hello", "regards"), [
    ("vi", "[Thử nghiệm] Thư kiểm tra", "Xin chào,", "Trân trọng."),
    ("en", "[Test] A test message", "Hello,", "Kind regards."),
])
def test_a_mail_written_once_is_rendered_in_each_recipients_locale(org, locale, subject, hello,
                                                                   regards):
    assert (TEMPLATES / "test.txt").exists() and not (TEMPLATES / locale).exists()
    mail = render("test", locale, sample_context("test", org=org, base_url="http://x"))
    assert mail.subject.startswith(subject)
    assert mail.text.startswith(hello) and regards in mail.text
    assert f">{hello}</p>" in mail.html and regards in mail.html
