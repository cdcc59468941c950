"""``workplan rollup`` and ``workplan export`` as a new user types them."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from typer.testing import CliRunner

from workplan.cli import app

SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "bac-giang-khcn-2020-07-q3.md"
CLASSES = ("Hoàn thành đúng hạn", "Hoàn thành quá hạn", "Chưa hoàn thành, còn trong hạn",
           "Chưa hoàn thành, quá hạn")  # fmt: skip


@pytest.fixture
def cli(tmp_path: Path, db_url: str, refused_port: int):
    """Run one command with a temporary home, the test database and no mail server."""
    env = {"WORKPLAN_HOME": str(tmp_path / "var"), "WORKPLAN_DATABASE_URL": db_url,
           "WORKPLAN_SMTP_PORT": str(refused_port), "COLUMNS": "200"}  # fmt: skip

    def run(*args: str, now: str | None = None, locale: str = "vi"):  # type: ignore[no-untyped-def]
        extra = {"WORKPLAN_LOCALE": locale, "WORKPLAN_NOW": now}
        return CliRunner().invoke(app, list(args), env=env | extra)

    assert run("init").exit_code == 0
    assert run("import", str(SAMPLE), now="2020-07-02T09:00").exit_code == 0
    return run


def q3_items(cli) -> list[dict]:  # type: ignore[no-untyped-def]
    result = cli("items", "--period", "2020-Q3", "--json")
    return json.loads(result.stdout)


def test_a_quarter_rolled_up_as_a_new_user_does_it(cli, tmp_path):
    first, second = q3_items(cli)[:2]
    assert cli("update", str(first["id"]), "--status", "done").exit_code == 0
    given = cli("update", str(second["id"]), "--status", "done", "--done-on", "25/09/2020")
    assert given.exit_code == 0 and "Ngày hoàn thành: 25/09/2020." in given.output

    result = cli("rollup", "2020-Q3")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Tổng kết Quý III/2020 (số liệu đến ngày 01/10/2020)" in out
    assert all(label in out for label in CLASSES)
    total = next(line for line in out.splitlines() if "Toàn Sở" in line)
    assert [int(n) for n in total.replace("%", "").split("│")[2:9]] == [1, 0, 1, 0, 18, 0, 20]
    assert "Đã chuyển tiếp 18 công việc chưa hoàn thành sang Quý IV/2020." in out
    reports = tmp_path / "var" / "reports" / "2020-Q3"
    for name in ("bao-cao-quy-iii-2020.xlsx", "bao-cao-quy-iii-2020.docx",
                 "bao-cao-quy-iii-2020.html", "du-thao-chuong-trinh-quy-iv-2020.docx"):  # fmt: skip
        assert str(reports / name) in out.replace("\n", "") and (reports / name).exists()
    assert "Đã xếp thư báo cáo gửi Lãnh đạo Sở." in out

    q4 = json.loads(cli("items", "--period", "2020-Q4", "--json").stdout)
    assert len(q4) == 18 and all(i["carried_from"] and i["carry_count"] == 1 for i in q4)
    listed = cli("items", "--period", "2020-Q4").output
    assert "Quý IV/2020" in listed and "18 công việc" in listed

    again = cli("rollup", "2020-Q3")
    assert again.exit_code == 0 and "lần chạy này không tạo gì mới" in again.output
    assert len(json.loads(cli("items", "--period", "2020-Q4", "--json").stdout)) == 18


def test_a_dry_run_shows_the_summary_and_writes_nothing(cli, tmp_path):
    result = cli("rollup", "Quý III/2020", "--dry-run", "--as-of", "2020-10-01")
    assert result.exit_code == 0
    assert "Chạy thử tổng kết Quý III/2020" in result.output
    assert "Sẽ chuyển tiếp 20 công việc chưa hoàn thành sang Quý IV/2020." in result.output
    assert cli("items", "--period", "2020-Q4", "--json").stdout.strip() == "[]"
    assert not (tmp_path / "var" / "reports").exists()


@pytest.mark.parametrize(
    ("args", "now", "said"),
    [
        (("rollup", "Quý V/2020"), None, "Không nhận ra kỳ “Quý V/2020”"),
        (("rollup", "2020-Q3"), "2020-09-20T08:00",
         "Kỳ Quý III/2020 chưa kết thúc: kỳ kết thúc ngày 30/09/2020 và được tổng kết lúc 07:00 "
         "ngày 01/10/2020. Vui lòng chờ đến lúc đó, hoặc thêm --force"),
        (("rollup", "2021-Q1"), None, "Cơ sở dữ liệu chưa có công việc nào của Quý I/2021"),
        (("rollup",), None, "Vui lòng ghi kỳ cần tổng kết"),
        (("rollup", "2020-Q3", "--catch-up"), None, "chỉ chọn một trong hai"),
        (("rollup", "2020-Q3", "--as-of", "1/10"), None, "Thời điểm không đúng dạng"),
    ],
)  # fmt: skip
def test_bad_input_gets_one_clear_message_exit_2_and_nothing_written(cli, args, now, said):
    result = cli(*args, now=now)
    assert result.exit_code == 2 and said in " ".join(result.output.split())
    assert "Traceback" not in result.output
    assert cli("items", "--period", "2020-Q4", "--json").stdout.strip() == "[]"
    assert "Đang mở" in cli("periods").output.split("Quý III/2020")[1].splitlines()[0]


def test_an_early_rollup_needs_force(cli):
    result = cli("rollup", "2020-Q3", "--force", now="2020-09-20T08:00")
    assert result.exit_code == 0 and "số liệu đến ngày 20/09/2020" in result.output


def test_a_completion_date_in_the_future_or_unreadable_is_refused(cli):
    item = q3_items(cli)[0]["id"]
    future = cli("update", str(item), "--status", "done", "--done-on", "21/09/2020",
                 now="2020-09-20T08:00")  # fmt: skip
    assert future.exit_code == 2
    assert "Ngày hoàn thành không được sau ngày hôm nay (20/09/2020)" in " ".join(future.output.split())
    wrong = cli("update", str(item), "--status", "done", "--done-on", "31/02/2020")
    assert wrong.exit_code == 2 and "(đã nhập: 31/02/2020)" in wrong.output
    assert q3_items(cli)[0]["status"] == "not_started"


def test_messages_are_in_english_when_asked(cli):
    result = cli("rollup", "2020-Q3", now="2020-09-20T08:00", locale="en")
    assert result.exit_code == 2 and "Q3 2020 has not ended" in result.output


def test_catch_up_rolls_up_every_period_due_oldest_first(cli):
    result = cli("rollup", "--catch-up", "--as-of", "2020-10-05T09:00")
    assert result.exit_code == 0, result.output
    titles = [line for line in result.output.splitlines() if line.startswith("Tổng kết")]
    assert [t.split(" (")[0] for t in titles] == [
        "Tổng kết tháng 7/2020", "Tổng kết tháng 8/2020", "Tổng kết tháng 9/2020",
        "Tổng kết Quý III/2020",
    ]  # fmt: skip
    again = cli("rollup", "--catch-up", "--as-of", "2020-10-05T10:00")
    assert "Không có kỳ nào đến hạn tổng kết (tính đến 10:00 ngày 05/10/2020)." in again.output


def test_exports_write_the_periods_items_as_xlsx_csv_and_ics(cli, tmp_path):
    book, table, cal = tmp_path / "q3.xlsx", tmp_path / "q3-ttra.csv", tmp_path / "q3.ics"
    made = cli("export", "--period", "2020-Q3", "--format", "xlsx", "-o", str(book))
    assert made.exit_code == 0 and f"Đã ghi 20 công việc của Quý III/2020 vào tệp {book}" in made.output
    assert load_workbook(book).sheetnames[0] == "Tổng hợp"
    made = cli("export", "--period", "2020-Q3", "--dept", "TTRA", "--format", "csv", "-o", str(table))
    rows = list(csv.reader(io.StringIO(table.read_text("utf-8-sig"))))
    assert made.exit_code == 0 and len(rows) == 2 and rows[1][4] == "Thanh tra Sở"
    assert cli("export", "--period", "2020-Q3", "--format", "ics", "-o", str(cal)).exit_code == 0
    assert cal.read_bytes().count(b"BEGIN:VEVENT") == 20
    bad = cli("export", "--period", "2020-Q3", "--format", "pdf", "-o", str(tmp_path / "x.pdf"))
    assert bad.exit_code == 2 and "(đã nhập: pdf)" in bad.output and not (tmp_path / "x.pdf").exists()


def test_the_draft_opens_with_the_carried_tasks_marked(cli, tmp_path):
    assert cli("rollup", "2020-Q3").exit_code == 0
    draft = tmp_path / "var" / "reports" / "2020-Q3" / "du-thao-chuong-trinh-quy-iv-2020.docx"
    cells = [c.text for t in Document(str(draft)).tables for r in t.rows for c in r.cells]
    assert sum(c.endswith("(chuyển tiếp từ Quý III/2020).") for c in cells) == 20
