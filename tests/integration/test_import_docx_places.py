"""A .docx's warnings and errors name its paragraphs and table rows, not converted lines."""

from __future__ import annotations

import pytest
from docx import Document

from domain.messages import render
from domain.problems import InputError
from services.importing import import_file


def programme(path, *, bad_day: bool = False):
    """Paragraphs with text: 1 title, 2 period, 3 section, 4 and 5 tasks; then a table."""
    document = Document()
    for text in ("CHƯƠNG TRÌNH", "Công tác tháng 7 năm 2020", "I. NHIỆM VỤ TRỌNG TÂM"):
        document.add_paragraph(text)
    document.add_paragraph("")  # an empty paragraph is not counted
    document.add_paragraph("- Kiểm tra nhãn hàng hóa tại các chợ.")
    day = "31/02/2020" if bad_day else "20/7/2020"
    document.add_paragraph(f"- Làm việc với các đối tác trong nước trước ngày {day}.")
    table = document.add_table(rows=3, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "STT", "Nội dung"
    table.rows[1].cells[0].text, table.rows[1].cells[1].text = "1", "Thanh tra chuyên ngành."
    table.rows[2].cells[0].text, table.rows[2].cells[1].text = "2", "Gặp gỡ các nhà tài trợ."
    document.save(path)
    return path


def warnings(plan, locale):
    return [render(n.code, locale, **n.params) for n in plan.notices]


def test_warnings_about_a_docx_name_the_paragraph_and_the_table_row(rt, tmp_path):
    plan, _ = import_file(rt, programme(tmp_path / "ctr.docx"), dry_run=True)
    by_default = [n for n in plan.notices if n.code == "routed_by_default"]
    assert [int(n.params["line"]) > 0 for n in by_default] == [True, True]  # still a number
    vi, en = warnings(plan, "vi"), warnings(plan, "en")
    assert any("(đoạn 5)" in w for w in vi), vi
    assert any("(bảng 1, dòng 3)" in w for w in vi), vi
    assert any("(paragraph 5)" in w for w in en) and any("(table 1, row 3)" in w for w in en)
    assert not any("dòng 1" in w.replace("bảng 1, dòng", "") for w in vi)


def test_an_impossible_date_in_a_docx_names_its_paragraph(rt, tmp_path):
    with pytest.raises(InputError) as caught:
        import_file(rt, programme(tmp_path / "ctr.docx", bad_day=True), dry_run=True)
    assert render(caught.value.code, "vi", **caught.value.params) == (
        "Ngày “31/02/2020” không tồn tại (đoạn 5)."
    )


def test_the_same_text_as_markdown_keeps_its_line_numbers(rt, tmp_path):
    path = tmp_path / "ctr.md"
    path.write_text(
        "CHƯƠNG TRÌNH\n\nCông tác tháng 7 năm 2020\n\nI. NHIỆM VỤ TRỌNG TÂM\n\n"
        "- Làm việc với các đối tác trong nước.\n",
        encoding="utf-8",
    )
    plan, _ = import_file(rt, path, dry_run=True)
    assert any("(dòng 7)" in w for w in warnings(plan, "vi"))
