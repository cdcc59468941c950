"""The files of Quý III/2020's rollup, reopened by their own libraries (and LibreOffice),
the report mail through a real SMTP server, the exports, and the draft imported back."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from datetime import date, datetime
from email.message import EmailMessage
from pathlib import Path

import pytest
from docx import Document
from icalendar import Calendar
from openpyxl import load_workbook
from sqlmodel import Session

from config.settings import Settings
from domain.periods import Period
from services.delivery import deliver
from services.exports import CSV_HEADERS, export
from services.importing import import_file, import_programme
from services.rollup import Outcome, roll_up
from services.runtime import Runtime
from services.updates import record_update
from store.items import list_items

SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "bac-giang-khcn-2020-07-q3.md"
Q3, Q4 = Period.quarter(2020, 3), Period.quarter(2020, 4)
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
DONE = "Cấp kinh phí cho các đề tài, dự án thực hiện từ các năm trước"
CANCELLED = "Tổ chức hội nghị tuyên truyền các văn bản quy phạm pháp luật về đo lường"


def quarter(rt: Runtime) -> Outcome:
    """The sample imported on 02/07/2020, one task done and one cancelled, Q3 closed."""
    import_programme(rt.at(datetime(2020, 7, 2, 9)), SAMPLE.read_text("utf-8"), source_name="ctr.md")
    with Session(rt.engine) as s:
        q3 = {i.text[:40]: i.id for i in list_items(s, period=Q3.key)}
    for start, status, note in ((DONE, "done", None), (CANCELLED, "cancelled", "Bộ tổ chức thay")):
        record_update(rt.at(datetime(2020, 9, 10, 9)), item_id=q3[start[:40]], actor=None,
                      status=status, note=note, by="Vũ Minh Tâm", channel="cli")  # fmt: skip
    return roll_up(rt.at(datetime(2020, 10, 1, 7)), Q3)


@pytest.fixture(scope="module")
def closed(tmp_path_factory, org):  # type: ignore[no-untyped-def]
    """Q3 rolled up on SQLite (the files do not depend on the database)."""
    from store.db import upgrade
    from store.departments import sync_departments

    tmp = tmp_path_factory.mktemp("files")
    settings = Settings(home=tmp / "var", database_url=f"sqlite:///{tmp / 'w.db'}",
                        secret_key="k" * 40)  # fmt: skip
    rt = Runtime(settings, org=org)
    upgrade(rt.engine)
    sync_departments(rt.engine, org)
    outcome = quarter(rt)
    yield rt, outcome
    rt.close()


def test_the_files_are_written_under_the_home_reports_folder(closed):
    rt, outcome = closed
    folder = rt.settings.reports_dir / "2020-Q3"
    assert sorted(p.name for p in folder.iterdir()) == [
        "bao-cao-quy-iii-2020.docx", "bao-cao-quy-iii-2020.html", "bao-cao-quy-iii-2020.xlsx",
        "du-thao-chuong-trinh-quy-iv-2020.docx",
    ]  # fmt: skip
    assert "Kết quả thực hiện chương trình công tác Quý III/2020" in outcome.files.html.read_text()


def test_the_workbook_reopens_with_the_quarters_counts(closed):
    _, outcome = closed
    book = load_workbook(outcome.files.xlsx)
    summary = book["Tổng hợp"]
    total = next(row for row in summary.iter_rows(values_only=True) if row[0] == "Tổng cộng")
    assert total[:8] == ("Tổng cộng", 1, 0, 0, 0, 18, 1, 20)
    assert summary.freeze_panes == "A2" and summary.auto_filter.ref.startswith("A1:")
    sheet = book["Phòng Kế hoạch – Tài chính"]
    assert [c.value for c in sheet[1]][:5] == ["STT", "Nội dung", "Đơn vị chủ trì",
                                              "Đơn vị phối hợp", "Thời hạn"]  # fmt: skip
    assert sheet["E2"].value == datetime(2020, 9, 30) and sheet["E2"].number_format == "dd/mm/yyyy"


def test_the_report_document_reopens_with_its_title_table_and_signer(closed):
    _, outcome = closed
    doc = Document(str(outcome.files.docx))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "BÁO CÁO\nKết quả thực hiện Chương trình công tác Quý III năm 2020" in text
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "UBND TỈNH BẮC GIANG" in cells[0] and "SỞ KHOA HỌC VÀ CÔNG NGHỆ" in cells[0]
    assert any(c.startswith("Số:") and c.endswith("/BC-KHCN") for c in cells)
    assert "Chưa hoàn thành, quá hạn (18 công việc)" in cells
    assert any("GIÁM ĐỐC" in c and "Nguyễn Thanh Bình" in c for c in cells)
    assert any("Chuyển tiếp sang Quý IV/2020" in c for c in cells)


def test_the_draft_marks_the_carried_tasks(closed):
    _, outcome = closed
    doc = Document(str(outcome.files.draft))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "CHƯƠNG TRÌNH CÔNG TÁC\nQuý IV năm 2020 (dự thảo)" in text
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    marked = [c for c in cells if c.endswith("(chuyển tiếp từ Quý III/2020).")]
    assert len(marked) == len(outcome.carried) == 18


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_report_as_an_a4_page(closed, tmp_path):
    _, outcome = closed
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(outcome.files.docx)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = tmp_path / "bao-cao-quy-iii-2020.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "(A4)" in info
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Tổng cộng: 20 công việc" in text


def test_the_calendar_export_has_one_event_per_item_with_a_stable_uid(closed):
    rt, _ = closed
    first, again = export(rt, Q4, "ics"), export(rt.at(datetime(2020, 10, 9)), Q4, "ics")
    events = Calendar.from_ical(first.data).walk("VEVENT")
    with Session(rt.engine) as s:
        ids = {i.id for i in list_items(s, period=Q4.key)}
    assert {str(e["UID"]) for e in events} == {f"item-{i}@sokhcn.example.vn" for i in ids}
    assert [str(e["UID"]) for e in Calendar.from_ical(again.data).walk("VEVENT")] == [
        str(e["UID"]) for e in events]  # fmt: skip
    assert events[0].decoded("DTSTART") == date(2020, 12, 31)
    assert first.filename == "lich-quy-iv-2020.ics"


def test_the_csv_export_filters_by_unit_and_opens_in_excel_with_its_accents(closed):
    rt, _ = closed
    made = export(rt, Q3, "csv", dept="khtc")
    assert made.data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(made.data.decode("utf-8-sig"))))
    assert tuple(rows[0]) == CSV_HEADERS and len(rows) == 1 + made.items == 4
    done = next(r for r in rows if r[3].startswith(DONE))
    assert done[6:11] == ["30/09/2020", "Hoàn thành", "100", "10/09/2020", "Hoàn thành đúng hạn"]
    assert made.filename == "cong-viec-quy-iii-2020-khtc.csv"


def test_the_report_reaches_leadership_with_its_files_and_the_draft_imports_back(
    mail_settings, org, smtp_server
):
    from store.db import upgrade
    from store.departments import sync_departments

    rt = Runtime(mail_settings, org=org)
    upgrade(rt.engine)
    sync_departments(rt.engine, org)
    outcome = quarter(rt)
    assert deliver(rt.at(datetime(2020, 10, 1, 7, 1))).counts()["sent"] == 1
    (mail,) = smtp_server.messages()
    assert mail["To"] == "giamdoc@sokhcn.example.vn, phogiamdoc@sokhcn.example.vn"
    assert mail["Cc"] == "vanphong@sokhcn.example.vn"
    assert mail["Subject"] == "[Báo cáo] Kết quả thực hiện chương trình công tác Quý III/2020"
    files = {p.get_filename(): p.get_content() for p in mail.iter_attachments()}
    assert sorted(files) == ["bao-cao-quy-iii-2020.docx", "bao-cao-quy-iii-2020.xlsx",
                             "du-thao-chuong-trinh-quy-iv-2020.docx"]  # fmt: skip
    sheet = load_workbook(io.BytesIO(files["bao-cao-quy-iii-2020.xlsx"]))["Tổng hợp"]
    assert ("Tổng cộng", 1, 0, 0, 0, 18, 1, 20) in sheet.iter_rows(max_col=8, values_only=True)
    body = mail.get_body(("plain",))
    assert isinstance(body, EmailMessage)
    assert "18 công việc chưa hoàn thành được chuyển tiếp sang Quý IV/2020" in body.get_content()
    with Session(rt.engine) as s:
        before = sorted(i.id for i in list_items(s, period=Q4.key))
    import_file(rt.at(datetime(2020, 10, 2, 9)), outcome.files.draft)
    with Session(rt.engine) as s:
        assert sorted(i.id for i in list_items(s, period=Q4.key)) == before, "no duplicates"
    rt.close()
