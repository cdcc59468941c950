"""The next period's programme draft: "CHƯƠNG TRÌNH CÔNG TÁC Quý IV năm 2020 (dự thảo)".

Laid out as the programmes the department imports, so the draft, once edited and
issued, imports back: the Decree 30 header, the title naming the period, then
"I. CÁC NHIỆM VỤ TRỌNG TÂM" and "II. CÁC CUỘC HỌP, HỘI NGHỊ, HỘI THẢO CỦA SỞ", each a
table STT | Nội dung công việc | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian hoàn thành.
The table cells name the units (the importer's routing takes them as the assignment)
and the due date, and leave the task's text as it was. A carried task ends with
"(chuyển tiếp từ Quý III/2020)" before its final full stop;
:func:`domain.rollup.strip_carry_marker` takes it off again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from docx.document import Document as DocxDocument

from documents.decree30 import (
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
from domain.periods import Period
from domain.programme import Section
from domain.rollup import Continuation, mark_carried

SECTIONS: tuple[tuple[Section, str], ...] = (
    ("task", "I. CÁC NHIỆM VỤ TRỌNG TÂM"),
    ("meeting", "II. CÁC CUỘC HỌP, HỘI NGHỊ, HỘI THẢO CỦA SỞ"),
)
COLUMNS = (
    ("STT", 12.0),
    ("Nội dung công việc", 73.0),
    ("Đơn vị chủ trì", 28.0),
    ("Đơn vị phối hợp", 28.0),
    ("Thời gian hoàn thành", 24.0),
)


@dataclass(frozen=True)
class DraftTask:
    """One task of the draft."""

    section: Section
    text: str
    lead: str  # unit code
    support: tuple[str, ...] = ()
    due: date | None = None
    carried_from: Period | None = None  # the period it is carried from, for the marker

    @classmethod
    def of(cls, continuation: Continuation) -> DraftTask:
        c = continuation
        return cls(c.section, c.text, c.lead, c.support, c.due, c.source_period)

    @property
    def shown_text(self) -> str:
        """The text as the draft writes it, with the carry marker when carried."""
        if self.carried_from is None:
            return self.text
        return mark_carried(self.text, self.carried_from)


def programme_draft(
    period: Period,
    tasks: Iterable[DraftTask],
    departments: Mapping[str, str],
    head: Letterhead,
    *,
    path: Path | None = None,
) -> bytes:
    """The draft programme of ``period`` as .docx bytes (also written to ``path``).

    ``tasks`` come in the order to list them (e.g. ``DraftTask.of`` each continuation of
    the carry plan, then the period's own tasks); ``departments`` maps codes to names.
    """
    document = new_document()
    add_header(document, head, period.year)
    phrase = period_phrase(period)
    add_title(document, "CHƯƠNG TRÌNH CÔNG TÁC", [f"{phrase[:1].upper()}{phrase[1:]} (dự thảo)"])
    tasks = list(tasks)
    for section, heading in SECTIONS:
        chosen = [t for t in tasks if t.section == section]
        if chosen:
            paragraph(document, heading, bold=True, keep_next=True)
            _table(document, chosen, departments)
            paragraph(document, "", after=0)
    add_signature(document, head)
    return save(document, path)


def _table(document: DocxDocument, tasks: list[DraftTask], names: Mapping[str, str]) -> None:
    widths = [w for _, w in COLUMNS]
    tbl = table(document, widths, grid=True)
    for cell, (text, _) in zip(add_row(tbl, widths), COLUMNS, strict=True):
        cell_text(cell, text, size=12, bold=True, centre=True, keep_next=True)
    repeat_as_header(tbl)
    rows = (
        [
            str(n),
            task.shown_text,
            names.get(task.lead, task.lead),
            "; ".join(names.get(code, code) for code in task.support),
            dmy(task.due),
        ]
        for n, task in enumerate(tasks, 1)
    )
    add_text_rows(tbl, widths, rows, size=12, centred=(0, 4))
