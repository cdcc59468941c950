import unicodedata
from pathlib import Path

import pytest
from docx import Document

from documents.reading import read_bytes, read_document
from domain.parsing import parse
from domain.periods import Period
from domain.problems import InputError

SAMPLE = "CHƯƠNG TRÌNH công tác Quý III năm 2020\n\n- Đôn đốc nộp sản phẩm, kiểm định hàng hóa.\n"
TONES = "\u0300\u0301\u0303\u0309\u0323"  # the combining marks Windows-1258 writes apart


def cp1258(text: str) -> bytes:
    """``text`` as Windows-1258 writes it: base letters precomposed, tones combining."""
    out = []
    for ch in text:
        try:
            out.append(ch.encode("cp1258"))
        except UnicodeEncodeError:
            marks = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in marks if c not in TONES))
            out.append((base + "".join(c for c in marks if c in TONES)).encode("cp1258"))
    return b"".join(out)


def code_of(call, *args) -> str:
    with pytest.raises(InputError) as caught:
        call(*args)
    return caught.value.code


def test_a_utf8_file_is_read_as_written(tmp_path):
    path = tmp_path / "ctr.md"
    path.write_text(SAMPLE, encoding="utf-8")
    assert read_document(path) == SAMPLE


def test_a_byte_order_mark_is_dropped():
    assert read_bytes("ctr.txt", b"\xef\xbb\xbf" + SAMPLE.encode()) == SAMPLE


def test_a_windows_1258_file_is_read_and_composed():
    data = cp1258(SAMPLE)
    assert b"\xec" in data  # the acute tone stands apart, so this is not UTF-8
    assert read_bytes("ctr.txt", data) == SAMPLE


def test_bytes_neither_encoding_reads_are_undecodable():
    assert code_of(read_bytes, "ctr.txt", b"Ch\x81\x8a\x8d") == "undecodable_file"


@pytest.mark.parametrize(
    "data", [b"abc\x00def", b"%PDF-1.4 ...", b"PK\x03\x04 an archive of something else"]
)
def test_binary_files_are_refused(data):
    assert code_of(read_bytes, "ctr.bin", data) == "binary_file"


@pytest.mark.parametrize("data", [b"", b"  \n\t\r\n"])
def test_empty_files_are_refused(data):
    assert code_of(read_bytes, "ctr.md", data) == "empty_file"


def test_a_missing_file_is_named(tmp_path):
    missing = tmp_path / "none.md"
    with pytest.raises(InputError) as caught:
        read_document(missing)
    assert (caught.value.code, caught.value.params["name"]) == ("file_not_found", str(missing))


def test_a_file_over_ten_megabytes_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "big.md"
    path.write_bytes(b"a" * (10 * 1024 * 1024 + 1))
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert caught.value.code == "file_too_large"
    assert caught.value.params == {"name": "big.md", "size": 10.1, "limit": 10}


@pytest.mark.parametrize("data", [b"PK\x03\x04 broken", b"not a zip at all"])
def test_a_corrupt_docx_is_refused(data):
    assert code_of(read_bytes, "ctr.docx", data) == "bad_docx"


def make_docx(path: Path) -> Path:
    document = Document()
    title = document.add_paragraph()
    title.add_run("CHƯƠNG TRÌNH").bold = True
    document.add_paragraph().add_run("Công tác tháng 7 và Quý III năm 2020").bold = True
    document.add_heading("I. CHƯƠNG TRÌNH CÔNG TÁC THÁNG 7", level=2)
    document.add_paragraph("Các nhiệm vụ trọng tâm", style="List Number")
    document.add_paragraph("Tổ chức hội nghị sơ kết. Kiểm tra doanh nghiệp:", style="List Bullet")
    document.add_paragraph("tại các huyện, thành phố.", style="List Bullet 2")
    document.add_paragraph("Các cuộc họp, hội nghị, hội thảo của Sở", style="List Number")
    document.add_paragraph("Họp giao ban kỳ tháng 7/2020.", style="List Bullet")
    document.add_heading("II. CHƯƠNG TRÌNH CÔNG TÁC QUÝ III", level=2)
    table = document.add_table(rows=3, cols=4)
    for row, cells in enumerate([
        ("STT", "Nội dung công việc", "Đơn vị chủ trì", "Thời gian hoàn thành"),
        ("1", "Thanh tra đo lường | chất lượng", "Thanh tra Sở", "30/9/2020"),
        ("2", "Tổng hợp báo cáo quý", "Văn phòng", ""),
    ]):
        for column, text in enumerate(cells):
            table.cell(row, column).text = text
    document.add_paragraph().add_run("GIÁM ĐỐC").bold = True
    document.add_paragraph("Nguyễn Thanh Bình")
    document.save(path)
    return path


def test_a_docx_reads_as_text_with_headings_lists_and_tables(tmp_path):
    text = read_document(make_docx(tmp_path / "ctr.docx"))
    lines = text.splitlines()
    assert "**CHƯƠNG TRÌNH**" in lines
    assert "# I. CHƯƠNG TRÌNH CÔNG TÁC THÁNG 7" in lines
    assert [line.strip() for line in lines if line.strip().startswith(("1.", "2."))] == [
        "1. Các nhiệm vụ trọng tâm", "2. Các cuộc họp, hội nghị, hội thảo của Sở",
    ]  # fmt: skip
    assert "| STT | Nội dung công việc | Đơn vị chủ trì | Thời gian hoàn thành |" in lines
    assert "| 1 | Thanh tra đo lường \\| chất lượng | Thanh tra Sở | 30/9/2020 |" in lines


def test_a_docx_round_trips_through_the_parser(tmp_path):
    programme = parse(read_document(make_docx(tmp_path / "ctr.docx")))
    july, q3 = Period.month(2020, 7), Period.quarter(2020, 3)
    assert programme.periods == (july, q3)
    assert [(t.period, t.section, t.bullet, t.part, t.text, t.lead_hint, t.due_hint)
            for t in programme.tasks] == [
        (july, "task", 1, 1, "Tổ chức hội nghị sơ kết.", None, None),
        (july, "task", 1, 2, "Kiểm tra doanh nghiệp: tại các huyện, thành phố.", None, None),
        (july, "meeting", 1, 1, "Họp giao ban kỳ tháng 7/2020.", None, None),
        (q3, "task", 1, 1, "Thanh tra đo lường | chất lượng", "Thanh tra Sở", "30/9/2020"),
        (q3, "task", 2, 1, "Tổng hợp báo cáo quý", "Văn phòng", None),
    ]  # fmt: skip
    assert (programme.signer_title, programme.signer_name) == ("GIÁM ĐỐC", "Nguyễn Thanh Bình")
