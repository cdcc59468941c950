"""Exports any day: a period's items as the report's workbook (.xlsx), a table (.csv) or
a calendar of deadlines and meetings (.ics), all of them or those a unit leads or
supports, or in one status. The CLI's ``workplan export`` and the board's "Tải Excel"
call the same function.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, replace

from documents.calendar_ics import calendar_ics
from documents.report_xlsx import report_xlsx
from domain.periods import Period
from domain.problems import InputError
from domain.rollup import PeriodReport, ReportLine, classify_period, closing_day
from domain.status import REPORT_LABELS, Status, label, parse_status
from services.report_files import is_periodic_meeting, stem
from services.rollup_plan import NOT_HELD
from services.runtime import Runtime
from store.reports import carried_to, period_items, previous_summary, stored_period

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "ics": "text/calendar; charset=utf-8",
}
CSV_HEADERS = (
    "Số", "Kỳ", "Loại", "Nội dung", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn",
    "Trạng thái", "Tiến độ (%)", "Ngày hoàn thành", "Kết quả", "Ghi chú", "Chuyển tiếp sang",
)  # fmt: skip


@dataclass(frozen=True)
class Export:
    """A file to save or send: its bytes, a name and its media type."""

    data: bytes
    filename: str
    media_type: str
    items: int


def period_report(
    rt: Runtime, period: Period, *, dept: str | None = None, status: str | None = None
) -> PeriodReport:
    """The period as its report shows it: classified on today, or on its closing day
    once it has closed; with where items were carried and, for the whole period, the
    comparison with the previous one. Raises ``period_not_stored`` for an unknown period."""
    code = rt.org.department(dept).code if dept else None
    wanted = parse_status(status).value if status else None
    with rt.begin() as conn:
        stored = stored_period(conn, period)
        if stored is None:
            names = {"period": period.name("vi"), "period_en": period.name("en")}
            raise InputError("period_not_stored", text=period.key, **names)
        items = period_items(conn, period, rt.calendar, dept=code, status=wanted)
        carried = carried_to(conn, period)
        whole = code is None and wanted is None
        codes = rt.org.codes if code is None else ()
        previous = previous_summary(conn, period, rt.calendar, departments=codes) if whole else None
    as_of = min(rt.today(), closing_day(period, rt.calendar))
    report = classify_period(
        period, [i.snapshot() for i in items], today=as_of, departments=codes,
        previous=previous, carried_to=carried,
    )  # fmt: skip
    if stored.closed_at is None:
        return report
    return replace(report, lines=tuple(_said_not_held(ln, rt.locale) for ln in report.lines))


def _said_not_held(line: ReportLine, locale: str) -> ReportLine:
    """A periodic meeting of a closed period left open and not carried was not held."""
    item = line.item
    open_ = Status(item.status).is_open
    period = Period.from_key(item.period)
    if item.section != "meeting" or not open_ or line.carried_to is not None:
        return line
    if not is_periodic_meeting(item.text, period):
        return line
    said = NOT_HELD.get(locale, NOT_HELD["vi"])
    return replace(line, item=replace(item, note=f"{said}. {item.note}" if item.note else said))


def export(
    rt: Runtime, period: Period, fmt: str, *, dept: str | None = None, status: str | None = None
) -> Export:
    """The period's items in ``fmt`` (``xlsx``, ``csv`` or ``ics``)."""
    fmt = fmt.lower().lstrip(".")
    if fmt not in FORMATS:
        raise InputError("export_format", value=fmt)
    report = period_report(rt, period, dept=dept, status=status)
    names = {d.code: d.name for d in rt.org.departments}
    if fmt == "xlsx":
        data = report_xlsx(report, names)
    elif fmt == "csv":
        data = _csv(report, names)
    else:
        domain = rt.settings.smtp_from.rpartition("@")[2] or "workplan.local"
        title = f"Chương trình công tác {period.name('vi')}"
        data = calendar_ics([ln.item for ln in report.lines], names, uid_domain=domain,
                            stamp=rt.now(), name=title)  # fmt: skip
    prefix = {"xlsx": "bao-cao", "csv": "cong-viec", "ics": "lich"}[fmt]
    suffix = f"-{dept.lower()}" if dept else ""
    return Export(data, f"{prefix}-{stem(period)}{suffix}.{fmt}", FORMATS[fmt], len(report.lines))


def _csv(report: PeriodReport, names: dict[str, str]) -> bytes:
    """One row per item; UTF-8 with a byte order mark, so Excel reads the accents."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADERS)
    labels = REPORT_LABELS["vi"]
    for line in report.lines:
        item = line.item
        writer.writerow([
            item.id, _cap(Period.from_key(item.period).name("vi")),
            "Cuộc họp" if item.section == "meeting" else "Nhiệm vụ", item.text,
            names.get(item.lead, item.lead), "; ".join(names.get(c, c) for c in item.support),
            f"{item.due:%d/%m/%Y}", label(item.status), item.progress,
            f"{item.done_on:%d/%m/%Y}" if item.done_on else "",
            labels[line.klass] if line.klass else label(Status.CANCELLED), item.note or "",
            _cap(line.carried_to.name("vi")) if line.carried_to else "",
        ])  # fmt: skip
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]
