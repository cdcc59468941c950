import io
import re
import shutil
import subprocess
import tomllib
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt
from icalendar import Calendar
from openpyxl import load_workbook

from documents.calendar_ics import calendar_ics, shorten
from documents.decree30 import Letterhead, period_phrase, vi_date
from documents.programme_draft import DraftTask, programme_draft
from documents.reading import read_bytes
from documents.report_docx import ITEM_COLUMNS, report_docx
from documents.report_xlsx import ITEM_HEADERS, SUMMARY, report_xlsx, sheet_name
from domain.organisation import Organisation
from domain.parsing import parse
from domain.periods import Period
from domain.planning import plan_import
from domain.report import ItemSnapshot, summarise
from domain.rollup import NextItem, PeriodItem, close_period, plan_carry, strip_carry_marker
from domain.status import REPORT_LABELS, ReportClass, Status

ROOT = Path(__file__).resolve().parents[2]
Q3, Q4 = Period.quarter(2020, 3), Period.quarter(2020, 4)
END = date(2020, 9, 30)
NAMES = {
    "VP": "Văn phòng Sở",
    "TTRA": "Thanh tra Sở",
    "QLCN": "Phòng Quản lý công nghệ và thị trường công nghệ",
}
LABELS = REPORT_LABELS["vi"]
HEAD = Letterhead(
    parent="UBND TỈNH BẮC GIANG",
    name="Sở Khoa học và Công nghệ",
    place="Bắc Giang",
    number="125/BC-KHCN",
    issued_on=date(2020, 10, 1),
    signer_title="KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC",
    signer_name="Trần Văn Bình",
    recipients=("UBND tỉnh (b/c);", "Lãnh đạo Sở;", "Lưu: VT, VP."),
)


def q3_item(id, lead, status, *, due=END, done_on=None, progress=40, note=None, support=()):
    return PeriodItem(
        id=id, period=Q3, section="task", text=f"Nhiệm vụ số {id} của Quý III.", lead=lead,
        due=due, status=status, progress=100 if status is Status.DONE else progress,
        support=support, note=note, done_on=done_on,
    )  # fmt: skip


ITEMS = [
    q3_item(1, "VP", Status.DONE, done_on=date(2020, 9, 15)),
    q3_item(2, "VP", Status.DONE, done_on=date(2020, 10, 1)),
    q3_item(3, "TTRA", Status.IN_PROGRESS, support=("VP", "QLCN"), note="Đã họp lần 1"),
    q3_item(4, "TTRA", Status.CANCELLED, note="Tỉnh dừng triển khai"),
    q3_item(5, "QLCN", Status.BLOCKED, due=date(2020, 10, 15), progress=30),
]
PREVIOUS = summarise(
    [ItemSnapshot(9, "2020-Q2", "Việc", "VP", date(2020, 6, 30), "in_progress", 50)],
    today=date(2020, 7, 1),
)


@pytest.fixture(scope="module")
def rollup():
    return close_period(
        Q3, ITEMS, [], _calendar(), today=date(2020, 10, 1), departments=NAMES, previous=PREVIOUS
    )


def _calendar():
    from domain.calendar import WorkCalendar

    return WorkCalendar()


@pytest.fixture(scope="module")
def org() -> Organisation:
    with (ROOT / "config" / "organisation.toml").open("rb") as fh:
        return Organisation.from_dict(tomllib.load(fh))


# -- the workbook ----------------------------------------------------------------
@pytest.fixture(scope="module")
def book(rollup):
    return load_workbook(io.BytesIO(report_xlsx(rollup.report, NAMES)))


def row_values(sheet, row):
    return [cell.value for cell in sheet[row]]


def test_the_workbook_has_a_summary_sheet_then_one_sheet_per_lead_unit(book):
    assert book.sheetnames == [
        SUMMARY, "Văn phòng Sở", "Thanh tra Sở", "Phòng Quản lý công nghệ và thị…"
    ]  # fmt: skip
    assert all(len(name) <= 31 for name in book.sheetnames)


