"""The period report leadership signs: "BÁO CÁO Kết quả thực hiện Chương trình công tác
Quý III năm 2020", in the layout of Decree 30/2020/NĐ-CP (see :mod:`documents.decree30`).

I. the overall results: the count and share of each class, the cancelled items, the
share done on time, each compared with the previous period when known; the counts per
unit in a table with its totals row. II. every item in one table, grouped by the four
classes, then the cancelled ones with their reason: a report answers "what was done,
what is late" first, and each row names its lead unit (the workbook has one sheet per
unit for the other reading).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH

from documents.decree30 import (
    TEXT_WIDTH_MM,
    Letterhead,
    add_header,
    add_row,
    add_signature,
    add_title,
    cell_text,
    dmy,
    new_document,
    paragraph,
    period_phrase,
    repeat_as_header,
    save,
    table,
)
from documents.table_rows import add_text_rows
from domain.report import DeptCounts
from domain.rollup import PeriodReport, ReportLine, counted, on_time_percent
from domain.status import REPORT_LABELS, ReportClass, Status, label

ITEM_COLUMNS = (
    ("STT", 10.0),
    ("Nội dung", 52.0),
    ("Đơn vị chủ trì", 24.0),
    ("Đơn vị phối hợp", 22.0),
    ("Thời hạn", 20.0),
    ("Kết quả", 20.0),
    ("Ghi chú", 17.0),
)
CANCELLED = "Đã hủy"
_ROMAN = ("I", "II", "III", "IV", "V", "VI")
_JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY


def report_docx(
    report: PeriodReport,
    departments: Mapping[str, str],
    head: Letterhead,
    *,
    path: Path | None = None,
    labels: Mapping[ReportClass, str] | None = None,
) -> bytes:
    """The signed report of ``report``'s period as .docx bytes (also written to ``path``).

    ``departments`` maps unit codes to names; ``labels`` the four classes to their names.
    """
    labels = labels or REPORT_LABELS["vi"]
    names = dict(departments)
    document = _document(report, names, head, labels)
    return save(document, path)


def _document(report: PeriodReport, names: Names, head: Letterhead, labels: Labels) -> DocxDocument:
    document = new_document()
    phrase = period_phrase(report.period)
    add_header(document, head, (head.issued_on or report.as_of).year)
    add_title(document, "BÁO CÁO", [f"Kết quả thực hiện Chương trình công tác {phrase}"])
    intro = (
        f"{head.name} báo cáo kết quả thực hiện Chương trình công tác {phrase} "
        f"(số liệu đến ngày {dmy(report.as_of)}) như sau:"
    )
    paragraph(document, intro, align=_JUSTIFY, first_line_mm=12.7)
    paragraph(document, "I. KẾT QUẢ CHUNG", bold=True)
    _overall(document, report, labels)
    _by_department(document, report, names, labels)
    paragraph(document, "", after=0)
    paragraph(document, "II. KẾT QUẢ THỰC HIỆN TỪNG NHIỆM VỤ", bold=True, keep_next=True)
    _items(document, report, names, labels)
    add_signature(document, head)
    return document


def _pct(part: int, whole: int) -> int:
    return (200 * part + whole) // (2 * whole) if whole else 0


def _signed(delta: int, unit: str, previous: str) -> str:
    if delta > 0:
        return f"tăng {delta}{unit} so với {previous}"
    if delta < 0:
        return f"giảm {-delta}{unit} so với {previous}"
    return f"không đổi so với {previous}"


Labels = Mapping[ReportClass, str]
Names = Mapping[str, str]


def _overall(document: DocxDocument, report: PeriodReport, labels: Labels) -> None:
    total, change = report.total, report.change
    previous = change.previous.name("vi") if change else ""
    cancelled = total.statuses[Status.CANCELLED]
    n = counted(total)
    text = f"Tổng số công việc trong kỳ: {total.total}"
    text += (
        f", trong đó {cancelled} công việc đã hủy; {n} công việc được đánh giá:"
        if cancelled
        else ":"
    )
    paragraph(document, text, align=_JUSTIFY, first_line_mm=12.7)
    for klass in ReportClass:
        count = total.classes[klass]
        line = f"- {labels[klass]}: {count} công việc ({_pct(count, n)}%)"
        if change:
            line += f", {_signed(change.classes[klass], '', previous)}"
        paragraph(document, line + ";", align=_JUSTIFY, first_line_mm=12.7)
    if cancelled:
        reasons = "; ".join(
            f"{ln.item.text.rstrip('.;')} - lý do: {ln.item.note}" if ln.item.note else ln.item.text
            for ln in report.cancelled
        )
        line = f"- {CANCELLED}: {cancelled} công việc ({reasons.rstrip('.;')});"
        paragraph(document, line, align=_JUSTIFY, first_line_mm=12.7)
    rate = f"Tỷ lệ hoàn thành đúng hạn đạt {on_time_percent(total)}%"
    if change:
        rate += f", {_signed(change.on_time_points, ' điểm phần trăm', previous)}"
    paragraph(document, rate + ".", align=_JUSTIFY, first_line_mm=12.7)


def _by_department(
    document: DocxDocument, report: PeriodReport, names: Names, labels: Labels
) -> None:
    paragraph(document, "Kết quả theo đơn vị:", first_line_mm=12.7, keep_next=True)
    classes = tuple(17.0 for _ in ReportClass)
    widths = (35.0, *classes, 12.0, 12.0, TEXT_WIDTH_MM - 59.0 - sum(classes))
    headers = ["Đơn vị", *(labels[k] for k in ReportClass), CANCELLED, "Tổng số", "Tỷ lệ đúng hạn"]
    tbl = table(document, widths, grid=True)
    for cell, text in zip(add_row(tbl, widths), headers, strict=True):
        cell_text(cell, text, size=11, bold=True, centre=True, keep_next=True)
    repeat_as_header(tbl)
    rows: list[tuple[str, DeptCounts]] = [
        (names.get(d.dept, d.dept), d) for d in report.departments
    ]
    rows.append(("Tổng cộng", report.total))
    for n, (name, counts) in enumerate(rows):
        values = [
            *(str(counts.classes[k]) for k in ReportClass),
            str(counts.statuses[Status.CANCELLED]),
            str(counts.total),
            f"{on_time_percent(counts)}%",
        ]
        cells = add_row(tbl, widths)
        bold = n == len(rows) - 1
        cell_text(cells[0], name, size=11, bold=bold)
        for cell, value in zip(cells[1:], values, strict=True):
            cell_text(cell, value, size=11, bold=bold, centre=True)


def _items(document: DocxDocument, report: PeriodReport, names: Names, labels: Labels) -> None:
    widths = [w for _, w in ITEM_COLUMNS]
    tbl = table(document, widths, grid=True)
    for cell, (text, _) in zip(add_row(tbl, widths), ITEM_COLUMNS, strict=True):
        cell_text(cell, text, size=11, bold=True, centre=True, keep_next=True)
    repeat_as_header(tbl)
    groups: list[tuple[str, tuple[ReportLine, ...]]] = [
        (labels[k], report.in_class(k)) for k in ReportClass
    ]
    groups.append((CANCELLED, report.cancelled))
    groups = [(title, lines) for title, lines in groups if lines]
    for roman, (title, lines) in zip(_ROMAN, groups, strict=False):
        cells = add_row(tbl, widths)
        cell_text(cells[0], roman, size=11, bold=True, centre=True, keep_next=True)
        merged = cells[1].merge(cells[-1])
        group = f"{title} ({len(lines)} công việc)"
        cell_text(merged, group, size=11, bold=True, keep_next=True)
        rows = (
            [
                str(n),
                line.item.text,
                names.get(line.item.lead, line.item.lead),
                "; ".join(names.get(code, code) for code in line.item.support),
                dmy(line.item.due),
                _outcome(line),
                _remark(line),
            ]
            for n, line in enumerate(lines, 1)
        )
        add_text_rows(tbl, widths, rows, size=11, centred=(0, 4))
    cells = add_row(tbl, widths)
    merged = cells[0].merge(cells[-1])
    cell_text(merged, f"Tổng cộng: {report.total.total} công việc", size=11, bold=True)


def _outcome(line: ReportLine) -> str:
    item = line.item
    status = Status(item.status)
    if status is Status.DONE:
        return f"Hoàn thành\n{dmy(item.done_on)}" if item.done_on else label(status)
    if status is Status.CANCELLED:
        return CANCELLED
    if status is Status.NOT_STARTED:
        return label(status)
    return f"{label(status)} ({item.progress}%)"


def _remark(line: ReportLine) -> str:
    parts = []
    if line.item.note:
        prefix = "Lý do: " if line.klass is None else ""
        parts.append(prefix + line.item.note)
    if line.carried_to is not None:
        parts.append(f"Chuyển tiếp sang {line.carried_to.name('vi')}")
    return "\n".join(parts)
