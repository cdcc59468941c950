"""The layout of administrative documents under Decree 30/2020/NĐ-CP, for python-docx.

A4 portrait, margins top and bottom 20 mm, left 30 mm, right 15 mm; Times New Roman
(also as the East Asian and complex-script font, so Vietnamese renders in every
program), 14 pt body, 13 pt in the header. The header is a borderless two-column table:
the issuing body top left (the body above it, then its name in bold capitals and a short
rule), the national name and motto top right; below them the number and, in italics,
the place and date. The end is another borderless table: "Nơi nhận:" and the recipients
bottom left, the signer's title and name bottom right.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from domain.periods import ROMAN_OF, Period

FONT = "Times New Roman"
PAGE = (Mm(210), Mm(297))
MARGINS = {"top": Mm(20), "bottom": Mm(20), "left": Mm(30), "right": Mm(15)}
TEXT_WIDTH_MM = 210 - 30 - 15
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
_HEAD_LEFT_MM, _HEAD_RIGHT_MM = 67, TEXT_WIDTH_MM - 67


@dataclass(frozen=True)
class Letterhead:
    """Who issues the document, where and when, who signs it and who receives it."""

    parent: str  # the body above the issuer, as written: "UBND TỈNH BẮC GIANG"
    name: str  # the issuer: "Sở Khoa học và Công nghệ" (capitalised in the header)
    place: str  # "Bắc Giang"
    number: str  # after "Số: ", e.g. "125/BC-KHCN" or "    /BC-KHCN" to be filled in
    issued_on: date | None = None  # None: "ngày     tháng     năm" left to fill in
    signer_title: str = "GIÁM ĐỐC"  # lines apart with "\n": "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC"
    signer_name: str = ""
    recipients: tuple[str, ...] = ()  # "Như trên;", "Lãnh đạo Sở;", "Lưu: VT, VP."


# -- words -----------------------------------------------------------------------
def vi_date(day: date) -> str:
    """ "ngày 01 tháng 10 năm 2020": a day below 10 and months 1 and 2 take a leading 0."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def place_and_date(place: str, day: date | None, year: int) -> str:
    """ "Bắc Giang, ngày 01 tháng 10 năm 2020"; without a day, blanks to fill in by hand."""
    if day is None:
        return f"{place}, ngày      tháng      năm {year}"
    return f"{place}, {vi_date(day)}"


def period_phrase(period: Period) -> str:
    """The period as a title writes it: "tháng 7 năm 2020", "Quý III năm 2020"."""
    if period.kind == "month":
        return f"tháng {period.index} năm {period.year}"
    if period.kind == "quarter":
        return f"Quý {ROMAN_OF[period.index]} năm {period.year}"
    if period.kind == "half":
        return f"6 tháng {'đầu' if period.index == 1 else 'cuối'} năm {period.year}"
    return f"năm {period.year}"


def dmy(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


# -- the document ----------------------------------------------------------------
def new_document() -> DocxDocument:
    """An empty A4 document with the decree's margins and fonts."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = PAGE
    section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
    section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
    section.header_distance = section.footer_distance = Mm(10)
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        for rpr in defaults.iter(qn("w:rPr")):
            _fonts(rpr)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(14)
    _fonts(normal.element.get_or_add_rPr())
    fmt = normal.paragraph_format
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(6), 1.0
    number_pages(document)
    return document


def _fonts(rpr: Any) -> None:
    """Times New Roman for every script of a run-properties element; Vietnamese language."""
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        rfonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        rfonts.set(qn(f"w:{attr}"), FONT)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "vi-VN")


def number_pages(document: DocxDocument) -> None:
    """Page numbers centred at the top from the second page on, as the decree asks."""
    section = document.sections[0]
    section.different_first_page_header_footer = True
    par = section.header.paragraphs[0]
    par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = par.add_run()
    run.font.size = Pt(13)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def save(document: DocxDocument, path: Path | None = None) -> bytes:
    """The document's bytes, also written to ``path`` when given."""
    buffer = io.BytesIO()
    document.save(buffer)
    data = buffer.getvalue()
    if path is not None:
        path.write_bytes(data)
    return data


def paragraph(
    where: DocxDocument | _Cell,
    text: str = "",
    *,
    size: float = 14,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    align: WD_ALIGN_PARAGRAPH | None = None,
    after: float = 6,
    first_line_mm: float | None = None,
    reuse: bool = False,
    keep_next: bool = False,
) -> Paragraph:
    """A paragraph of one run; ``reuse`` fills a table cell's first, empty paragraph."""
    if reuse and isinstance(where, _Cell) and not where.paragraphs[0].text:
        par = where.paragraphs[0]
    else:
        par = where.add_paragraph()
    if text:
        run = par.add_run(text)
        run.font.size = Pt(size)
        run.bold, run.italic, run.underline = bold or None, italic or None, underline or None
    par.paragraph_format.space_before = Pt(0)
    par.paragraph_format.space_after = Pt(after)
    if align is not None:
        par.alignment = align
    if first_line_mm is not None:
        par.paragraph_format.first_line_indent = Mm(first_line_mm)
    if keep_next:
        par.paragraph_format.keep_with_next = True
    return par


def rule(where: DocxDocument | _Cell, width_mm: float, length_mm: float) -> Paragraph:
    """A short centred solid line (a bottom border of an empty, tiny paragraph)."""
    par = paragraph(where, size=2, after=6)
    par.paragraph_format.space_before = Pt(3)
    side = Mm(max((width_mm - length_mm) / 2, 0))
    par.paragraph_format.left_indent = par.paragraph_format.right_indent = side
    ppr = par._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in {"val": "single", "sz": "6", "space": "1", "color": "auto"}.items():
        bottom.set(qn(f"w:{key}"), value)
    border.append(bottom)
    ppr.insert_element_before(
        border, "w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc", "w:rPr", "w:sectPr"
    )
    run_props = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "4")
    run_props.append(size)
    ppr.append(run_props)
    return par


