"""What a .docx programme gives the parser: merged cells, tracked changes, content controls."""

import io

from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from documents.reading import read_bytes
from domain.parsing import parse

TITLE = ("CHƯƠNG TRÌNH", "Công tác Quý III năm 2020")


def docx_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def new_document():
    document = Document()
    for line in TITLE:
        document.add_paragraph(line)
    return document


def test_a_lead_cell_merged_over_rows_leads_each_of_them():
    document = new_document()
    table = document.add_table(rows=4, cols=3)
    for cell, text in zip(table.rows[0].cells, ("STT", "Nội dung", "Đơn vị chủ trì"), strict=True):
        cell.text = text
    for n, text in enumerate(("Kiểm định công tơ điện.", "Kiểm tra xăng dầu.", "Họp giao ban."), 1):
        table.rows[n].cells[0].text, table.rows[n].cells[1].text = str(n), text
    table.cell(1, 2).merge(table.cell(2, 2)).text = "Chi cục TĐC"
    table.rows[3].cells[2].text = "Văn phòng Sở"
    tasks = parse(read_bytes("ctr.docx", docx_bytes(document))).tasks
    assert [(t.text, t.lead_hint) for t in tasks] == [
        ("Kiểm định công tơ điện.", "Chi cục TĐC"),
        ("Kiểm tra xăng dầu.", "Chi cục TĐC"),
        ("Họp giao ban.", "Văn phòng Sở"),
    ]


