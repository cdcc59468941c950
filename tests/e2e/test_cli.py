"""The ``workplan`` command end to end: what a user types and what they see."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from typer.testing import CliRunner

from workplan.cli import app

SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "bac-giang-khcn-2020-07-q3.md"


@pytest.fixture
def cli(tmp_path: Path, db_url: str):
    """Run one command with a temporary home and the test database."""
    env = {
        "WORKPLAN_HOME": str(tmp_path / "var"),
        "WORKPLAN_DATABASE_URL": db_url,
        "WORKPLAN_LOCALE": "vi",
        "COLUMNS": "200",
    }

    def run(*args: str, locale: str = "vi"):
        result = CliRunner().invoke(app, list(args), env=env | {"WORKPLAN_LOCALE": locale})
        return result

    return run


@pytest.fixture
def ready(cli):
    assert cli("init").exit_code == 0
    return cli


def items_json(cli) -> list[dict]:
    result = cli("items", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_init_can_be_repeated(cli):
    first = cli("init")
    second = cli("init")
    assert first.exit_code == second.exit_code == 0
    assert "8 đơn vị mới" in first.output
    assert "0 đơn vị mới" in second.output


def test_dry_run_json_prints_periods_items_and_warnings_without_writing(ready):
    result = ready("import", str(SAMPLE), "--dry-run", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["periods"] == ["2020-07", "2020-Q3", "2020-08", "2020-09"]
    first = data["items"][0]
    assert set(first) == {
        "period",
        "section",
        "bullet",
        "text",
        "lead",
        "support",
        "due",
        "status",
        "progress",
        "part_of",
        "carried_from",
    }
    assert first["period"] == "2020-07" and first["section"] == "task" and first["bullet"] == 1
    assert any("lặp lại" in w for w in data["warnings"])
    assert items_json(ready) == []


def test_import_shows_a_preview_by_period_and_department_then_writes(ready):
    result = ready("import", str(SAMPLE))
    assert result.exit_code == 0, result.output
    assert "tháng 7/2020 — TTRA · Thanh tra Sở" in result.output
    assert "Quý III/2020" in result.output
    assert "Đã nhập" in result.output
    items = items_json(ready)
    assert {i["period"] for i in items} == {"2020-07", "2020-08", "2020-09", "2020-Q3"}


def test_a_second_import_of_the_same_document_says_nothing_changed(ready):
    ready("import", str(SAMPLE))
    before = items_json(ready)
    again = ready("import", str(SAMPLE))
    assert again.exit_code == 0
    assert "đã được nhập" in again.output and "không có gì thay đổi" in again.output
    assert items_json(ready) == before


def test_items_filter_by_period_department_and_status(ready):
    ready("import", str(SAMPLE))
    july = json.loads(ready("items", "--period", "tháng 7/2020", "--json").stdout)
    assert july and {i["period"] for i in july} == {"2020-07"}
    ttra = json.loads(ready("items", "--dept", "ttra", "--json").stdout)
    assert ttra and all(i["lead"] == "TTRA" or "TTRA" in i["support"] for i in ttra)
    assert json.loads(ready("items", "--status", "done", "--json").stdout) == []


def test_update_records_the_change_and_shows_it(ready):
    ready("import", str(SAMPLE))
    item = items_json(ready)[0]
    result = ready(
        "update",
        str(item["id"]),
        "--status",
        "in_progress",
        "--progress",
        "40",
        "--note",
        "Đã họp lần 1",
        "--by",
        "Nguyễn Văn A",
    )
    assert result.exit_code == 0, result.output
    assert "Đang thực hiện, 40%" in result.output
    after = next(i for i in items_json(ready) if i["id"] == item["id"])
    assert (after["status"], after["progress"], after["note"], after["version"]) == (
        "in_progress",
        40,
        "Đã họp lần 1",
        2,
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--status", "finished"], "Trạng thái “finished” không hợp lệ"),
        (["--status", "in_progress", "--progress", "150"], "Tiến độ phải từ 0 đến 100"),
        (["--status", "done", "--progress", "50"], "tiến độ phải là 100"),
    ],
)
def test_update_refuses_impossible_values_and_changes_nothing(ready, args, message):
    ready("import", str(SAMPLE))
    before = items_json(ready)
    result = ready("update", str(before[0]["id"]), *args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert items_json(ready) == before


def test_update_of_an_unknown_item_is_refused(ready):
    result = ready("update", "99999", "--status", "done")
    assert result.exit_code == 2 and "Không có công việc số 99999" in result.output


def bad_files(tmp: Path) -> dict[str, tuple[Path, str]]:
    tmp.mkdir(parents=True, exist_ok=True)
    files = {
        "empty": (b"", "trống"),
        "binary": (b"\x00\x01\x02PNG\x00" * 50, "không phải văn bản"),
        "taskless": (
            "CHƯƠNG TRÌNH\nCông tác tháng 7 năm 2020\n".encode(),
            "Không tìm thấy nhiệm vụ",
        ),
        "no_period": ("CHƯƠNG TRÌNH CÔNG TÁC\n\n- Triển khai thanh tra.\n".encode(), "--period"),
        "bad_date": (
            "Công tác tháng 7 năm 2020\n\n- Nộp báo cáo trước ngày 31/02/2020.\n".encode(),
            "không tồn tại",
        ),
    }
    out = {}
    for name, (data, message) in files.items():
        path = tmp / f"{name}.md"
        path.write_bytes(data)
        out[name] = (path, message)
    big = tmp / "big.md"
    big.write_bytes(b"- x\n" * (10 * 1024 * 1024 // 4 + 1))
    out["big"] = (big, "quá lớn")
    return out


@pytest.mark.parametrize("case", ["empty", "binary", "taskless", "no_period", "bad_date", "big"])
def test_bad_files_get_one_clear_message_and_change_nothing(ready, tmp_path, case):
    ready("import", str(SAMPLE))
    before = items_json(ready)
    path, message = bad_files(tmp_path / "bad")[case]
    result = ready("import", str(path))
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert items_json(ready) == before


def test_an_unknown_period_option_is_refused(ready, tmp_path):
    doc = tmp_path / "q.md"
    doc.write_text("CHƯƠNG TRÌNH CÔNG TÁC\n\n- Triển khai thanh tra.\n", encoding="utf-8")
    result = ready("import", str(doc), "--period", "Quý V/2020")
    assert result.exit_code == 2 and "Không nhận ra kỳ “Quý V/2020”" in result.output
    ok = ready("import", str(doc), "--period", "Quý IV/2020", "--json")
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.stdout)["items"][0]["period"] == "2020-Q4"


def test_a_windows_1258_file_is_read(ready, tmp_path):
    text = "Công tác tháng 8 năm 2020\n\n- Triển khai cuộc thanh tra theo kế hoạch.\n"
    doc = tmp_path / "cp1258.txt"
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    data = b""
    for ch in text:  # Windows-1258 keeps base letters precomposed and tones combining
        marks = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in marks if c not in tones))
        data += (base + "".join(c for c in marks if c in tones)).encode("cp1258")
    assert data.decode("cp1258") != text  # really a different encoding of the same words
    doc.write_bytes(data)
    result = ready("import", str(doc), "--dry-run", "--json")
    assert result.exit_code == 0, result.output
    assert (
        json.loads(result.stdout)["items"][0]["text"] == "Triển khai cuộc thanh tra theo kế hoạch."
    )


def test_messages_follow_the_english_locale(ready):
    result = ready("update", "99999", "--status", "done", locale="en")
    assert result.exit_code == 2 and "No work item number 99999" in result.output


def test_commands_before_init_ask_for_init(cli):
    result = cli("items")
    assert result.exit_code == 2 and "workplan init" in result.output


def test_departments_and_periods_are_listed(ready):
    ready("import", str(SAMPLE))
    depts = json.loads(ready("departments", "--json").stdout)
    assert [d["code"] for d in depts] == sorted(
        ["VP", "TTRA", "KHTC", "QLKH", "QLCN", "QLCNG", "TDC", "TTUD"]
    )
    periods = json.loads(ready("periods", "--json").stdout)
    assert [p["key"] for p in periods] == ["2020-07", "2020-Q3", "2020-08", "2020-09"]
    assert periods[1]["name"] == "Quý III/2020"


def test_the_installed_command_runs_without_loading_prefect_or_fastapi(tmp_path):
    env = os.environ | {"WORKPLAN_HOME": str(tmp_path / "var")}
    code = (
        "import sys; from workplan.cli import app\n"
        "for args in (['init'], ['items'], ['departments']):\n"
        "    try: app(args, standalone_mode=False)\n"
        "    except SystemExit: pass\n"
        "print(sorted(m for m in ('prefect', 'fastapi', 'yagmail', 'aiosmtpd') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_a_command_loads_its_own_module_only_and_no_rich_nor_the_other_dialect(tmp_path):
    env = os.environ | {"WORKPLAN_HOME": str(tmp_path / "var"), "WORKPLAN_LOCALE": "vi"}
    env.pop("WORKPLAN_DATABASE_URL", None)  # SQLite in the home
    subprocess.run([sys.executable, "-m", "workplan", "init"], env=env, check=True,
                   capture_output=True)  # fmt: skip
    code = (
        "import sys; sys.argv = ['workplan', 'items']\n"
        "from workplan.cli import main\n"
        "try: main()\n"
        "except SystemExit as done: assert done.code == 0, done.code\n"
        "print(sorted(m for m in sys.modules if m.startswith(('workplan.cli.', 'rich'))\n"
        "             or m.startswith('sqlalchemy.dialects.postgresql')))"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True)  # fmt: skip
    assert out.stdout.strip().splitlines()[-1] == str(
        ["workplan.cli.base", "workplan.cli.item_table", "workplan.cli.items",
         "workplan.cli.listing"])  # fmt: skip


def test_every_command_is_loaded_from_the_module_that_registers_it():
    from workplan.cli import MODULES

    named = {name: f"workplan.cli.{module}" for module, names in MODULES.items() for name in names}
    registered = {(c.name or c.callback.__name__).replace("_", "-"): c.callback.__module__
                  for c in app.registered_commands if c.callback}  # fmt: skip
    for group in app.registered_groups:
        [module] = {c.callback.__module__ for c in group.typer_instance.registered_commands
                    if c.callback}  # fmt: skip
        registered[group.name or ""] = module
    assert named == registered


def test_a_docx_programme_with_a_task_table_is_imported(ready, tmp_path):
    from docx import Document

    doc = Document()
    doc.add_paragraph("CHƯƠNG TRÌNH").runs[0].bold = True
    doc.add_paragraph("Công tác Quý IV năm 2020").runs[0].bold = True
    table = doc.add_table(rows=1, cols=5)
    header = ["STT", "Nội dung công việc", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành"]
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    rows = [
        ["1", "Tổng kết công tác thi đua năm 2020", "Văn phòng Sở", "Phòng KH-TC", "25/12/2020"],
        ["2", "Thanh tra việc chấp hành pháp luật về đo lường", "Thanh tra Sở", "Chi cục TĐC", ""],
    ]
    for values in rows:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
    path = tmp_path / "q4.docx"
    doc.save(path)
    result = ready("import", str(path), "--json")
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)["items"]
    assert [(i["period"], i["bullet"], i["lead"], i["support"], i["due"]) for i in items] == [
        ("2020-Q4", 1, "VP", ["KHTC"], "2020-12-25"),
        ("2020-Q4", 2, "TTRA", ["TDC"], "2020-12-31"),
    ]
    assert {i["text"] for i in items_json(ready)} == {r[1] for r in rows}


def test_an_unknown_department_is_named_in_the_message(ready):
    result = ready("items", "--dept", "XYZ")
    assert result.exit_code == 2
    assert "Không có phòng, đơn vị mã “XYZ”" in result.output and "Traceback" not in result.output


def test_history_shows_who_changed_what_through_which_channel(ready):
    ready("import", str(SAMPLE))
    item = items_json(ready)[0]
    ready("update", str(item["id"]), "--status", "blocked", "--progress", "20", "--note", "Chờ kinh phí", "--by", "Trần Thị B")
    entries = json.loads(ready("history", str(item["id"]), "--json").stdout)
    assert [(e["old_status"], e["new_status"], e["channel"], e["by"]) for e in entries] == [
        (None, "not_started", "import", SAMPLE.name),
        ("not_started", "blocked", "cli", "Trần Thị B"),
    ]
    shown = ready("history", str(item["id"]))
    assert "Chưa bắt đầu 0% → Vướng mắc 20%" in shown.output and "Dòng lệnh" in shown.output
