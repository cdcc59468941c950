"""The period report as a workbook: a summary sheet and one sheet per lead unit.

"Tổng hợp" has a row per unit (the four classes, cancelled, total, share done on time)
and a totals row, then, when the previous period is known, the differences. Each unit's
sheet lists its items. Headers sit in row 1, frozen, with a filter; dates are real dates
shown dd/mm/yyyy and shares real fractions shown as percentages, so the figures can be
sorted, filtered and summed.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Mapping
from copy import copy
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from domain.report import DeptCounts
from domain.rollup import PeriodReport, ReportLine, counted, on_time
from domain.status import REPORT_LABELS, ReportClass, Status, label

SUMMARY = "Tổng hợp"
CANCELLED = "Đã hủy"
DATE_FORMAT = "dd/mm/yyyy"
PERCENT_FORMAT = "0%"
DELTA_FORMAT = "+0;-0;0"
POINTS_FORMAT = "+0%;-0%;0%"
ITEM_HEADERS = (
    ("STT", 6),
    ("Nội dung", 60),
    ("Đơn vị chủ trì", 24),
    ("Đơn vị phối hợp", 24),
    ("Thời hạn", 12),
    ("Trạng thái", 15),
    ("Tiến độ", 9),
    ("Ngày hoàn thành", 13),
    ("Kết quả", 26),
    ("Ghi chú", 36),
    ("Chuyển tiếp sang", 15),
)
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_BOLD = Font(name="Times New Roman", bold=True)
_PLAIN = Font(name="Times New Roman")
_HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
_THIN = Side(style="thin", color="808080")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")
_HEAD_ALIGN = Alignment(wrap_text=True, vertical="center", horizontal="center")


def report_xlsx(
    report: PeriodReport,
    departments: Mapping[str, str],
    *,
    path: Path | None = None,
    labels: Mapping[ReportClass, str] | None = None,
) -> bytes:
    """The workbook of ``report`` as bytes (also written to ``path`` when given).

    ``departments`` maps unit codes to names (a code without a name shows as itself).
    """
    labels = labels or REPORT_LABELS["vi"]
    names = dict(departments)
    book = Workbook()
    summary = book.active
    assert summary is not None
    summary.title = SUMMARY
    _summary(summary, report, names, labels)
    taken = {SUMMARY}
    for counts in report.departments:
        lines = report.of_department(counts.dept)
        if lines:
            title = sheet_name(names.get(counts.dept, counts.dept), taken)
            taken.add(title)
            _items(book.create_sheet(title), report, lines, names, labels)
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    if path is not None:
        path.write_bytes(data)
    return data


def sheet_name(name: str, taken: Iterable[str] = ()) -> str:
    """A sheet name Excel accepts: no ``[]:*?/\\``, at most 31 characters (cut on a word
    with "…"), not a name already ``taken`` (compared without case)."""
    clean = " ".join(_FORBIDDEN.sub(" ", name).split()).strip("'") or "Đơn vị"
    if len(clean) > 31:
        words, cut = clean[:30].split(" "), clean[:30]
        cut = " ".join(words[:-1]) if len(words) > 1 and clean[30] != " " else cut
        clean = cut.rstrip(" ,;-–") + "…"
    used = {t.casefold() for t in taken}
    candidate, n = clean, 2
    while candidate.casefold() in used:
        suffix = f" ({n})"
        candidate, n = clean[: 31 - len(suffix)].rstrip() + suffix, n + 1
    return candidate


def _header(sheet: Worksheet, headers: Iterable[tuple[str, float]]) -> None:
    for col, (text, width) in enumerate(headers, 1):
        cell = sheet.cell(row=1, column=col, value=text)
        cell.font, cell.fill, cell.border, cell.alignment = _BOLD, _HEAD_FILL, _BOX, _HEAD_ALIGN
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _summary(
    sheet: Worksheet, report: PeriodReport, names: dict[str, str], labels: Mapping[ReportClass, str]
) -> None:
    headers = [("Đơn vị", 40.0), *((labels[k], 16.0) for k in ReportClass)]
    headers += [(CANCELLED, 10.0), ("Tổng số", 10.0), ("Tỷ lệ hoàn thành đúng hạn", 16.0)]
    _header(sheet, headers)
    sheet.oddHeader.center.text = f"Kết quả thực hiện Chương trình công tác {report.period.name()}"
    rows = [(names.get(d.dept, d.dept), d) for d in report.departments]
    for row, (name, counts) in enumerate(rows, 2):
        _counts_row(sheet, row, name, counts, bold=False)
    last = len(rows) + 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{last}"
    _counts_row(sheet, last + 1, "Tổng cộng", report.total, bold=True)
    change = report.change
    if change is not None:
        row = last + 3
        values: list[object] = [f"Tăng (+), giảm (-) so với {change.previous.name()}"]
        values += [change.classes[k] for k in ReportClass]
        values += [change.cancelled, change.total, change.on_time_points / 100]
        for col, value in enumerate(values, 1):
            cell = sheet.cell(row=row, column=col, value=value)
            cell.font, cell.border = _PLAIN, _BOX
            cell.number_format = POINTS_FORMAT if col == len(values) else DELTA_FORMAT
    sheet.cell(row=last + 5, column=1, value=f"Số liệu đến ngày {report.as_of:%d/%m/%Y}")


def _counts_row(sheet: Worksheet, row: int, name: str, counts: DeptCounts, *, bold: bool) -> None:
    n = counted(counts)
    values: list[object] = [name, *(counts.classes[k] for k in ReportClass)]
    values += [counts.statuses[Status.CANCELLED], counts.total]
    values.append(on_time(counts) / n if n else 0)
    for col, value in enumerate(values, 1):
        cell = sheet.cell(row=row, column=col, value=value)
        cell.font, cell.border = _BOLD if bold else _PLAIN, _BOX
        cell.alignment = _WRAP if col == 1 else Alignment(vertical="top")
    sheet.cell(row=row, column=len(values)).number_format = PERCENT_FORMAT


def _items(
    sheet: Worksheet,
    report: PeriodReport,
    lines: Iterable[ReportLine],
    names: dict[str, str],
    labels: Mapping[ReportClass, str],
) -> None:
    _header(sheet, ITEM_HEADERS)
    sheet.oddHeader.center.text = f"{sheet.title} — {report.period.name()}"
    styles: dict[str | None, StyleArray] = {}
    row = 1
    for row, line in enumerate(lines, 2):
        item = line.item
        values: list[object] = [
            row - 1,
            item.text,
            names.get(item.lead, item.lead),
            "; ".join(names.get(code, code) for code in item.support),
            item.due,
            label(item.status),
            item.progress / 100,
            item.done_on,
            labels[line.klass] if line.klass else CANCELLED,
            item.note or "",
            _capital(line.carried_to.name()) if line.carried_to else "",
        ]
        for col, value in enumerate(values, 1):
            cell = sheet.cell(row=row, column=col, value=value)
            fmt = _ITEM_FORMATS.get(col, DATE_FORMAT if isinstance(value, date) else None)
            _styled(cell, fmt, styles)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(ITEM_HEADERS))}{max(row, 1)}"


# The progress column is a share, the completion date a date even while still empty.
_ITEM_FORMATS = {7: PERCENT_FORMAT, 8: DATE_FORMAT}


def _styled(cell: Cell, number_format: str | None, styles: dict[str | None, StyleArray]) -> None:
    """The item cells' style: set once per number format, then copied, since openpyxl
    hashes every style object it is given and that cost dominates a large workbook."""
    known = styles.get(number_format)
    if known is not None:
        cell._style = copy(known)
        return
    cell.font, cell.border, cell.alignment = _PLAIN, _BOX, _WRAP
    if number_format is not None:
        cell.number_format = number_format
    styles[number_format] = copy(cell._style)


def _capital(text: str) -> str:
    """ "tháng 8/2020" at the start of a cell: "Tháng 8/2020"."""
    return text[:1].upper() + text[1:]
