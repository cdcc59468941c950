"""Every file of the bad-input corpus (``tests/data/bad/``), the large inputs written
here, and the special paths (directory, FIFO, device, missing, unreadable, I/O error)
get one clear message and exit code 2 from ``workplan import``, never a traceback, and
the database is the same before and after. Injection strings given as task text are
stored verbatim and shown escaped."""

from __future__ import annotations

import html as htmllib
import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import MetaData, select, text
from typer.testing import CliRunner

from store.db import make_engine
from workplan.cli import app

BAD = Path(__file__).resolve().parents[1] / "data" / "bad"
PG_URL = os.environ.get("WORKPLAN_TEST_DATABASE_URL")
# What each file of the corpus is told (a fragment of its one message).
WORDS = {
    "binary_file": "không phải văn bản (.md, .txt hoặc .docx)",
    "no_tasks": "Không tìm thấy nhiệm vụ nào",
    "empty_file": "” trống.",
    "bad_docx": "không phải tệp .docx hợp lệ",
    "bad_date": "Ngày “31/02/2020” không tồn tại",
    "missing_period": "Văn bản không ghi kỳ",
    "impossible_period": "“tháng 13” (dòng 2) không có thật",
    "legacy_encoding": "bảng mã cũ TCVN3",
    "unknown_period": "Không nhận ra kỳ",
    "task_too_long": "vượt giới hạn 2000 ký tự",
    "undecodable_file": "Không đọc được bảng mã",
    "utf16_file": "được lưu theo bảng mã UTF-16",
    "docx_too_large_inside": "khi giải nén quá lớn",
}
EXPECTED = {
    "anim.gif": WORDS["binary_file"],
    "ansi-in-text.txt": WORDS["no_tasks"],
    "archive.md.gz": WORDS["binary_file"],
    "archive.rar": WORDS["binary_file"],
    "archive.zip": WORDS["binary_file"],
    "blank-lines.txt": WORDS["empty_file"],
    "bom-and-spaces.md": WORDS["empty_file"],
    "bom-only.md": WORDS["empty_file"],
    "corrupt.docx": WORDS["bad_docx"],
    "emoji-only.md": WORDS["no_tasks"],
    "empty.md": WORDS["empty_file"],
    "fake.pdf": WORDS["binary_file"],
    "feb-31.md": WORDS["bad_date"],
    "header-only.md": WORDS["no_tasks"],
    "image.png": WORDS["binary_file"],
    "koi8-r.txt": WORDS["missing_period"],
    "long-task.md": WORDS["task_too_long"],
    "many-parts.docx": WORDS["bad_docx"],
    "month-13.md": WORDS["impossible_period"],
    "no-document-part.docx": WORDS["bad_docx"],
    "no-period.md": WORDS["missing_period"],
    "nul-at-end.txt": WORDS["binary_file"],
    "nul-bytes.md": WORDS["binary_file"],
    "only-recipients.md": WORDS["missing_period"],
    "pdf-named.md": WORDS["binary_file"],
    "photo.jpg": WORDS["binary_file"],
    "random-bytes.md": WORDS["binary_file"],
    "random-high-bytes.txt": WORDS["undecodable_file"],
    "shift-jis.txt": WORDS["undecodable_file"],
    "table-only.md": WORDS["missing_period"],
    "tcvn3.txt": WORDS["legacy_encoding"],
    "text-named.docx": WORDS["bad_docx"],
    "truncated.docx": WORDS["bad_docx"],
    "utf16-be.md": WORDS["utf16_file"],
    "utf16-le.md": WORDS["utf16_file"],
    "utf16-no-bom.txt": WORDS["utf16_file"],
    "word-97.doc": WORDS["binary_file"],
    "workbook-named.docx": WORDS["bad_docx"],
    "workbook.xlsx": WORDS["binary_file"],
    "year-zero.md": WORDS["unknown_period"],
    "zero-width.md": WORDS["no_tasks"],
    "zip-bomb.docx": WORDS["docx_too_large_inside"],
}
CORPUS = sorted(p for p in BAD.iterdir() if p.is_file() and p.suffix != ".py")
INJECTIONS = [
    '<script>alert("xss")</script>', "<img src=x onerror=alert(1)>", "hồ sơ');",
    "DROP TABLE work_item; --", '" OR 1=1 --', "{{ 7*7 }} ${7*7} %s %(x)s \\x00",
]
HEAD = "**CHƯƠNG TRÌNH**\n**Công tác tháng 7 năm 2020**\n\n**1. Các nhiệm vụ trọng tâm**\n\n"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def home(request, tmp_path_factory) -> Iterator[dict[str, str]]:  # type: ignore[no-untyped-def]
    """One initialised database (holding the sample programme) for the whole corpus."""
    folder = tmp_path_factory.mktemp("bad")
    url, schema = f"sqlite:///{folder / 'workplan.db'}", None
    if request.param == "postgresql":
        if not PG_URL:
            pytest.skip("PostgreSQL tests need WORKPLAN_TEST_DATABASE_URL")
        schema = f"t_{uuid.uuid4().hex[:12]}"
        with make_engine(PG_URL).begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = f"{PG_URL}{'&' if '?' in PG_URL else '?'}options=-csearch_path%3D{schema}"
    env = {"WORKPLAN_HOME": str(folder / "var"), "WORKPLAN_DATABASE_URL": url,
           "WORKPLAN_LOCALE": "vi", "COLUMNS": "200"}
    assert run(env, "init").exit_code == 0
    sample = Path(__file__).resolve().parents[2] / "examples" / "bac-giang-khcn-2020-07-q3.md"
    assert run(env, "import", str(sample)).exit_code == 0
    yield env
    if schema:
        with make_engine(PG_URL).begin() as conn:  # type: ignore[arg-type]
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