def test_the_summary_counts_each_unit_in_the_four_classes_with_a_totals_row(book):
    sheet = book[SUMMARY]
    assert row_values(sheet, 1) == [
        "Đơn vị", *(LABELS[k] for k in ReportClass), "Đã hủy", "Tổng số",
        "Tỷ lệ hoàn thành đúng hạn",
    ]  # fmt: skip
    assert row_values(sheet, 2) == ["Văn phòng Sở", 1, 0, 1, 0, 0, 0, 2, 0.5]
    assert row_values(sheet, 3) == ["Thanh tra Sở", 0, 0, 0, 0, 1, 1, 2, 0]
    assert row_values(sheet, 4)[:8] == [NAMES["QLCN"], 0, 0, 0, 1, 0, 0, 1]
    assert row_values(sheet, 5) == ["Tổng cộng", 1, 0, 1, 1, 1, 1, 5, 0.25]
    assert sheet["I2"].number_format == "0%"
    assert sheet["A5"].font.bold


def test_the_summary_compares_with_the_previous_quarter(book):
    sheet = book[SUMMARY]
    assert row_values(sheet, 7) == [
        "Tăng (+), giảm (-) so với Quý II/2020", 1, 0, 1, 1, 1 - 1, 1, 4, 0.25
    ]  # fmt: skip
    assert sheet["B7"].number_format == "+0;-0;0"


def test_every_sheet_freezes_and_filters_its_header_row(book):
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref.startswith("A1:"), sheet.title
        assert sheet.column_dimensions["B"].width >= 15
    assert book[SUMMARY].auto_filter.ref == "A1:I4"  # the units, not the totals row


def test_a_unit_sheet_lists_its_items_with_real_dates_and_shares(book):
    sheet = book["Thanh tra Sở"]
    assert [c.value for c in sheet[1]] == [name for name, _ in ITEM_HEADERS]
    assert row_values(sheet, 2) == [
        1, "Nhiệm vụ số 3 của Quý III.", "Thanh tra Sở",
        "Văn phòng Sở; Phòng Quản lý công nghệ và thị trường công nghệ",
        datetime(2020, 9, 30), "Đang thực hiện", 0.4, None, LABELS[ReportClass.OPEN_OVERDUE],
        "Đã họp lần 1", "Quý IV/2020",
    ]  # fmt: skip
    assert sheet["E2"].number_format == "dd/mm/yyyy"
    assert sheet["H2"].number_format == "dd/mm/yyyy"
    assert sheet["G2"].number_format == "0%"
    assert row_values(sheet, 3)[8:11] == ["Đã hủy", "Tỉnh dừng triển khai", None]


def test_a_done_item_shows_its_completion_date(book):
    sheet = book["Văn phòng Sở"]
    assert sheet["H3"].value == datetime(2020, 10, 1)
    assert sheet["I3"].value == LABELS[ReportClass.DONE_LATE]


def test_the_workbook_is_also_written_to_a_path(rollup, tmp_path):
    path = tmp_path / "bao-cao.xlsx"
    data = report_xlsx(rollup.report, NAMES, path=path)
    assert path.read_bytes() == data


@pytest.mark.parametrize(
    ("name", "taken", "expected"),
    [
        ("Thanh tra Sở", (), "Thanh tra Sở"),
        ("Phòng KH/TC: [dự toán]*?", (), "Phòng KH TC dự toán"),
        ("Phòng Quản lý công nghệ và thị trường công nghệ", (), "Phòng Quản lý công nghệ và thị…"),
        ("Tổng hợp", ("Tổng hợp",), "Tổng hợp (2)"),
        ("A" * 40, ("A" * 30 + "…",), "A" * 27 + " (2)"),
    ],
)
def test_sheet_names_are_ones_excel_accepts(name, taken, expected):
    assert sheet_name(name, taken) == expected
    assert len(expected) <= 31


# -- the signed report -------------------------------------------------------------
@pytest.fixture(scope="module")
def report_bytes(rollup):
    return report_docx(rollup.report, NAMES, HEAD)


@pytest.fixture(scope="module")
def doc(report_bytes):
    return Document(io.BytesIO(report_bytes))


def test_the_report_is_on_a4_with_the_decree_margins(doc):
    section = doc.sections[0]
    sizes = ("page_width", "page_height", "top_margin", "bottom_margin", "left_margin",
             "right_margin")  # fmt: skip
    assert [round(getattr(section, name).mm, 1) for name in sizes] == [210, 297, 20, 20, 30, 15]


def test_the_report_is_set_in_times_new_roman_for_every_script(doc):
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size == Pt(14)
    fonts = normal.element.rPr.rFonts
    assert {fonts.get(qn(f"w:{a}")) for a in ("ascii", "hAnsi", "eastAsia", "cs")} == {
        "Times New Roman"
    }
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:rFonts"))
    assert defaults.get(qn("w:eastAsiaTheme")) is None


