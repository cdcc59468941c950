"""``workplan extend``, ``extension``, ``reassign``, ``direct``, ``cancel``, ``contribute``
and ``reassignments`` as a new user types them, with a real SMTP server for the mail."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from workplan.cli import app

SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "bac-giang-khcn-2020-07-q3.md"
NOW = "2020-09-20T10:00"


@pytest.fixture
def cli(tmp_path: Path, db_url: str, smtp_server):  # type: ignore[no-untyped-def]
    """Run one command on 20/09/2020 with a temporary home, the test database and mail."""
    env = {"WORKPLAN_HOME": str(tmp_path / "var"), "WORKPLAN_DATABASE_URL": db_url,
           "WORKPLAN_SMTP_PORT": str(smtp_server.port), "COLUMNS": "200"}  # fmt: skip

    def run(*args: str, now: str = NOW, locale: str = "vi"):  # type: ignore[no-untyped-def]
        extra = {"WORKPLAN_LOCALE": locale, "WORKPLAN_NOW": now}
        return CliRunner().invoke(app, list(args), env=env | extra)

    assert run("init").exit_code == 0
    assert run("import", str(SAMPLE), now="2020-07-02T09:00").exit_code == 0
    return run


def inspection(cli) -> dict:  # type: ignore[no-untyped-def]
    """Thanh tra Sở's inspection of Quý III/2020, due 30/09/2020."""
    found = json.loads(cli("items", "--period", "2020-Q3", "--dept", "TTRA", "--json").stdout)
    return next(i for i in found if i["lead"] == "TTRA")


def entries(cli, item_id: int) -> list[dict]:  # type: ignore[no-untyped-def]
    return json.loads(cli("history", str(item_id), "--json").stdout)


def test_a_unit_asks_for_more_time_and_leadership_approves_from_the_command_line(cli, smtp_server):
    item = inspection(cli)["id"]
    asked = cli("extend", str(item), "--to", "15/10/2020", "--reason", "Chờ kết quả giám định",
                "--dept", "TTRA", "--by", "Trần Văn Bình")  # fmt: skip
    assert asked.exit_code == 0, asked.output
    assert "Đã gửi đề nghị gia hạn số 1: công việc" in asked.output
    assert "Đã gửi 1 thư báo." in asked.output
    listed = cli("extension", "list")
    assert "30/09/2020 → 15/10/2020" in listed.output and "Chờ ý kiến" in listed.output
    approved = cli("extension", "approve", "1", "--note", "Đồng ý", "--by", "Nguyễn Thanh Bình")
    assert approved.exit_code == 0, approved.output
    assert "nay có thời hạn 15/10/2020" in approved.output
    now = inspection(cli)
    assert (now["due"], now["original_due"]) == ("2020-10-15", "2020-09-30")
    subjects = {m["To"]: m["Subject"] for m in smtp_server.messages()}
    assert subjects["thanhtra@sokhcn.example.vn"] == f"Đồng ý gia hạn công việc số {item} đến 15/10/2020"
    assert subjects["giamdoc@sokhcn.example.vn, phogiamdoc@sokhcn.example.vn"].startswith(
        f"Đề nghị gia hạn công việc số {item} đến 15/10/2020")
    assert cli("extension", "list").output.startswith("Không có đề nghị gia hạn nào")


@pytest.mark.parametrize(
    "args",
    [
        ("extend", "{id}", "--to", "01/09/2020", "--reason", "Chờ số liệu"),
        ("extend", "{id}", "--to", "15/10/2020", "--reason", "  "),
        ("extend", "{id}", "--to", "31/02/2021", "--reason", "Chờ số liệu"),
        ("extend", "{id}", "--to", "15/10/2020", "--reason", "x", "--dept", "VP"),
        ("extension", "approve", "99"),
        ("reassign", "{id}", "--lead", "XYZ", "--reason", "Sai đơn vị"),
        ("reassign", "{id}", "--lead", "TTRA", "--reason", "Sai đơn vị"),
        ("direct", "{id}", "x" * 5001),
        ("cancel", "{id}", "--reason", ""),
        ("contribute", "{id}", "--dept", "TTRA", "Đã xong"),
        ("contribute", "{id}", "--dept", "QLKH", "Đã xong"),
    ],
)
def test_bad_input_gets_one_message_exit_code_2_and_changes_nothing(cli, args):
    item = inspection(cli)["id"]
    before = entries(cli, item)
    result = cli(*(a.format(id=item) for a in args))
    assert result.exit_code == 2, result.output
    assert result.output.startswith("Lỗi: ") and "Traceback" not in result.output
    assert entries(cli, item) == before


def test_a_refusal_needs_a_note_and_a_decided_request_is_not_decided_twice(cli):
    item = inspection(cli)["id"]
    cli("extend", str(item), "--to", "15/10/2020", "--reason", "Chờ số liệu")
    assert cli("extension", "refuse", "1", "--note", " ").exit_code == 2
    assert cli("extension", "refuse", "1", "--note", "Không có căn cứ").exit_code == 0
    again = cli("extension", "approve", "1")
    assert again.exit_code == 2 and "không đồng ý lúc 10:00 ngày 20/09/2020" in again.output
    assert inspection(cli)["due"] == "2020-09-30"


def test_every_action_is_in_the_history_with_its_role_and_what_it_changed(cli):
    item = inspection(cli)["id"]
    cli("contribute", str(item), "--dept", "TTRA", "x")  # refused: the lead unit
    cli("reassign", str(item), "--lead", "QLKH", "--support", "VP,TDC", "--reason", "Đúng chức năng",
        "--by", "Nguyễn Thanh Bình")  # fmt: skip
    cli("contribute", str(item), "--dept", "VP", "Đã gửi hồ sơ", "--by", "Lê Thị Hoa")
    cli("direct", str(item), "Báo cáo trước ngày 25/9", "--by", "Nguyễn Thanh Bình")
    cli("cancel", str(item), "--reason", "Tỉnh dừng triển khai", "--by", "Nguyễn Thanh Bình")
    got = [(e["action"], e["role"], e["by"], e["channel"]) for e in entries(cli, item)[1:]]
    assert got == [
        ("reassigned", "leadership", "Nguyễn Thanh Bình", "cli"),
        ("contribution", "support", "Lê Thị Hoa", "cli"),
        ("directive", "leadership", "Nguyễn Thanh Bình", "cli"),
        ("cancelled", "leadership", "Nguyễn Thanh Bình", "cli"),
    ]
    moved = entries(cli, item)[1]
    assert (moved["old_value"], moved["new_value"]) == (
        "Thanh tra Sở",
        "Phòng Quản lý khoa học (phối hợp: Văn phòng Sở, Chi cục Tiêu chuẩn Đo lường Chất lượng)")
    shown = cli("history", str(item)).output
    assert "Ý kiến chỉ đạo: Báo cáo trước ngày 25/9" in " ".join(shown.split())


def test_reassignments_name_the_first_lead_units_keywords_found_in_the_text(cli):
    item = inspection(cli)["id"]
    cli("reassign", str(item), "--lead", "VP", "--reason", "Văn phòng tổng hợp")
    listed = cli("reassignments").output
    assert "TTRA → VP" in listed and "“thanh tra”" in listed and "config/organisation.toml" in listed
    [line] = json.loads(cli("reassignments", "--json").stdout)
    assert (line["item_id"], line["old_lead"], line["new_lead"]) == (item, "TTRA", "VP")
