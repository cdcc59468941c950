"""Sample data for the direction mails in ``workplan mail preview``: Thanh tra Sở asks to
extend its Quý III/2020 inspection, leadership decides, reassigns and directs."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from domain.direction import Extension
from domain.report import ItemSnapshot

DIRECTION_KINDS = ("extension-requested", "extension-decided", "reassigned", "directive")
ITEM = ItemSnapshot(
    id=120, period="2020-Q3", text="Triển khai các cuộc thanh tra theo kế hoạch được phê duyệt.",
    lead="TTRA", due=date(2020, 9, 30), status="in_progress", progress=30, support=("VP",),
)  # fmt: skip
ASKED = Extension(
    id=4, item=ITEM, dept="TTRA", old_due=date(2020, 9, 30), new_due=date(2020, 10, 15),
    reason="Đoàn thanh tra chờ kết quả giám định mẫu của cơ quan chuyên môn.",
    state="pending", requested_by="Trần Văn Bình",
    requested_at=datetime(2020, 8, 12, 2, 0, tzinfo=UTC),
)  # fmt: skip


def direction_sample(kind: str, dept_link: Any) -> dict[str, Any]:
    """The context a direction use case passes to ``render(kind, ...)``."""
    if kind == "extension-requested":
        return {"ext": ASKED, "item": ITEM}
    if kind == "extension-decided":
        extended = replace(ITEM, due=ASKED.new_due, original_due=ASKED.old_due)
        ext = replace(ASKED, item=extended, state="approved", decided_by="Nguyễn Thanh Bình",
                      decision_note="Đồng ý; đề nghị hoàn thành trước ngày 15/10/2020.",
                      decided_at=datetime(2020, 8, 13, 1, 30, tzinfo=UTC))  # fmt: skip
        return {"ext": ext, "item": extended, "dept": "TTRA", "link": dept_link("TTRA")}
    if kind == "reassigned":
        moved = replace(ITEM, lead="VP", support=())
        return {"item": moved, "dept": "VP", "old_lead": "TTRA", "old_support": ["VP"],
                "reason": "Văn phòng Sở đầu mối tổng hợp kết quả thanh tra.",
                "by": "Nguyễn Thanh Bình", "link": dept_link("VP")}  # fmt: skip
    if kind == "directive":
        text = "Đề nghị Thanh tra Sở phối hợp Văn phòng Sở báo cáo kết quả trước ngày 05/10/2020."
        return {"item": ITEM, "dept": "TTRA", "text": text, "by": "Nguyễn Thanh Bình",
                "link": dept_link("TTRA")}  # fmt: skip
    raise ValueError(f"unknown mail kind {kind!r}")
