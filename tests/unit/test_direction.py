"""Who may do what on an item, the rules of extensions, reassignments, directives and
cancellations, and how an item finished within an approved extension is counted."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from domain.direction import (
    check_cancel,
    check_extension,
    check_pending,
    clean_text,
    keywords_in,
    plan_reassign,
    read_day,
    refusal,
    role_on,
    update_refusal,
)
from domain.periods import Period
from domain.problems import InputError
from domain.report import ItemSnapshot, summarise
from domain.rollup import classify_period, on_time_percent
from domain.status import ReportClass, Status, classify

SEPT_30, OCT_15 = date(2020, 9, 30), date(2020, 10, 15)
CODES = {"VP": "Văn phòng Sở", "TTRA": "Thanh tra Sở", "QLKH": "Phòng Quản lý khoa học",
         "TDC": "Chi cục Tiêu chuẩn Đo lường Chất lượng"}


def code_of(call) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError) as caught:
        call()
    return caught.value.code


# -- roles ---------------------------------------------------------------------------


def test_the_lead_unit_supporting_units_and_leadership_each_have_their_role():
    assert role_on("TTRA", ["VP"], "TTRA") == "lead"
    assert role_on("TTRA", ["VP"], "VP") == "support"
    assert role_on("TTRA", ["VP"], None) == "leadership"
    assert role_on("TTRA", ["VP"], "QLKH") is None


def test_a_supporting_unit_contributes_but_cannot_change_status_or_ask_for_time():
    assert refusal("contribute", "support") is None
    assert refusal("update", "support") == "support_cannot_update"
    assert refusal("extend", "support") == "support_cannot_extend"


def test_the_lead_unit_reports_and_asks_for_time_but_leadership_decides():
    assert refusal("update", "lead") is None and refusal("extend", "lead") is None
    for action in ("decide", "reassign", "direct", "cancel"):
        assert refusal(action, "lead") == f"leadership_only_{action}"
        assert refusal(action, "leadership") is None
    assert refusal("contribute", "lead") == "contribution_support_only"


def test_only_leadership_cancels_an_item_or_brings_a_cancelled_one_back():
    assert update_refusal("lead", "in_progress", "done") is None
    assert update_refusal("lead", "in_progress", "Đã hủy") == "leadership_only_cancel"
    assert update_refusal("lead", "cancelled", "in_progress") == "cancelled_by_leadership"
    assert update_refusal("lead", "cancelled", None) == "cancelled_by_leadership"
    assert update_refusal("leadership", "cancelled", "in_progress") is None
    assert update_refusal("support", "in_progress", "done") == "support_cannot_update"


def test_a_unit_that_neither_leads_nor_supports_may_do_nothing():
    for action in ("update", "extend", "contribute", "decide"):
        assert refusal(action, None) == "not_your_item"


# -- extensions ----------------------------------------------------------------------


def extend(new_due: date, *, status: str = "in_progress", today: date = date(2020, 9, 20)):  # type: ignore[no-untyped-def]
    return lambda: check_extension(item_id=7, status=status, due=SEPT_30, new_due=new_due,
                                   today=today)  # fmt: skip


def test_an_extension_must_reach_past_the_current_due_date_and_not_into_the_past():
    extend(OCT_15)()  # accepted
    assert code_of(extend(SEPT_30)) == "extension_not_later"
    assert code_of(extend(date(2020, 9, 25))) == "extension_not_later"
    assert code_of(extend(date(2020, 10, 2), today=date(2020, 10, 5))) == "extension_before_today"


def test_a_new_due_date_is_read_as_people_write_it_and_named_when_unreadable():
    assert read_day("15/10/2020") == read_day(" 15-10-2020 ") == read_day("2020-10-15") == OCT_15
    for text in ("31/02/2020", "15/10", "mai"):
        assert code_of(lambda text=text: read_day(text)) == "bad_extension_date"


def test_an_overdue_item_may_be_extended_to_today():
    extend(date(2020, 10, 5), today=date(2020, 10, 5))()


def test_a_finished_item_needs_no_extension():
    assert code_of(extend(OCT_15, status="done")) == "extension_item_done"
    assert code_of(extend(OCT_15, status="cancelled")) == "extension_item_cancelled"


def test_a_request_already_decided_cannot_be_decided_again_and_says_by_whom():
    at = datetime(2020, 9, 21, 8, 5, tzinfo=UTC)
    check_pending("pending", request_id=3, by=None, at=None)
    with pytest.raises(InputError) as caught:
        check_pending("approved", request_id=3, by="Nguyễn Thanh Bình", at=at)
    assert caught.value.code == "extension_already_approved"
    params = caught.value.params
    assert (params["by"], params["time"], params["day"]) == ("Nguyễn Thanh Bình", "08:05", "21/09/2020")


# -- texts ---------------------------------------------------------------------------


def test_a_reason_is_required_and_kept_without_surrounding_spaces():
    assert clean_text("  Chờ số liệu  ", what="reason", limit=2000) == "Chờ số liệu"
    assert code_of(lambda: clean_text("   ", what="reason", limit=2000)) == "reason_empty"
    assert code_of(lambda: clean_text(None, what="reason", limit=2000)) == "reason_empty"


def test_a_directive_over_five_thousand_characters_is_refused():
    clean_text("x" * 5000, what="directive", limit=5000)
    too_long = lambda: clean_text("x" * 5001, what="directive", limit=5000)  # noqa: E731
    assert code_of(too_long) == "directive_too_long"
    assert code_of(lambda: clean_text("a\x00b", what="directive", limit=5000)) == "nul_in_text"


# -- reassignment and cancellation ---------------------------------------------------


def reassign(new_lead: str, new_support: list[str] | None = None, status: str = "in_progress"):  # type: ignore[no-untyped-def]
    return plan_reassign(item_id=7, status=status, lead="TTRA", support=["VP"],
                         new_lead=new_lead, new_support=new_support, known=CODES)  # fmt: skip


def test_reassignment_keeps_the_supporting_units_unless_told_and_never_lists_the_lead_twice():
    assert reassign("qlkh") == ("QLKH", ("VP",))
    assert reassign("VP") == ("VP", ())
    assert reassign("TTRA", ["TDC", "tdc", "TTRA"]) == ("TTRA", ("TDC",))


def test_reassignment_to_an_unknown_unit_or_to_the_same_units_is_refused():
    assert code_of(lambda: reassign("XYZ")) == "unknown_department"
    assert code_of(lambda: reassign("QLKH", ["NOPE"])) == "unknown_department"
    with pytest.raises(InputError) as caught:
        reassign("TTRA")
    assert (caught.value.code, caught.value.params["dept"]) == ("reassign_same", "Thanh tra Sở")
    assert code_of(lambda: reassign("TTRA", ["VP"])) == "reassign_same"
    assert code_of(lambda: reassign("QLKH", status="done")) == "reassign_item_done"


def test_only_unfinished_items_can_be_cancelled():
    check_cancel(item_id=7, status="blocked")
    assert code_of(lambda: check_cancel(item_id=7, status="done")) == "cancel_done"
    assert code_of(lambda: check_cancel(item_id=7, status="cancelled")) == "cancel_cancelled"


# -- the report class ----------------------------------------------------------------


def klass(done_on: date | None, *, status: Status = Status.DONE, original: date | None = SEPT_30,
          today: date = date(2020, 10, 20)) -> ReportClass | None:  # fmt: skip
    return classify(status=status, due=OCT_15, done_on=done_on, today=today,
                    original_due=original)  # fmt: skip


def test_work_finished_after_its_first_due_date_within_an_approved_extension_is_apart():
    assert klass(date(2020, 10, 10)) is ReportClass.DONE_EXTENDED
    assert klass(OCT_15) is ReportClass.DONE_EXTENDED


def test_work_finished_by_its_first_due_date_is_plainly_on_time_even_when_extended():
    assert klass(SEPT_30) is ReportClass.DONE_ON_TIME
    assert klass(date(2020, 10, 10), original=None) is ReportClass.DONE_ON_TIME


def test_work_finished_after_the_extended_date_is_late_and_unfinished_work_is_overdue_by_it():
    assert klass(date(2020, 10, 16)) is ReportClass.DONE_LATE
    open_ = dict(status=Status.IN_PROGRESS, done_on=None)
    assert klass(**open_, today=date(2020, 10, 10)) is ReportClass.OPEN_NOT_DUE  # type: ignore[arg-type]
    assert klass(**open_, today=date(2020, 10, 16)) is ReportClass.OPEN_OVERDUE  # type: ignore[arg-type]


def test_the_period_report_counts_extended_work_apart_and_on_time_in_the_share():
    q3 = Period.quarter(2020, 3)

    def item(n: int, done_on: date, original: date | None) -> ItemSnapshot:
        return ItemSnapshot(n, q3.key, f"Việc {n}", "TTRA", OCT_15, "done", 100, done_on,
                            original_due=original)  # fmt: skip

    items = [item(1, date(2020, 10, 10), SEPT_30), item(2, SEPT_30, None),
             item(3, date(2020, 10, 20), SEPT_30)]  # fmt: skip
    report = classify_period(q3, items, today=date(2020, 10, 21))
    assert [ln.klass for ln in report.lines] == [
        ReportClass.DONE_ON_TIME, ReportClass.DONE_EXTENDED, ReportClass.DONE_LATE,
    ]  # fmt: skip
    assert report.total.classes[ReportClass.DONE_EXTENDED] == 1
    assert on_time_percent(report.total) == 67  # 2 of 3: the extension's date is the due date
    summary = summarise(items, today=date(2020, 10, 21))
    assert summary.total.classes == report.total.classes


def test_the_keywords_that_routed_a_reassigned_item_are_found_in_its_text():
    text = "Triển khai các cuộc Thanh tra theo kế hoạch; xử lý vi phạm."
    assert keywords_in(text, ["thanh tra", "xử lý vi phạm", "khiếu nại", "tra"]) == [
        "thanh tra", "xử lý vi phạm", "tra"]
    assert keywords_in(text, ["thanh"]) == ["thanh"] and keywords_in(text, ["anh tra"]) == []


def test_an_extension_into_the_next_period_is_kept_by_the_continuation():
    from domain.calendar import WorkCalendar
    from domain.rollup import PeriodItem, plan_carry

    q3 = Period.quarter(2020, 3)

    def item(n: int, due: date, original: date | None) -> PeriodItem:
        return PeriodItem(n, q3, "task", f"Việc {n}", "TTRA", due, Status.IN_PROGRESS, 40,
                          original_due=original)  # fmt: skip

    plan = plan_carry(q3, [item(1, OCT_15, SEPT_30), item(2, date(2020, 9, 25), date(2020, 9, 10)),
                           item(3, SEPT_30, None)], [], WorkCalendar())  # fmt: skip
    kept, lapsed, plain = plan.continuations
    assert (kept.due, kept.original_due) == (OCT_15, SEPT_30)
    assert (lapsed.due, lapsed.original_due) == (plain.due, None) == (date(2020, 12, 31), None)