def test_the_header_names_the_issuer_and_the_nation(doc):
    header = doc.tables[0]
    left, right = header.cell(0, 0), header.cell(0, 1)
    assert [p.text for p in left.paragraphs][:2] == [
        "UBND TỈNH BẮC GIANG",
        "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
    ]
    assert left.paragraphs[1].runs[0].bold
    nation, motto = right.paragraphs[0], right.paragraphs[1]
    assert nation.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and nation.runs[0].bold
    assert motto.text == "Độc lập - Tự do - Hạnh phúc"
    assert motto.runs[0].bold and motto.runs[0].underline
    assert header.cell(1, 0).text == "Số: 125/BC-KHCN"
    when = header.cell(1, 1).paragraphs[0]
    assert when.text == "Bắc Giang, ngày 01 tháng 10 năm 2020" and when.runs[0].italic
    borders = header._tbl.tblPr.find(qn("w:tblBorders"))
    assert {edge.get(qn("w:val")) for edge in borders} == {"nil"}


def test_the_title_says_what_the_report_is_about(doc):
    texts = [p.text for p in doc.paragraphs]
    at = texts.index("BÁO CÁO")
    assert texts[at + 1] == "Kết quả thực hiện Chương trình công tác Quý III năm 2020"
    title = doc.paragraphs[at]
    assert title.runs[0].bold and title.alignment == 1  # centred


def test_the_overall_results_give_each_class_and_the_change(doc):
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "Tổng số công việc trong kỳ: 5, trong đó 1 công việc đã hủy" in body
    assert "- Hoàn thành đúng hạn: 1 công việc (25%), tăng 1 so với Quý II/2020;" in body
    assert (
        "- Đã hủy: 1 công việc (Nhiệm vụ số 4 của Quý III - lý do: Tỉnh dừng triển khai);" in body
    )
    assert "Tỷ lệ hoàn thành đúng hạn đạt 25%, tăng 25 điểm phần trăm so với Quý II/2020." in body


def item_table(doc):
    return next(t for t in doc.tables if t.rows[0].cells[0].text == "STT")


def test_the_item_table_has_the_report_columns_repeated_on_each_page(doc):
    table = item_table(doc)
    assert [c.text for c in table.rows[0].cells] == [name for name, _ in ITEM_COLUMNS]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_the_items_are_grouped_by_class_with_cancelled_ones_last(doc):
    rows = [[c.text for c in row.cells] for row in item_table(doc).rows[1:]]
    groups = [row[1] for row in rows if row[0] in ("I", "II", "III", "IV", "V")]
    assert groups == [
        f"{LABELS[ReportClass.DONE_ON_TIME]} (1 công việc)",
        f"{LABELS[ReportClass.DONE_LATE]} (1 công việc)",
        f"{LABELS[ReportClass.OPEN_NOT_DUE]} (1 công việc)",
        f"{LABELS[ReportClass.OPEN_OVERDUE]} (1 công việc)",
        "Đã hủy (1 công việc)",
    ]
    overdue = next(row for row in rows if row[1] == "Nhiệm vụ số 3 của Quý III.")
    assert overdue == [
        "1", "Nhiệm vụ số 3 của Quý III.", "Thanh tra Sở",
        "Văn phòng Sở; Phòng Quản lý công nghệ và thị trường công nghệ", "30/09/2020",
        "Đang thực hiện (40%)", "Đã họp lần 1\nChuyển tiếp sang Quý IV/2020",
    ]  # fmt: skip
    cancelled = next(row for row in rows if row[1] == "Nhiệm vụ số 4 của Quý III.")
    assert cancelled[5:] == ["Đã hủy", "Lý do: Tỉnh dừng triển khai"]
    assert rows[-1][0] == "Tổng cộng: 5 công việc"


def test_the_recipients_sit_bottom_left_and_the_signer_bottom_right(doc):
    end = doc.tables[-1]
    left, right = end.cell(0, 0).paragraphs, end.cell(0, 1).paragraphs
    heading = left[0].runs[0]
    assert left[0].text == "Nơi nhận:" and heading.bold and heading.italic
    assert heading.font.size == Pt(12)
    assert [p.text for p in left[1:]] == ["- UBND tỉnh (b/c);", "- Lãnh đạo Sở;", "- Lưu: VT, VP."]
    assert {p.runs[0].font.size for p in left[1:]} == {Pt(11)}
    assert [p.text for p in right if p.text] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trần Văn Bình"]
    assert end.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None


