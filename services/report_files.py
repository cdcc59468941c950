"""The files a rollup leaves under the workplan home's ``reports/<period>/``: the report
as the e-mail shows it (.html), as a workbook (.xlsx) and as the Decree 30 document
leadership signs (.docx), and the next period's programme draft (.docx).

The letterhead comes from the organisation file and the programme imported last: the
issuer ("Sở Khoa học và Công nghệ") and the body above it ("UBND TỈNH BẮC GIANG") from
the organisation's name, the number's suffix ("KHCN" in "/CTr-KHCN") and the signer
from the programme. The date is left blank: the signer dates the report.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from documents.decree30 import Letterhead
from documents.programme_draft import DraftTask, programme_draft
from documents.report_docx import report_docx
from documents.report_xlsx import report_xlsx
from domain.organisation import Organisation
from domain.periods import Period, find_periods
from domain.rollup import PeriodReport
from domain.text import fold
from services.runtime import Runtime
from store.reports import ProgrammeHead

_REGION = re.compile(r"^(?P<name>.+?)\s+(?P<kind>tỉnh|thành phố)\s+(?P<place>.+)$", re.I)
_MONTHS = re.compile(r"(tháng\s+)(\d{1,2}(?:\s*,\s*\d{1,2})*)(\s*/\s*)(\d{4})", re.I)


@dataclass(frozen=True)
class ReportFiles:
    """Where a period's files are."""

    html: Path
    xlsx: Path
    docx: Path
    draft: Path

    def all(self) -> tuple[Path, ...]:
        return (self.html, self.xlsx, self.docx, self.draft)

    def attached(self) -> tuple[Path, ...]:
        """The files the report mail carries."""
        return (self.xlsx, self.docx, self.draft)


def stem(period: Period) -> str:
    """A file name's core: "quy-iii-2020", "thang-7-2020"."""
    return re.sub(r"[^a-z0-9]+", "-", fold(period.name("vi"))).strip("-")


def report_files(rt: Runtime, period: Period) -> ReportFiles:
    """The paths of ``period``'s files (nothing is written)."""
    folder = rt.settings.reports_dir / period.key
    name = f"bao-cao-{stem(period)}"
    draft = folder / f"du-thao-chuong-trinh-{stem(period.next())}.docx"
    return ReportFiles(
        folder / f"{name}.html", folder / f"{name}.xlsx", folder / f"{name}.docx", draft
    )


def write_report_files(
    rt: Runtime,
    report: PeriodReport,
    draft: Iterable[DraftTask],
    head: ProgrammeHead | None,
    *,
    html: str,
) -> ReportFiles:
    """Write the period's four files (replacing older ones) and say where they are."""
    files = report_files(rt, report.period)
    files.html.parent.mkdir(parents=True, exist_ok=True)
    names = {d.code: d.name for d in rt.org.departments}
    _write(files.html, html.encode("utf-8"))
    _write(files.xlsx, report_xlsx(report, names))
    _write(files.docx, report_docx(report, names, letterhead(rt.org, head, kind="BC")))
    nxt = report.period.next()
    _write(files.draft, programme_draft(nxt, draft, names, letterhead(rt.org, head, kind="CTr")))
    return files


def _write(path: Path, data: bytes) -> None:
    """Write through a temporary file, so a reader never sees half a file."""
    partial = path.with_name(f".{path.name}.part")
    partial.write_bytes(data)
    partial.replace(path)


def letterhead(org: Organisation, head: ProgrammeHead | None, *, kind: str) -> Letterhead:
    """The letterhead of a report ("BC") or a programme ("CTr") of the organisation."""
    found = _REGION.match(org.name)
    issuer = found["name"] if found else org.name
    place = (head.place if head and head.place else None) or (found["place"] if found else "")
    parent = f"UBND {found['kind']} {found['place']}".upper() if found else ""
    suffix = (head.number or "").rsplit("-", 1)[-1].strip() if head and head.number else ""
    number = f"      /{kind}-{suffix}" if suffix else f"      /{kind}"
    leader = org.leadership[0] if org.leadership else None
    title = head.signer_title if head and head.signer_title else None
    name = head.signer_name if head and head.signer_name else None
    if title is None and leader is not None:
        title, name = leader.title.upper(), leader.name
    if kind == "CTr" and head and head.recipients:
        recipients = head.recipients
    else:
        recipients = (("UBND tỉnh (b/c);",) if found else ()) + (
            "Lãnh đạo Sở;", "Các phòng, đơn vị thuộc Sở;", "Lưu: VT, VP.",
        )  # fmt: skip
    return Letterhead(
        parent=parent, name=issuer, place=place, number=number,
        signer_title=title or "GIÁM ĐỐC", signer_name=name or "", recipients=recipients,
    )  # fmt: skip


def is_periodic_meeting(text: str, period: Period) -> bool:
    """A meeting held every period ("họp giao ban kỳ tháng 7/2020", "họp định kỳ")."""
    named = find_periods(text, default_year=period.year)
    return "dinh ky" in fold(text) or any(p.within(period) for p in named)


def renewed_meeting(text: str, period: Period) -> str | None:
    """The periodic meeting's wording for the next period ("tháng 7, 8, 9/2020" becomes
    "tháng 10, 11, 12/2020"), or ``None`` when it does not name ``period``'s months."""
    nxt = period.next()
    found = None
    for m in _MONTHS.finditer(text):
        months = tuple(int(n) for n in re.findall(r"\d{1,2}", m[2]))
        if months == period.months and int(m[4]) == period.year:
            found = m
    if found is None:
        return None
    named = ", ".join(str(n) for n in nxt.months)
    return f"{text[: found.start(2)]}{named}{found[3]}{nxt.year}{text[found.end(4) :]}"