def test_a_cell_of_several_paragraphs_is_one_task():
    document = new_document()
    table = document.add_table(rows=2, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "STT", "Nội dung"
    cell = table.rows[1].cells[1]
    cell.text = "Tổ chức kiểm tra đo lường"
    cell.add_paragraph("tại các cửa hàng xăng dầu.")
    table.rows[1].cells[0].text = "1"
    tasks = parse(read_bytes("ctr.docx", docx_bytes(document))).tasks
    assert [t.text for t in tasks] == ["Tổ chức kiểm tra đo lường tại các cửa hàng xăng dầu."]


def test_tracked_changes_read_as_accepted_and_content_controls_as_text():
    document = new_document()
    paragraph = document.add_paragraph("- Kiểm tra hàng hóa ")
    paragraph._p.append(parse_xml(
        f'<w:del {nsdecls("w")} w:id="1" w:author="A" w:date="2020-06-01T00:00:00Z">'
        "<w:r><w:delText>trong tháng 7</w:delText></w:r></w:del>"
    ))  # fmt: skip
    paragraph._p.append(parse_xml(
        f'<w:ins {nsdecls("w")} w:id="2" w:author="A" w:date="2020-06-01T00:00:00Z">'
        "<w:r><w:t>trước ngày 20/8/2020</w:t></w:r></w:ins>"
    ))  # fmt: skip
    control = document.add_paragraph("- Họp giao ban ")
    control._p.append(parse_xml(
        f'<w:sdt {nsdecls("w")}><w:sdtContent><w:r><w:t>tháng 8/2020.</w:t></w:r>'
        "</w:sdtContent></w:sdt>"
    ))  # fmt: skip
    tasks = parse(read_bytes("ctr.docx", docx_bytes(document))).tasks
    assert [t.text for t in tasks] == [
        "Kiểm tra hàng hóa trước ngày 20/8/2020", "Họp giao ban tháng 8/2020.",
    ]  # fmt: skip


def _block_control(*paragraphs: str) -> str:
    """A block-level content control holding one paragraph per text."""
    runs = "".join(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" for text in paragraphs)
    return f"<w:sdt {nsdecls('w')}><w:sdtPr/><w:sdtContent>{runs}</w:sdtContent></w:sdt>"


def test_paragraphs_inside_a_block_content_control_are_read_in_their_place():
    document = new_document()
    document.add_paragraph("- Kiểm tra nhãn hàng hóa trong tháng 7/2020.")
    after = document.add_paragraph("- Họp giao ban tháng 9/2020.")
    after._p.addprevious(parse_xml(_block_control(
        "- Thanh tra chuyên ngành tháng 8/2020.", "- Báo cáo sơ kết tháng 8/2020.",
    )))  # fmt: skip
    tasks = parse(read_bytes("ctr.docx", docx_bytes(document))).tasks
    assert [t.text for t in tasks] == [
        "Kiểm tra nhãn hàng hóa trong tháng 7/2020.",
        "Thanh tra chuyên ngành tháng 8/2020.",
        "Báo cáo sơ kết tháng 8/2020.",
        "Họp giao ban tháng 9/2020.",
    ]


def test_a_block_content_control_in_a_table_cell_is_the_cell_text():
    document = new_document()
    table = document.add_table(rows=3, cols=3)
    for cell, text in zip(table.rows[0].cells, ("STT", "Nội dung", "Đơn vị chủ trì"), strict=True):
        cell.text = text
    for n in (1, 2):
        table.rows[n].cells[0].text = str(n)
    table.rows[1].cells[1].text = "Kiểm định công tơ điện."
    content = table.rows[2].cells[1]._tc
    content.remove(content.p_lst[0])
    content.append(parse_xml(_block_control("Kiểm tra xăng dầu", "tại các cửa hàng.")))
    lead = table.rows[2].cells[2]._tc
    lead.remove(lead.p_lst[0])
    lead.append(parse_xml(_block_control("Chi cục TĐC")))
    tasks = parse(read_bytes("ctr.docx", docx_bytes(document))).tasks
    assert [(t.text, t.lead_hint) for t in tasks] == [
        ("Kiểm định công tơ điện.", None),
        ("Kiểm tra xăng dầu tại các cửa hàng.", "Chi cục TĐC"),
    ]


def test_tasks_numbered_from_a_thousand_are_tasks_like_the_others():
    document = new_document()
    document.add_paragraph("I. NHIỆM VỤ TRỌNG TÂM")
    texts = ("Kiểm tra đo lường xăng dầu.", "Thanh tra chuyên ngành.", "Họp giao ban.")
    for number, closing, text in zip((999, 1000, 1001), (".", ".", ")"), texts, strict=True):
        document.add_paragraph(f"{number}{closing} {text}")
    tasks = parse(read_bytes("ctr.docx", docx_bytes(document))).tasks
    assert [(t.bullet, t.text) for t in tasks] == list(zip((999, 1000, 1001), texts, strict=True))


def test_a_year_opening_a_wrapped_line_is_not_a_number():
    document = new_document()
    document.add_paragraph("1. Tổng kết công tác thi đua, khen thưởng năm\n2020. Tổ chức hội nghị.")
    tasks = parse(read_bytes("ctr.docx", docx_bytes(document))).tasks
    assert [t.text for t in tasks] == [
        "Tổng kết công tác thi đua, khen thưởng năm 2020.", "Tổ chức hội nghị.",
    ]  # fmt: skip


def test_rows_and_cells_inside_content_controls_are_read_in_their_place():
    document = new_document()
    table = document.add_table(rows=3, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "STT", "Nội dung"
    for n, text in ((1, "Kiểm định công tơ điện."), (2, "Họp giao ban.")):
        table.rows[n].cells[0].text, table.rows[n].cells[1].text = str(n), text
    row = table.rows[1]._tr
    control = parse_xml(f"<w:sdt {nsdecls('w')}><w:sdtPr/><w:sdtContent/></w:sdt>")
    row.addprevious(control)
    control[1].append(row)  # the whole row inside a control
    cell = table.rows[-1]._tr.tc_lst[1]
    wrapper = parse_xml(f"<w:sdt {nsdecls('w')}><w:sdtPr/><w:sdtContent/></w:sdt>")
    cell.addprevious(wrapper)
    wrapper[1].append(cell)  # one cell inside a control
    tasks = parse(read_bytes("ctr.docx", docx_bytes(document))).tasks
    assert [(t.bullet, t.text) for t in tasks] == [
        (1, "Kiểm định công tơ điện."),
        (2, "Họp giao ban."),
    ]


def test_a_place_names_its_origin_in_messages_and_stays_the_line_number_elsewhere():
    from domain.messages import render
    from domain.parsing.places import Place

    row, paragraph = Place.table_row(14, 1, 3), Place.paragraph(9, 5)
    params = {"period": "tháng 7/2020", "text": "Họp", "line": row, "first_line": paragraph}
    assert render("duplicate_task", "vi", **params) == (
        "Nhiệm vụ lặp lại trong tháng 7/2020 (bảng 1, dòng 3) được gộp vào nhiệm vụ ở đoạn 5: “Họp”."
    )
    assert (int(row), str(row), f"{paragraph}", row + 1) == (14, "14", "9", 15)
