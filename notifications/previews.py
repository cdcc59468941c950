"""Realistic sample data for ``workplan mail preview``: tasks of the Bắc Giang programme
for July and Quý III/2020 (``examples/bac-giang-khcn-2020-07-q3.md``), as they might
stand in mid-August 2020, in the shapes the scheduled jobs pass to the templates."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from domain.chasing import StatusRound, assess_round
from domain.digest import Carried, UndeliveredMail, Week, assemble_digest
from domain.organisation import Organisation
from domain.periods import Period
from domain.reminders import Reminder, ReminderKind
from domain.report import ItemSnapshot, summarise
from notifications.direction_previews import DIRECTION_KINDS, direction_sample

TODAY = date(2020, 8, 14)  # a Friday: the weekly digest goes out
JULY, Q3 = Period.month(2020, 7), Period.quarter(2020, 3)
END_JULY, END_Q3 = JULY.end, Q3.end

# (text, lead, period, due, status, progress, done_on)
# fmt: off
_TASKS: tuple[tuple[str, str, Period, date, str, int, date | None], ...] = (
    ("Họp Hội đồng KH&CN tỉnh 6 tháng đầu năm, xin ý kiến Hội đồng về danh mục nhiệm vụ "
     "KH&CN cấp tỉnh thực hiện năm 2021.", "QLKH", JULY, END_JULY, "done", 100, date(2020, 7, 24)),
    ("Tổ chức hội đồng nghiệm thu các đề tài, dự án cấp tỉnh.",
     "QLKH", JULY, END_JULY, "in_progress", 70, None),
    ("Họp Hội đồng KH&CN cấp cơ sở.", "QLKH", JULY, END_JULY, "not_started", 0, None),
    ("Tìm hiểu, lựa chọn doanh nghiệp ươm tạo công nghệ.",
     "QLCN", JULY, END_JULY, "done", 100, date(2020, 7, 30)),
    ("Hướng dẫn các tổ chức cá nhân đăng ký Sở hữu công nghiệp và đơn đốc hướng dẫn cấp mới "
     "các tổ chức cá nhân cấp phép sử dụng thiết bị X-Quang chuẩn đoán y tế.",
     "QLCNG", JULY, END_JULY, "done", 100, date(2020, 8, 3)),
    ("Hướng dẫn các tổ chức, cá nhân thực hiện công bố dấu định lượng trên nhãn của hàng "
     "đóng gói sẵn.", "TDC", JULY, END_JULY, "done", 100, date(2020, 7, 28)),
    ("Tổ chức hoạt động kiểm tra các cơ sở sản xuất, kinh doanh vàng trang sức, mỹ nghệ "
     "trên địa bàn tỉnh.", "TDC", JULY, END_JULY, "in_progress", 50, None),
    ("Triển khai cuộc thanh tra theo kế hoạch được phê duyệt.",
     "TTRA", JULY, END_JULY, "done", 100, date(2020, 7, 31)),
    ("Tổ chức Hội nghị sơ kết hoạt động 6 tháng đầu năm 2020. Sơ kết công tác thi đua, "
     "khen thưởng 6 tháng đầu năm 2020.", "VP", JULY, END_JULY, "done", 100, date(2020, 7, 17)),
    ("Thực hiện dịch vụ tư vấn, chuyển giao các tiến bộ KH&CN cho các đơn vị sản xuất kinh "
     "doanh, hộ gia đình trong và ngoài tỉnh.", "TTUD", JULY, END_JULY, "blocked", 30, None),
    ("Tổng hợp danh mục các văn bản trình Tỉnh ủy, HĐND, UBND, Chủ tịch UBND tỉnh năm 2021.",
     "VP", Q3, END_Q3, "in_progress", 40, None),
    ("Trình UBND tỉnh phê duyệt danh mục các đề tài, dự án KH&CN cấp tỉnh năm 2021.",
     "QLKH", Q3, END_Q3, "in_progress", 20, None),
    ("Theo dõi, kiểm tra tiến độ các đề tài, dự án cấp tỉnh, cấp nhà nước đang thực hiện.",
     "QLKH", Q3, END_Q3, "not_started", 0, None),
    ("Cấp kinh phí cho các đề tài, dự án thực hiện từ các năm trước chuyển tiếp sang năm 2020 "
     "và thực hiện trong năm 2020 (đợt 2).", "KHTC", Q3, END_Q3, "done", 100, date(2020, 8, 12)),
    ("Tổ chức Hội nghị chuyên đề về đổi mới Công nghệ tại doanh nghiệp.",
     "QLCN", Q3, END_Q3, "not_started", 0, None),
    ("Tổ chức 01 lớp tập huấn về sáng kiến.", "QLCNG", Q3, END_Q3, "in_progress", 60, None),
    ("Tổng hợp báo cáo các Doanh nghiệp tham gia GTCLQG năm 2020.",
     "TDC", Q3, date(2020, 8, 17), "in_progress", 70, None),
    ("Xây dựng kế hoạch kiểm tra hàng hóa phục vụ tết Trung thu.",
     "TDC", Q3, date(2020, 8, 20), "in_progress", 80, None),
    ("Cấp kinh phí hoạt động SNKH cho các huyện, thành phố, các ngành 6 tháng cuối năm 2020.",
     "KHTC", Q3, END_Q3, "in_progress", 50, None),
    ("Triển khai các cuộc thanh tra theo kế hoạch được phê duyệt.",
     "TTRA", Q3, END_Q3, "in_progress", 30, None),
    ("Tổ chức triển khai đầy mạnh hoạt động dịch vụ các sản phẩm KH&CN. Duy trì các hoạt động "
     "dịch vụ kiểm định, kiểm nghiệm đáp ứng nhu cầu của khách hàng.",
     "TTUD", Q3, END_Q3, "done", 100, date(2020, 8, 10)),
)
# fmt: on

ITEMS: tuple[ItemSnapshot, ...] = tuple(
    ItemSnapshot(
        id=i,
        period=p.key,
        text=text,
        lead=lead,
        due=due,
        status=status,
        progress=progress,
        done_on=done_on,
    )
    for i, (text, lead, p, due, status, progress, done_on) in enumerate(_TASKS, start=101)
)


def sample_context(kind: str, *, org: Organisation, base_url: str) -> dict[str, Any]:
    """The context a flow would pass to ``render(kind, ...)``, filled with sample data."""
    base = base_url.rstrip("/")
    office = org.department(org.default_department)
    common: dict[str, Any] = {
        "org": org.name,
        "today": TODAY,
        "departments": {d.code: d.name for d in org.departments},
        "office": {"name": office.name, "email": office.email},
        "link": f"{base}/board/mau-xem-truoc",
    }
    open_items = [i for i in ITEMS if i.status not in ("done", "cancelled")]

    def dept_link(code: str) -> str:
        return f"{base}/d/mau-xem-truoc-{code.lower()}"

    if kind in ("due-soon", "overdue", "escalation"):
        dept = "TDC" if kind == "due-soon" else "QLKH"
        return common | _reminders(kind, dept, open_items, org) | {"link": dept_link(dept)}
    if kind in ("status-request", "chaser"):
        mine = [i for i in open_items if i.lead == "QLKH" and i.period == Q3.key]
        later = {"requested_on": date(2020, 8, 13), "periods": [Q3]}
        extra = later if kind == "chaser" else {}
        return (
            common
            | {
                "dept": "QLKH",
                "period": Q3,
                "items": mine,
                "link": dept_link("QLKH"),
                "reply_by": TODAY,
                "week": Week.of(TODAY),
            }
            | extra
        )
    if kind == "digest":
        return common | _digest(org)
    if kind == "report":
        day = date(2020, 8, 3)
        july = [i for i in ITEMS if i.period == JULY.key]
        report = summarise(july, today=day, departments=org.codes)
        carried = sum(1 for i in july if i.status not in ("done", "cancelled"))
        return common | {
            "today": day,
            "summary": report,
            "period": JULY,
            "next_period": JULY.next(),
            "carried": carried,
            "attachment": "bao-cao-thang-7-2020.xlsx",
        }
    if kind == "test":
        return common | {"server": "127.0.0.1:8025", "sent_at": datetime(2020, 8, 14, 8, 30)}
    if kind in DIRECTION_KINDS:
        return common | direction_sample(kind, dept_link)
    raise ValueError(f"unknown mail kind {kind!r}")


def _reminders(
    kind: str, dept: str, open_items: list[ItemSnapshot], org: Organisation
) -> dict[str, Any]:
    """A department's reminders of 14 August 2020, as :mod:`services.reminders` builds them."""
    cal = org.calendar
    mine = [i for i in open_items if i.lead == dept]
    late = [
        Reminder(i, ReminderKind.OVERDUE, -cal.working_days_between(TODAY, i.due),
                 escalated=kind == "escalation")
        for i in mine if i.due < TODAY
    ]
    soon = [
        Reminder(i, ReminderKind.DUE_SOON, cal.working_days_between(TODAY, i.due))
        for i in mine if TODAY < i.due <= TODAY + timedelta(days=7)
    ]
    if kind == "due-soon":
        late = []
    return {"dept": dept, "overdue": late, "due_today": [], "due_soon": soon,
            "escalated": [r for r in late if r.escalated], "copied": kind == "escalation"}


