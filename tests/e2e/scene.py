"""A month of reporting on the sample programme, as the pages show it on 5 August 2020:
some departments reported (on time, late, blocked), one never did, July's open items are
five days overdue. The accessibility test and the screenshots (``docs/screens.py``) use it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from sqlmodel import Session

from services.importing import import_programme
from services.runtime import Runtime
from services.status_requests import collect
from services.updates import record_update
from store.items import list_items

SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "bac-giang-khcn-2020-07-q3.md"
IMPORTED = datetime(2020, 7, 2, 2, 0, tzinfo=UTC)  # 2 July 2020, 09:00 in Việt Nam
NOW = datetime(2020, 8, 5, 3, 0, tzinfo=UTC)  # 5 August 2020, 10:00

# (when, department, words of the item's text, status, progress, note, by, done on)
# fmt: off
UPDATES = (
    ((7, 13, 9), "VP", "Hội nghị sơ kết", "in_progress", 50, "Đã xây dựng kế hoạch tổ chức", "Lê Thu Hà", None),
    ((7, 17, 15), "VP", "Hội nghị sơ kết", "done", 100, "Đã tổ chức hội nghị ngày 17/7", "Lê Thu Hà", date(2020, 7, 17)),
    ((7, 24, 16), "TTRA", "Triển khai cuộc thanh tra", "done", 100, "Đã ban hành kết luận thanh tra", "Nguyễn Thị Hoa", date(2020, 7, 24)),
    ((7, 28, 8), "QLKH", "Họp Hội đồng KH&CN cấp cơ sở", "in_progress", 60, "Đã gửi hồ sơ cho thành viên hội đồng", "Trần Văn Bình", None),
    ((7, 28, 9), "TDC", "vàng trang sức", "blocked", 30, "Chờ ý kiến của UBND tỉnh về kế hoạch kiểm tra", "Phạm Minh Đức", None),
    ((7, 29, 10), "KHTC", "Cấp kinh phí hoạt động SNKH", "in_progress", 40, "Đã trình dự toán đợt 1", "Hoàng Thị Lan", None),
    ((8, 3, 14), "QLKH", "nghiệm thu các đề tài, dự án cấp tỉnh", "done", 100, "Đã họp hội đồng nghiệm thu ngày 03/8", "Trần Văn Bình", date(2020, 8, 3)),
    ((8, 4, 8), "TTUD", "mô hình ứng dụng", "in_progress", 70, "", "Vũ Đức Thắng", None),
    ((8, 4, 9), "VP", "thi đua, khen thưởng", "done", 100, "Đã trình Giám đốc ký", "Lê Thu Hà", date(2020, 8, 4)),
)
# fmt: on


def play(rt: Runtime) -> None:
    """Import the sample, ask for progress on Monday 27 July, then record the updates."""
    import_programme(rt.at(IMPORTED), SAMPLE.read_text(encoding="utf-8"),
                     source_name=SAMPLE.name)  # fmt: skip
    collect(rt, as_of=datetime(2020, 7, 27, 1, 0, tzinfo=UTC))
    for (month, day, hour), dept, words, status, progress, note, by, done_on in UPDATES:
        when = datetime(2020, month, day, hour - 7, 5, tzinfo=UTC)
        record_update(rt.at(when), item_id=item_of(rt, dept, words), actor=dept, status=status,
                      progress=progress, note=note or None, by=by, channel="web",
                      done_on=done_on)  # fmt: skip


def item_of(rt: Runtime, dept: str, words: str) -> int:
    """The id of the first item ``dept`` leads whose text holds ``words``."""
    with Session(rt.engine) as session:
        found = list_items(session, dept=dept)
    return next(i.id for i in found if i.lead == dept and words in i.text)
