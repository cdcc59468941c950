"""A parsed work programme: its periods, sections, tasks, recipients and signer.

:func:`domain.parsing.parse` builds it from text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from domain.periods import Period
from domain.problems import Notice

Section = Literal["task", "meeting"]


@dataclass(frozen=True)
class Task:
    """One task (or meeting) as the document writes it, in one period."""

    period: Period
    section: Section
    bullet: int  # 1-based number of the bullet within its period and section
    part: int  # 1-based sentence number within the bullet (1 when not split)
    text: str  # as written, Markdown marks dropped
    line: int  # 1-based source line where the bullet starts
    lead_hint: str | None = None  # a table's "Đơn vị chủ trì" cell
    support_hint: str | None = None  # a table's "Đơn vị phối hợp" cell
    due_hint: str | None = None  # a table's "Thời gian hoàn thành" cell
    group: str | None = None  # the sub-heading the item stands under ("2. Công tác thanh tra")
    units: str | None = None  # a closing parenthesis naming units: "(TTr chủ trì)"


@dataclass(frozen=True)
class Programme:
    title: str
    periods: tuple[Period, ...]
    tasks: tuple[Task, ...]
    issuer: str | None = None  # "SỞ KHOA HỌC VÀ CÔNG NGHỆ"
    number: str | None = None  # "Số: /CTr-KHCN"
    place: str | None = None  # "Bắc Giang"
    issued_on: date | None = None
    issued_text: str | None = None  # "Bắc Giang, ngày tháng 6 năm 2020" as written
    recipients: tuple[str, ...] = ()
    signer_title: str | None = None
    signer_name: str | None = None
    notices: tuple[Notice, ...] = field(default=())