def _digest(org: Organisation) -> dict[str, Any]:
    """Monday 17 August 2020's digest: the sample items, a round, an undelivered mail."""
    day = date(2020, 8, 17)
    summary = summarise(ITEMS, today=day, departments=org.codes)
    week = Week.of(day).previous()
    asked = datetime(2020, 8, 13, 1, 0, tzinfo=UTC)  # Thursday 08:00 in Việt Nam
    requested = {d: frozenset(i.id for i in ITEMS if i.lead == d) for d in org.codes}
    answered = {i.id for i in ITEMS if i.done_on and i.done_on >= asked.date()}
    answered |= {i.id for i in ITEMS if i.lead in ("TDC", "VP", "QLCNG")}
    digest = assemble_digest(
        as_of=day,
        counts=summary.departments,
        finished=[i for i in ITEMS if i.done_on and week.start <= i.done_on <= week.end],
        overdue=[i for i in ITEMS if i.status not in ("done", "cancelled") and i.due < day],
        carried=[Carried(ITEMS[1], JULY.key, 1)],
        undelivered=[UndeliveredMail(7, "status-request", ("ttud@sokhcn.example.vn",),
                                     "Đề nghị cập nhật tiến độ Quý III/2020 — tuần 33/2020",
                                     "550 5.1.1 mailbox unavailable")],
        last_round=assess_round(StatusRound(asked, requested), updated=answered),
        departments=org.codes,
        period=Q3,
    )
    counts = {"finished": len(digest.finished), "carried": len(digest.carried)}
    return {"today": day, "digest": digest, "counts": counts, "round_day": date(2020, 8, 13)}