def run(env: dict[str, str], *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, list(args), env=env)


def dump(env: dict[str, str]) -> dict[str, list[str]]:
    """Every row of every table, as text, in a stable order."""
    engine = make_engine(env["WORKPLAN_DATABASE_URL"])
    meta = MetaData()
    meta.reflect(engine)
    with engine.connect() as conn:
        rows = {t.name: sorted(map(repr, conn.execute(select(t)))) for t in meta.sorted_tables}
    engine.dispose()
    return rows


def refused(env: dict[str, str], path: Path | str, words: str) -> str:
    """Import ``path``: exit code 2, one message saying ``words``, nothing written."""
    before = dump(env)
    result = run(env, "import", str(path))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)
    output = " ".join(result.output.split())
    assert output.count("Lỗi:") == 1 and words in output, result.output
    assert dump(env) == before
    return output


def test_the_corpus_holds_at_least_35_bad_files_each_with_its_expected_refusal():
    assert len(CORPUS) >= 35 and {p.name for p in CORPUS} == set(EXPECTED)


@pytest.mark.parametrize("path", CORPUS, ids=[p.name for p in CORPUS])
def test_each_bad_file_gets_one_clear_message_and_changes_nothing(home, path):
    refused(home, path, EXPECTED[path.name])


def test_a_file_over_ten_megabytes_is_refused(home, tmp_path):
    path = tmp_path / "qua-lon.md"
    path.write_bytes((HEAD + "- Kiểm tra.\n").encode() + b"a" * (11 * 1024 * 1024))
    refused(home, path, "giới hạn là 10 MB")


def test_a_five_megabyte_line_is_refused_as_a_task_too_long(home, tmp_path):
    path = tmp_path / "dong-dai.md"
    path.write_text(HEAD + "- Thanh tra Sở kiểm tra " + "x" * (5 * 1024 * 1024) + "\n", "utf-8")
    refused(home, path, "vượt giới hạn 2000 ký tự")


def test_a_name_with_an_ansi_escape_is_shown_harmless(home, tmp_path):
    path = tmp_path / "\x1b[2J\x1b[31mdo.md"
    path.write_bytes(b"")
    output = refused(home, path, "trống")
    assert "\x1b" not in output and "\\x1b[2J\\x1b[31mdo.md" in output


def test_special_paths_are_named_for_what_they_are(home, tmp_path):
    fifo = tmp_path / "ong-dan.md"
    os.mkfifo(fifo)
    refused(home, tmp_path, "không phải là một tệp văn bản (là thư mục")
    refused(home, fifo, "không phải là một tệp văn bản")
    refused(home, "/dev/zero", "không phải là một tệp văn bản")
    refused(home, tmp_path / "khong-co.md", "Không tìm thấy tệp")
    refused(home, "/proc/self/mem", "do lỗi vào/ra")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_an_unreadable_file_is_said_to_be_unreadable(home, tmp_path):
    path = tmp_path / "bi-khoa.md"
    path.write_text(HEAD + "- Kiểm tra.\n", "utf-8")
    path.chmod(0)
    refused(home, path, "Không có quyền đọc tệp")


def test_injection_strings_in_task_text_are_stored_verbatim_and_shown_escaped(home):
    source = BAD / "verbatim" / "html-and-sql.md"
    assert run(home, "import", str(source)).exit_code == 0
    stored = [i["text"] for i in json.loads(run(home, "items", "--json").stdout)]
    for fragment in INJECTIONS:
        assert any(fragment in text_ for text_ in stored), fragment
    from fastapi.testclient import TestClient

    from notifications.links import make_token
    from services.runtime import Runtime
    from workplan.web.app import create_app

    os.environ.update(home)
    try:
        rt = Runtime()
        link = make_token(rt.settings.secret(), dept="TTRA")
        with TestClient(create_app(rt)) as client:
            page = client.get(f"/d/{link}").text
        rt.close()
    finally:
        for name in home:
            os.environ.pop(name, None)
    assert '<script>alert("xss")</script>' not in page and "<img src=x" not in page
    assert htmllib.escape('<script>alert("xss")</script>', quote=False) in page.replace("&#34;", '"')