def test_the_report_is_also_written_to_a_path(rollup, tmp_path):
    path = tmp_path / "bao-cao.docx"
    assert report_docx(rollup.report, NAMES, HEAD, path=path) == path.read_bytes()


@pytest.mark.parametrize(
    ("day", "written"),
    [
        (date(2020, 10, 1), "ngày 01 tháng 10 năm 2020"),
        (date(2021, 2, 5), "ngày 05 tháng 02 năm 2021"),
        (date(2020, 3, 15), "ngày 15 tháng 3 năm 2020"),
    ],
)
def test_dates_are_written_as_the_decree_writes_them(day, written):
    assert vi_date(day) == written


def test_period_titles_read_as_people_write_them():
    assert period_phrase(Q3) == "Quý III năm 2020"
    assert period_phrase(Period.month(2020, 7)) == "tháng 7 năm 2020"
    assert period_phrase(Period(2020, "year")) == "năm 2020"


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_libreoffice_turns_the_report_into_an_a4_pdf(report_bytes, tmp_path):
    source = tmp_path / "bao-cao.docx"
    source.write_bytes(report_bytes)
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = (tmp_path / "bao-cao.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert boxes and all(abs(float(w) - 595.3) < 1 and abs(float(h) - 841.9) < 1 for w, h in boxes)
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(tmp_path / "bao-cao.pdf"), "-"], capture_output=True, check=True
        ).stdout.decode()
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
        assert "Nhiệm vụ số 3 của Quý III." in text


# -- the calendar ------------------------------------------------------------------
STAMP = datetime(2020, 10, 1, 7, 0, tzinfo=timezone(timedelta(hours=7)))


def calendar_of(items, **kw):
    data = calendar_ics(
        items, NAMES, uid_domain="sokhcn.example.vn", stamp=STAMP, name="Quý III/2020", **kw
    )
    return data, Calendar.from_ical(data)


def snapshots():
    snaps = [item.snapshot() for item in ITEMS]
    long_text = "Tổ chức hội nghị tuyên truyền các văn bản quy phạm pháp luật về đo lường " * 3
    snaps.append(ItemSnapshot(6, "2020-Q3", long_text.strip(), "VP", END, "not_started", 0))
    snaps.append(
        ItemSnapshot(7, "2020-09", "Họp giao ban kỳ tháng 9/2020.", "VP", END, "not_started", 0,
                     section="meeting")
    )  # fmt: skip
    return snaps


def test_the_calendar_reimports_with_one_all_day_event_per_item():
    _, cal = calendar_of(snapshots())
    assert str(cal["X-WR-CALNAME"]) == "Quý III/2020"
    assert str(cal["PRODID"]) == "-//workplan//Chuong trinh cong tac//VI"
    events = cal.walk("VEVENT")
    assert [str(e["UID"]) for e in events] == [f"item-{n}@sokhcn.example.vn" for n in range(1, 8)]
    first = events[0]
    assert first.decoded("DTSTART") == END and type(first.decoded("DTSTART")) is date
    assert first.decoded("DTEND") == END + timedelta(days=1)
    assert first.decoded("DTSTAMP") == datetime(2020, 10, 1, 0, 0, tzinfo=UTC)
    assert str(first["TRANSP"]) == "TRANSPARENT"


def test_an_event_says_who_leads_who_supports_and_where_it_stands():
    _, cal = calendar_of(snapshots())
    event = cal.walk("VEVENT")[2]
    assert str(event["SUMMARY"]) == "Nhiệm vụ số 3 của Quý III."
    assert str(event["DESCRIPTION"]).splitlines() == [
        "Đơn vị chủ trì: Thanh tra Sở",
        "Đơn vị phối hợp: Văn phòng Sở; Phòng Quản lý công nghệ và thị trường công nghệ",
        "Trạng thái: Đang thực hiện (40%)",
        "Thời hạn: 30/09/2020",
        "Kỳ: Quý III/2020",
        "Ghi chú: Đã họp lần 1",
    ]
    assert str(cal.walk("VEVENT")[3]["STATUS"]) == "CANCELLED"
    assert cal.walk("VEVENT")[6]["CATEGORIES"].cats == ["Cuộc họp"]


def test_a_long_text_is_cut_on_a_word_in_the_summary_and_kept_whole_in_the_description():
    _, cal = calendar_of(snapshots())
    event = cal.walk("VEVENT")[5]
    summary = str(event["SUMMARY"])
    assert summary.endswith("…") and len(summary) <= 120
    assert snapshots()[5].text.startswith(summary[:-1])
    assert snapshots()[5].text[len(summary) - 1] == " "  # the cut falls between words
    assert snapshots()[5].text in str(event["DESCRIPTION"])


