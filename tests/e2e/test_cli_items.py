"""``workplan items`` as a terminal shows it: every item number at 80 columns, text wrapped,
columns dropped in order, ``--wide``, the filters (the API's too), colour only on a
terminal and never with ``NO_COLOR``."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from workplan.cli import app

SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "bac-giang-khcn-2020-07-q3.md"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture
def env(tmp_path: Path, db_url: str) -> dict[str, str]:
    """A home with the sample imported, seen on 5 August 2020 (July's items overdue)."""
    values = {"WORKPLAN_HOME": str(tmp_path / "var"), "WORKPLAN_DATABASE_URL": db_url,
              "WORKPLAN_NOW": "2020-08-05T10:00", "WORKPLAN_LOCALE": "vi"}
    assert CliRunner().invoke(app, ["init"], env=values).exit_code == 0
    imported = CliRunner().invoke(app, ["import", str(SAMPLE)], env=values | {
        "WORKPLAN_NOW": "2020-07-02T09:00"})
    assert imported.exit_code == 0, imported.output
    return values


def run(env: dict[str, str], *args: str, columns: int = 80) -> str:
    result = CliRunner().invoke(app, list(args), env=env | {"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    return result.stdout


def ids(env: dict[str, str], *args: str) -> list[int]:
    return [item["id"] for item in json.loads(run(env, "items", *args, "--json"))]


def test_at_80_columns_every_item_number_and_status_is_whole(env):
    shown = run(env, "items")
    lines = shown.splitlines()
    assert max(len(line) for line in lines) <= 80
    numbers = {int(m[1]) for m in (re.match(r"\s*(\d+)\s", line) for line in lines) if m}
    assert numbers == set(ids(env)) and len(numbers) == 42
    assert "Đang thực hiện" not in shown and shown.count("Chưa bắt đầu") == 42
    assert "…" not in shown
    assert "Họp Hội đồng KH&CN tỉnh 6" in shown and "xin ý kiến Hội" in shown  # wrapped, kept


def test_columns_drop_as_the_terminal_narrows_and_the_period_heads_its_items(env):
    header = {width: run(env, "items", columns=width).splitlines()[0].split()
              for width in (200, 100, 80)}
    assert header[200] == ["Số", "Kỳ", "Loại", "Mục", "Nội", "dung", "Chủ", "trì", "Phối",
                           "hợp", "Hạn", "Trạng", "thái", "Tiến", "độ"]
    assert "Loại" not in header[100] and "Mục" not in header[100] and "Kỳ" in header[100]
    assert header[80] == ["Số", "Nội", "dung", "Chủ", "trì", "Hạn", "Trạng", "thái", "Tiến", "độ"]
    narrow = run(env, "items")
    assert narrow.splitlines()[1] == "Tháng 7/2020" and "\nQuý III/2020\n" in narrow


def test_wide_shows_every_column_on_one_line_per_item(env):
    shown = run(env, "items", "--wide", "--period", "2020-07").splitlines()
    assert "Phối hợp" in shown[0] and "Loại" in shown[0]
    assert len(shown) == 1 + 20 + 1  # the header, one line per item, the count
    assert any("QLCNG" in line and "TDC" in line for line in shown)


def test_overdue_due_within_and_search_filter_items(env):
    overdue = ids(env, "--overdue")
    assert len(overdue) == 20  # July's items were due on 31 July
    assert ids(env, "--due-within", "26") == [41]  # August's meeting, due 31 August
    assert ids(env, "--due-within", "25") == []
    found = ids(env, "--search", "THANH tra")
    assert found == ids(env, "--search", "thanh tra") == ids(env, "--search",
                                                                      "Thanh tra")
    assert len(found) == 2 and ids(env, "--search", "kiem tra cac doanh nghiep") == [6]
    assert ids(env, "--overdue", "--dept", "QLKH") == [1, 2, 3, 4, 12]


def test_the_api_takes_the_same_filters(client, token, seeded):
    bearer = {"Authorization": f"Bearer {token()}"}
    late = client.get("/api/v1/items?overdue=true", headers=bearer)
    assert late.status_code == 200 and late.json() == []  # 20 July: nothing is late yet
    soon = client.get("/api/v1/items?due_within=11&search=THANH%20TRA", headers=bearer).json()
    assert {i["text"] for i in soon} == {"Triển khai cuộc thanh tra theo kế hoạch được phê duyệt."}
    refused = client.get("/api/v1/items?due_within=-1", headers=bearer)
    assert refused.status_code == 422


def test_a_bad_number_of_days_is_named(env):
    result = CliRunner().invoke(app, ["items", "--due-within", "99999"], env=env)
    said = " ".join(result.output.split())
    assert result.exit_code == 2
    assert "Số ngày đến hạn phải là số nguyên từ 0 đến 3660" in said and "(đã nhập: 99999)" in said


def terminal(env: dict[str, str], *args: str) -> str:
    """What ``workplan`` prints on a real terminal (a pseudo-terminal)."""
    main, child = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "workplan", *args], stdout=child,
                            stderr=child, env=os.environ | env | {"COLUMNS": "80"})
    os.close(child)
    out = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    proc.wait()
    os.close(main)
    return out.decode()


def test_colour_only_on_a_terminal_and_never_with_no_color(env):
    env = {k: v for k, v in env.items()} | {"TERM": "xterm"}
    assert ANSI.search(terminal(env, "items", "--overdue"))
    assert not ANSI.search(terminal(env | {"NO_COLOR": "1"}, "items", "--overdue"))
    assert not ANSI.search(run(env, "items", "--overdue"))  # piped


def test_history_at_80_columns_fits_with_the_number_and_every_word_whole(env):
    note = ("Đã họp lần 1 với các ngành, huyện, thành phố; chuẩn bị tài liệu cho hội nghị giao "
            "ban tháng 8 và dự thảo hướng dẫn xác định nhiệm vụ năm 2021")
    run(env, "update", "12", "--status", "in_progress", "--progress", "40", "--note", note,
        "--by", "Nguyễn Văn An")  # fmt: skip
    shown = run(env, "history", "12")
    lines = shown.splitlines()
    assert max(len(line) for line in lines) <= 80 and "…" not in shown
    assert lines[0].startswith("#12 Tổ chức hội nghị giao ban")
    words = shown.split()
    assert all(word in words for word in note.split())
    assert "bac-giang-khcn-2020-07" in words  # the file's name starts a line of its own
    assert "Nguyễn" in words and "An" in words and "40%" in words