# -- tables ----------------------------------------------------------------------
def table(document: DocxDocument, widths_mm: Sequence[float], *, grid: bool) -> Table:
    """A table of fixed column widths, with ruled cells (``grid``) or none."""
    tbl = document.add_table(rows=0, cols=len(widths_mm))
    if grid:
        tbl.style = document.styles["Table Grid"]
    tbl.alignment = WD_TABLE_ALIGNMENT.CENTER
    tbl.autofit = False
    tblpr = tbl._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tblpr.append(layout)
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), str(Mm(1).twips))
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    tblpr.append(margins)
    if not grid:
        borders = OxmlElement("w:tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            edge = OxmlElement(f"w:{side}")
            edge.set(qn("w:val"), "nil")
            borders.append(edge)
        tblpr.append(borders)
    for col, width in zip(tbl._tbl.tblGrid.gridCol_lst, widths_mm, strict=True):
        col.w = Mm(width)
    return tbl


def add_row(tbl: Table, widths_mm: Sequence[float]) -> list[_Cell]:
    row = tbl.add_row()
    for cell, width in zip(row.cells, widths_mm, strict=True):
        cell.width = Mm(width)
    return list(row.cells)


def repeat_as_header(tbl: Table, row_index: int = 0) -> None:
    """Repeat the row at the top of every page the table runs on."""
    trpr = tbl.rows[row_index]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)


def keep_row_together(tbl: Table, row: int | Sequence[_Cell]) -> None:
    """Never split the row across pages: its index, or the cells :func:`add_row` gave
    (the cells find their row at once; an index walks every row before it)."""
    tr = tbl.rows[row]._tr if isinstance(row, int) else row[0]._tc.getparent()
    tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


# -- the decree's blocks -------------------------------------------------------------
def add_header(document: DocxDocument, head: Letterhead, year: int) -> Table:
    """Issuer and national name on top, number and place-and-date below."""
    widths = (_HEAD_LEFT_MM, _HEAD_RIGHT_MM)
    tbl = table(document, widths, grid=False)
    left, right = add_row(tbl, widths)
    centre = WD_ALIGN_PARAGRAPH.CENTER
    paragraph(left, head.parent, size=12, align=centre, after=0, reuse=True)
    paragraph(left, head.name.upper(), size=12, bold=True, align=centre, after=0)
    rule(left, _HEAD_LEFT_MM, 22)
    paragraph(right, NATION, size=12, bold=True, align=centre, after=0, reuse=True)
    paragraph(right, MOTTO, size=13, bold=True, underline=True, align=centre, after=0)
    left, right = add_row(tbl, widths)
    paragraph(left, f"Số: {head.number}", size=13, align=centre, after=0, reuse=True)
    when = place_and_date(head.place, head.issued_on, year)
    paragraph(right, when, size=14, italic=True, align=centre, after=0, reuse=True)
    paragraph(document, after=6)
    return tbl


def add_title(document: DocxDocument, kind: str, subject: Sequence[str]) -> None:
    """ "BÁO CÁO" and its subject line(s), bold and centred, a short rule below."""
    centre = WD_ALIGN_PARAGRAPH.CENTER
    paragraph(document, kind, size=14, bold=True, align=centre, after=0)
    for line in subject:
        paragraph(document, line, size=14, bold=True, align=centre, after=0)
    rule(document, TEXT_WIDTH_MM, 40)


def add_signature(document: DocxDocument, head: Letterhead) -> Table:
    """ "Nơi nhận:" with the recipients bottom left; the signer bottom right."""
    paragraph(document, after=0)
    widths = (85.0, TEXT_WIDTH_MM - 85.0)
    tbl = table(document, widths, grid=False)
    left, right = add_row(tbl, widths)
    keep_row_together(tbl, 0)
    paragraph(left, "Nơi nhận:", size=12, bold=True, italic=True, after=0, reuse=True)
    for recipient in head.recipients:
        paragraph(left, f"- {recipient}", size=11, after=0)
    centre = WD_ALIGN_PARAGRAPH.CENTER
    for n, line in enumerate(head.signer_title.splitlines()):
        paragraph(right, line, size=14, bold=True, align=centre, after=0, reuse=n == 0)
    for _ in range(4):  # room for the signature and the seal
        paragraph(right, "", after=0)
    if head.signer_name:
        paragraph(right, head.signer_name, size=14, bold=True, align=centre, after=0)
    return tbl


def cell_text(
    cell: _Cell,
    text: str,
    *,
    size: float = 12,
    bold: bool = False,
    centre: bool = False,
    keep_next: bool = False,
) -> None:
    """Write ``text`` (lines apart with "\n") into an empty table cell."""
    align = WD_ALIGN_PARAGRAPH.CENTER if centre else None
    for n, line in enumerate(text.split("\n") if text else [""]):
        par = paragraph(
            cell, line, size=size, bold=bold, align=align, after=2, reuse=n == 0,
            keep_next=keep_next,
        )  # fmt: skip
        par.paragraph_format.space_before = Pt(2)
