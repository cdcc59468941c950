"""A revised programme through the ``workplan`` command: preview, import, list, undo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from workplan.cli import app

SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "bac-giang-khcn-2020-07-q3.md"
EDITED = "- Triển khai cuộc thanh tra theo kế hoạch được phê duyệt."


@pytest.fixture
def cli(tmp_path: Path, db_url: str):
    env = {"WORKPLAN_HOME": str(tmp_path / "var"), "WORKPLAN_DATABASE_URL": db_url,
           "COLUMNS": "200"}  # fmt: skip

    def run(*args: str, locale: str = "vi"):
        return CliRunner().invoke(app, list(args), env=env | {"WORKPLAN_LOCALE": locale})

    assert run("init").exit_code == 0
    return run


@pytest.fixture
def revised(tmp_path: Path) -> Path:
    text = SAMPLE.read_text(encoding="utf-8")
    text = text.replace("- Triển khai các cuộc thanh tra theo kế hoạch được phê duyệt.\n", "")
    text = text.replace(EDITED, EDITED[:-1] + ", hoàn thành trước ngày 25/7/2020.")
    head, tail = text.rsplit("## **2. Các cuộc họp", 1)
    path = tmp_path / "ctr-sua-doi.md"
    path.write_text(head + "- Xây dựng kế hoạch chuyển đổi số.\n\n## **2. Các cuộc họp" + tail)
    return path


def live(cli) -> list[dict]:
    return [i for i in json.loads(cli("items", "--json").stdout) if i["status"] != "cancelled"]


def test_a_user_revises_a_programme_and_cannot_undo_it_after_an_update(cli, revised):
    assert cli("import", str(SAMPLE)).exit_code == 0
    inspection = next(i for i in live(cli) if i["text"].startswith("Triển khai cuộc thanh tra"))
    update = cli("update", str(inspection["id"]), "--status", "in_progress", "--progress", "40",
                 "--by", "Nguyễn Văn A")  # fmt: skip
    assert update.exit_code == 0, update.output
    preview = cli("import", str(revised), "--dry-run")
    assert preview.exit_code == 0, preview.output
    assert "thêm 1, bỏ 1, sửa 1, giữ nguyên 40 nhiệm vụ" in preview.output
    assert "Chạy thử" in preview.output and len(live(cli)) == 42
    done = cli("import", str(revised))
    assert done.exit_code == 0 and "42 công việc đang theo dõi" in done.output
    items = live(cli)
    edited = next(i for i in items if i["id"] == inspection["id"])
    assert len(items) == 42 and edited["progress"] == 40 and edited["due"] == "2020-07-25"
    listed = cli("programmes", "--json")
    assert [v["version"] for v in json.loads(listed.stdout)] == [1, 2]
    refused = cli("programme", "undo", "1")
    assert refused.exit_code == 2
    assert "công việc số" in refused.output and "Nguyễn Văn A" in refused.output


def test_undo_right_after_a_mistaken_import_removes_it(cli):
    assert cli("import", str(SAMPLE)).exit_code == 0
    undone = cli("programme", "undo", "1")
    assert undone.exit_code == 0 and "42 công việc" in undone.output
    assert live(cli) == [] and "Chưa nhập chương trình nào" in cli("programmes").output


def test_errors_with_json_are_json_on_stdout(cli):
    refused = cli("programme", "undo", "7", "--json")
    assert refused.exit_code == 2
    assert json.loads(refused.stdout) == {"error": {
        "code": "unknown_programme",
        "message": "Không có chương trình số 7. Vui lòng xem danh sách bằng lệnh “workplan programmes”.",
        "line": None,
    }}  # fmt: skip


def test_the_programmes_list_is_in_english_too(cli, revised):
    cli("import", str(SAMPLE))
    cli("import", str(revised))
    listed = cli("programmes", locale="en")
    assert listed.exit_code == 0 and "Imported programmes" in listed.output
    assert "+1 −1 ~1 =40" in listed.output


def test_a_legacy_font_is_refused_with_how_to_convert_it_and_json_says_so_too(cli, tmp_path):
    path = tmp_path / "vni.txt"
    path.write_text("Chöông trình coâng taùc thaùng 7 naêm 2020\n\n- Toå chöùc hoäi nghò.\n")
    plain = cli("import", str(path))
    assert plain.exit_code == 2 and "VNI" in plain.output and "Unikey" in plain.output
    as_json = cli("import", str(path), "--json", locale="en")
    assert as_json.exit_code == 2
    assert json.loads(as_json.stdout)["error"]["code"] == "legacy_encoding"
    assert "Unikey" in json.loads(as_json.stdout)["error"]["message"]


def test_an_impossible_date_names_its_line_and_skip_bad_imports_the_rest(cli, tmp_path):
    path = tmp_path / "ctr.md"
    path.write_text("CHƯƠNG TRÌNH\nCông tác Quý III năm 2020\n\n- Việc một.\n"
                    "- Báo cáo trước ngày 31/02/2020.\n")  # fmt: skip
    refused = cli("import", str(path), "--json")
    assert refused.exit_code == 2
    assert json.loads(refused.stdout)["error"]["line"] == 5
    skipped = cli("import", str(path), "--skip-bad")
    assert skipped.exit_code == 0 and "Bỏ qua nhiệm vụ ở dòng 5" in skipped.output
    assert [i["text"] for i in live(cli)] == ["Việc một."]


def test_a_table_not_recognised_is_said_to_be_the_reason(cli, tmp_path):
    path = tmp_path / "bang.md"
    path.write_text("CHƯƠNG TRÌNH\nCông tác Quý III năm 2020\n\n"
                    "| STT | Việc | Người làm |\n|---|---|---|\n| 1 | Kiểm tra | Văn phòng |\n")  # fmt: skip
    refused = cli("import", str(path))
    assert refused.exit_code == 2 and "không có cột nội dung" in refused.output
