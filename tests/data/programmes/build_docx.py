"""Write the corpus's .docx documents (run once; the files are kept in the repository).

    .venv/bin/python tests/data/programmes/build_docx.py
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

HERE = Path(__file__).resolve().parent


def head(document, number: str, place_date: str, title: list[str]) -> None:
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "UBND TỈNH BẮC GIANG\nSỞ KHOA HỌC VÀ CÔNG NGHỆ"
    table.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    table.cell(1, 0).text, table.cell(1, 1).text = number, place_date
    for line in title:
        document.add_paragraph().add_run(line).bold = True


def bold(document, text: str) -> None:
    document.add_paragraph().add_run(text).bold = True


def sign(document) -> None:
    document.add_paragraph("Nơi nhận:")
    document.add_paragraph("- Lưu: VT, VP.")
    bold(document, "GIÁM ĐỐC")
    bold(document, "Nguyễn Thanh Bình")


def numbered_programme() -> None:
    document = Document()
    head(document, "Số: 110/CTr-KHCN", "Bắc Giang, ngày 29 tháng 9 năm 2020",
         ["CHƯƠNG TRÌNH", "Công tác tháng 10 năm 2020"])  # fmt: skip
    bold(document, "I. CÁC NHIỆM VỤ TRỌNG TÂM")
    for text in (
        "Tổ chức Hội đồng KH&CN tỉnh xét duyệt danh mục nhiệm vụ năm 2021.",
        "Kiểm tra chất lượng mũ bảo hiểm cho người đi mô tô, xe máy.",
        "Tổng hợp dự toán ngân sách năm 2021, hoàn thành trước ngày 20/10/2020.",
    ):
        document.add_paragraph(text, style="List Number")
    bold(document, "II. CÁC CUỘC HỌP")
    document.add_paragraph("Họp giao ban lãnh đạo Sở tháng 10/2020.", style="List Bullet")
    sign(document)
    document.save(HERE / "11-khcn-thang-10-2020-danh-so.docx")


def merged_table_plan() -> None:
    document = Document()
    head(document, "Số: 55/KH-KHCN", "Bắc Giang, ngày 20 tháng 4 năm 2021",
         ["KẾ HOẠCH", "Kiểm tra nhà nước về đo lường, chất lượng Quý II năm 2021"])  # fmt: skip
    rows = [
        ("STT", "Nội dung công việc", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành"),
        ("1", "Kiểm tra đo lường đối với cột đo xăng dầu", "Chi cục TĐC", "Thanh tra Sở", "Tháng 5/2021"),
        ("2", "Kiểm tra chất lượng khí dầu mỏ hóa lỏng (LPG)", "", "Thanh tra Sở", "Tháng 6/2021"),
        ("3", "Tổng hợp, báo cáo kết quả kiểm tra", "Văn phòng Sở", "", "30/6/2021"),
    ]
    table = document.add_table(rows=len(rows), cols=5)
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    table.cell(1, 2).merge(table.cell(2, 2)).text = "Chi cục TĐC"  # one lead for two rows
    content = table.cell(2, 1)
    content.add_paragraph("tại các cửa hàng kinh doanh trên địa bàn tỉnh.")
    inserted = table.cell(3, 1).paragraphs[0]._p
    inserted.append(parse_xml(
        f'<w:ins {nsdecls("w")} w:id="7" w:author="VP" w:date="2021-04-19T08:00:00Z">'
        "<w:r><w:t> gửi Tổng cục Tiêu chuẩn Đo lường Chất lượng</w:t></w:r></w:ins>"
    ))  # fmt: skip
    sign(document)
    document.save(HERE / "12-khcn-ke-hoach-bang-gop-o.docx")


if __name__ == "__main__":
    numbered_programme()
    merged_table_plan()