def test_the_same_items_give_the_same_file():
    assert calendar_of(snapshots())[0] == calendar_of(snapshots())[0]


def test_shorten_leaves_short_texts_alone():
    assert shorten("Họp giao ban.", 120) == "Họp giao ban."
    assert shorten("một hai ba bốn", 9) == "một hai…"


# -- the next period's programme draft -----------------------------------------------
def sample_plan(org):
    text = (ROOT / "examples" / "bac-giang-khcn-2020-07-q3.md").read_text(encoding="utf-8")
    return plan_import(parse(text), org)


def carried_into(org, period: Period, statuses=None):
    plan = sample_plan(org)
    items = [
        PeriodItem(n + 1, p.period, p.section, p.text, p.lead, p.due, Status.IN_PROGRESS, 40,
                   p.support)
        for n, p in enumerate(plan.items) if p.period == period
    ]  # fmt: skip
    return plan_carry(period, items, [], org.calendar)


def names_of(org):
    return {d.code: d.name for d in org.departments}


def reimport(data: bytes, org):
    return plan_import(parse(read_bytes("du-thao.docx", data)), org)


MEETING = DraftTask("meeting", "Tổ chức Hội nghị tổng kết hoạt động KH&CN năm 2020.", "VP",
                    due=date(2020, 12, 31))  # fmt: skip


# Reassigned by leadership: the text's keywords would give Thanh tra Sở the lead.
REASSIGNED = DraftTask("task", "Kiểm tra việc thực hiện kế hoạch thanh tra năm 2020.", "KHTC",
                       ("TDC", "QLCN"), date(2020, 11, 20), Q3)  # fmt: skip


def test_the_draft_reimports_with_the_same_tasks_units_and_due_dates(org):
    carry = carried_into(org, Q3)
    tasks = [DraftTask.of(c) for c in carry.continuations] + [REASSIGNED, MEETING]
    back = reimport(programme_draft(Q4, tasks, names_of(org), HEAD), org)
    assert back.programme.periods == (Q4,)
    assert "(dự thảo)" in back.programme.title
    assert len(back.items) == len(tasks) == 22
    for got, sent in zip(back.items, tasks, strict=True):
        text, source = strip_carry_marker(got.text)
        assert (text, source) == (sent.text, sent.carried_from)
        assert (got.period, got.section) == (Q4, sent.section)
        assert (got.lead, got.support, got.due) == (sent.lead, sent.support, sent.due)
    assert not [n for n in back.notices if n.code == "routed_by_default"]


def test_carried_tasks_are_marked_in_the_draft_and_its_own_are_not(org):
    carry = carried_into(org, Q3)
    tasks = [DraftTask.of(carry.continuations[0]), MEETING]
    text = read_bytes("du-thao.docx", programme_draft(Q4, tasks, names_of(org), HEAD))
    assert (
        "văn bản trình Tỉnh ủy, HĐND, UBND, Chủ tịch UBND tỉnh năm 2021 (chuyển tiếp từ Quý III/2020)."
        in text
    )
    assert "Tổ chức Hội nghị tổng kết hoạt động KH&CN năm 2020. |" in text
    assert "I. CÁC NHIỆM VỤ TRỌNG TÂM" in text and "II. CÁC CUỘC HỌP" in text


def test_a_month_draft_lands_in_its_month(org):
    july = Period.month(2020, 7)
    august = Period.month(2020, 8)
    plan = sample_plan(org)
    nxt = [NextItem(p.text, p.section) for p in plan.items if p.period == august]
    items = [
        PeriodItem(n + 1, p.period, p.section, p.text, p.lead, p.due, Status.NOT_STARTED,
                   support=p.support)
        for n, p in enumerate(plan.items) if p.period == july
    ]  # fmt: skip
    carry = plan_carry(july, items, nxt, org.calendar)
    head = Letterhead("UBND TỈNH BẮC GIANG", "Sở Khoa học và Công nghệ", "Bắc Giang", "  /CTr-KHCN")
    data = programme_draft(
        august, [DraftTask.of(c) for c in carry.continuations], names_of(org), head
    )
    back = reimport(data, org)
    assert {item.period for item in back.items} == {august}
    assert [strip_carry_marker(i.text) for i in back.items] == [
        (c.text, july) for c in carry.continuations
    ]
    assert back.programme.issued_on is None and "ngày" in (back.programme.issued_text or "")
