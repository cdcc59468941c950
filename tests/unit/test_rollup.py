import tomllib
from datetime import date, datetime, time
from pathlib import Path

import pytest

from domain.calendar import WorkCalendar
from domain.organisation import Organisation
from domain.parsing import parse
from domain.periods import Period
from domain.planning import plan_import
from domain.report import DeptCounts, ItemSnapshot, summarise
from domain.rollup import (
    NextItem,
    PeriodItem,
    classify_period,
    close_period,
    closing_day,
    mark_carried,
    meeting_key,
    on_time_percent,
    periods_to_close,
    plan_carry,
    repoint_parts,
    rollup_due,
    strip_carry_marker,
)
from domain.status import ReportClass, Status

ROOT = Path(__file__).resolve().parents[2]
CAL = WorkCalendar()
JULY, AUGUST, SEPTEMBER = Period.month(2020, 7), Period.month(2020, 8), Period.month(2020, 9)
Q3 = Period.quarter(2020, 3)


@pytest.fixture(scope="module")
def org() -> Organisation:
    with (ROOT / "config" / "organisation.toml").open("rb") as fh:
        return Organisation.from_dict(tomllib.load(fh))


@pytest.fixture(scope="module")
def sample(org):
    text = (ROOT / "examples" / "bac-giang-khcn-2020-07-q3.md").read_text(encoding="utf-8")
    return plan_import(parse(text), org)


def items_of(plan, period: Period, statuses: dict[int, Status] | None = None) -> list[PeriodItem]:
    """The sample's items of ``period`` as the store would give them (ids = plan index + 1)."""
    statuses = statuses or {}
    out = []
    for n, p in enumerate(plan.items):
        if p.period != period:
            continue
        status = statuses.get(n + 1, Status.IN_PROGRESS)
        out.append(
            PeriodItem(
                id=n + 1, period=p.period, section=p.section, text=p.text, lead=p.lead,
                due=p.due, status=status, progress=100 if status is Status.DONE else 30,
                support=p.support, part_of=None if p.part_of is None else p.part_of + 1,
                done_on=p.due if status is Status.DONE else None,
            )
        )  # fmt: skip
    return out


def next_of(plan, period: Period) -> list[NextItem]:
    return [NextItem(p.text, p.section) for p in plan.items if p.period == period]


def item(id: int, status: Status, due: date, **kw) -> PeriodItem:
    base = {"period": JULY, "section": "task", "text": f"Công việc {id}.", "lead": "VP"}
    return PeriodItem(id=id, status=status, due=due, **(base | kw))


# -- classification ------------------------------------------------------------
def snap(id: int, lead: str, status: str, due: date, done_on: date | None = None, note=None):
    return ItemSnapshot(id, "2020-Q3", f"Việc {id}", lead, due, status, 0, done_on, note=note)


END_Q3 = date(2020, 9, 30)
Q3_ITEMS = [
    snap(1, "VP", "done", END_Q3, date(2020, 9, 15)),  # on time
    snap(2, "VP", "done", END_Q3, END_Q3),  # on time: the due day itself
    snap(3, "VP", "done", date(2020, 8, 31), date(2020, 9, 2)),  # late
    snap(4, "TTRA", "in_progress", END_Q3),  # overdue on 1/10
    snap(5, "TTRA", "blocked", date(2020, 10, 15)),  # not yet due
    snap(6, "TTRA", "cancelled", END_Q3, note="Tỉnh dừng triển khai"),
    snap(7, "KHTC", "not_started", END_Q3),  # overdue
]


def test_each_item_of_the_period_falls_in_one_class_counted_per_unit_and_overall():
    report = classify_period(Q3, Q3_ITEMS, today=date(2020, 10, 1), departments=["VP", "TTRA"])
    vp, ttra, khtc = report.departments
    assert (vp.dept, ttra.dept, khtc.dept) == ("VP", "TTRA", "KHTC")
    assert vp.classes == {
        ReportClass.DONE_ON_TIME: 2, ReportClass.DONE_EXTENDED: 0, ReportClass.DONE_LATE: 1,
        ReportClass.OPEN_NOT_DUE: 0, ReportClass.OPEN_OVERDUE: 0,
    }  # fmt: skip
    assert ttra.classes[ReportClass.OPEN_OVERDUE] == 1
    assert ttra.classes[ReportClass.OPEN_NOT_DUE] == 1
    assert ttra.statuses[Status.CANCELLED] == 1
    assert report.total.total == 7
    assert report.total.classes == {
        ReportClass.DONE_ON_TIME: 2, ReportClass.DONE_EXTENDED: 0, ReportClass.DONE_LATE: 1,
        ReportClass.OPEN_NOT_DUE: 1, ReportClass.OPEN_OVERDUE: 2,
    }  # fmt: skip
    assert [line.item.id for line in report.in_class(ReportClass.OPEN_OVERDUE)] == [4, 7]


def test_cancelled_items_fall_in_no_class_and_keep_their_reason():
    report = classify_period(Q3, Q3_ITEMS, today=date(2020, 10, 1))
    [cancelled] = report.cancelled
    assert cancelled.klass is None
    assert (cancelled.item.id, cancelled.item.note) == (6, "Tỉnh dừng triển khai")


def test_lines_are_ordered_by_unit_then_class_with_cancelled_last():
    report = classify_period(Q3, Q3_ITEMS, today=date(2020, 10, 1), departments=["VP", "TTRA"])
    assert [line.item.id for line in report.lines] == [1, 2, 3, 5, 4, 6, 7]


def test_share_done_on_time_leaves_out_cancelled_items_and_rounds_half_up():
    report = classify_period(Q3, Q3_ITEMS, today=date(2020, 10, 1))
    assert on_time_percent(report.total) == 33  # 2 of 6
    counts = DeptCounts("X", total=8)
    counts.classes[ReportClass.DONE_ON_TIME] = 1
    assert on_time_percent(counts) == 13  # 12.5 %


def test_the_previous_period_of_the_same_kind_gives_the_differences():
    before = [
        ItemSnapshot(
            9, "2020-Q2", "Việc 9", "VP", date(2020, 6, 30), "done", 100, date(2020, 6, 1)
        ),
        ItemSnapshot(10, "2020-Q2", "Việc 10", "VP", date(2020, 6, 30), "in_progress", 50),
    ]
    previous = summarise(before, today=date(2020, 7, 1))
    report = classify_period(Q3, Q3_ITEMS, today=date(2020, 10, 1), previous=previous)
    change = report.change
    assert change is not None and change.previous == Period.quarter(2020, 2)
    assert change.classes[ReportClass.DONE_ON_TIME] == 2 - 1
    assert change.classes[ReportClass.OPEN_OVERDUE] == 2 - 1
    assert (change.total, change.cancelled) == (7 - 2, 1)
    assert change.on_time_points == 33 - 50
    assert report.dept_changes["VP"].on_time_points == 67 - 50
    assert report.dept_changes["TTRA"].total == 3  # no TTRA item the quarter before


def test_without_the_previous_counts_there_is_no_comparison():
    assert classify_period(Q3, Q3_ITEMS, today=date(2020, 10, 1)).change is None


def test_an_item_of_another_period_is_refused():
    with pytest.raises(ValueError):
        classify_period(JULY, Q3_ITEMS, today=date(2020, 8, 3))


def test_a_late_rollup_classifies_as_on_the_closing_day():
    open_item = item(1, Status.IN_PROGRESS, date(2020, 8, 3), due_explicit=True)
    on_time = close_period(JULY, [open_item], [], CAL, today=date(2020, 8, 3))
    late = close_period(JULY, [open_item], [], CAL, today=date(2020, 8, 20))
    assert on_time.report.lines[0].klass is ReportClass.OPEN_NOT_DUE
    assert late.report.lines[0].klass is ReportClass.OPEN_NOT_DUE
    assert late.report.as_of == date(2020, 8, 3)


# -- carry-over ----------------------------------------------------------------
def test_unfinished_items_are_carried_except_meetings_the_next_period_holds(sample):
    statuses = {1: Status.DONE, 3: Status.DONE, 5: Status.CANCELLED, 13: Status.BLOCKED}
    july = items_of(sample, JULY, statuses)
    plan = plan_carry(JULY, july, next_of(sample, AUGUST), CAL)
    unfinished = {i.id for i in july if i.status not in (Status.DONE, Status.CANCELLED)}
    meeting = next(i.id for i in july if i.section == "meeting")
    assert {c.source for c in plan.continuations} == unfinished - {meeting}
    assert [(n.item, n.reason) for n in plan.not_carried] == [(meeting, "meeting_instance")]
    assert plan.not_held == plan.not_carried


def test_a_meeting_the_next_period_does_not_hold_is_carried(sample):
    july = items_of(sample, JULY)
    plan = plan_carry(JULY, july, [], CAL)
    assert {c.source for c in plan.continuations} == {i.id for i in july}
    assert plan.not_carried == ()


def test_a_continuation_keeps_the_work_and_counts_one_more_carry(sample):
    july = items_of(sample, JULY)
    source = next(i for i in july if i.support)
    source = PeriodItem(
        **(vars(source) | {"note": "Đã khảo sát 2 huyện", "status": Status.BLOCKED})
    )
    [c] = plan_carry(JULY, [source], [], CAL).continuations
    assert (c.source, c.source_period, c.period) == (source.id, JULY, AUGUST)
    assert (c.text, c.lead, c.support, c.section) == (source.text, "TDC", ("QLCNG",), "task")
    assert (c.status, c.progress, c.note) == (Status.BLOCKED, 30, "Đã khảo sát 2 huyện")
    assert c.carry_count == 1


@pytest.mark.parametrize(
    ("period", "next_key"),
    [(JULY, "2020-08"), (Q3, "2020-Q4"), (Period(2020, "year"), "2021"),
     (Period.month(2020, 12), "2021-01")],
)  # fmt: skip
def test_work_is_carried_into_the_next_period_of_the_same_kind(period, next_key):
    source = item(1, Status.NOT_STARTED, period.end, period=period)
    [c] = plan_carry(period, [source], [], CAL).continuations
    assert c.period.key == next_key


@pytest.mark.parametrize(
    ("period", "due", "explicit", "expected"),
    [
        (JULY, date(2020, 7, 31), False, date(2020, 8, 31)),  # next month's last working day
        (SEPTEMBER, date(2020, 9, 30), False, date(2020, 10, 30)),  # 31/10/2020 is a Saturday
        (JULY, date(2020, 11, 25), True, date(2020, 11, 25)),  # the text's later date stays
        (JULY, date(2020, 8, 14), True, date(2020, 8, 31)),  # an earlier one does not
        (JULY, date(2020, 11, 25), False, date(2020, 8, 31)),  # only a date the text named
        (Q3, date(2020, 9, 30), False, date(2020, 12, 31)),
    ],
)
def test_a_continuation_is_due_at_the_next_period_end_unless_the_text_names_a_later_day(
    period, due, explicit, expected
):
    source = item(1, Status.IN_PROGRESS, due, period=period, due_explicit=explicit)
    [c] = plan_carry(period, [source], [], CAL).continuations
    assert c.due == expected
    assert c.due_explicit is (expected == due)


def test_a_second_rollup_of_the_same_period_carries_nothing(sample):
    july = items_of(sample, JULY)
    august = next_of(sample, AUGUST)
    first = plan_carry(JULY, july, august, CAL)
    august += [NextItem(c.text, c.section, carried_from=c.source) for c in first.continuations]
    second = plan_carry(JULY, july, august, CAL)
    assert first.continuations and second.continuations == ()
    assert {n.item for n in second.not_carried if n.reason == "already_carried"} == {
        c.source for c in first.continuations
    }
    assert second.carried_to() == first.carried_to()


def test_a_july_task_still_open_at_the_end_of_august_is_carried_a_second_time():
    july_task = item(1, Status.IN_PROGRESS, date(2020, 7, 31))
    [in_august] = plan_carry(JULY, [july_task], [], CAL).continuations
    august_task = item(
        2, in_august.status, in_august.due, period=AUGUST, text=in_august.text,
        carried_from=1, carry_count=in_august.carry_count,
    )  # fmt: skip
    [in_september] = plan_carry(AUGUST, [august_task], [], CAL).continuations
    assert (in_september.source, in_september.period) == (2, SEPTEMBER)
    assert in_september.carry_count == 2
    assert in_september.due == date(2020, 9, 30)


def test_done_and_cancelled_items_are_neither_carried_nor_listed():
    items = [item(1, Status.DONE, date(2020, 7, 31)), item(2, Status.CANCELLED, date(2020, 7, 31))]
    plan = plan_carry(JULY, items, [], CAL)
    assert plan.continuations == () and plan.not_carried == ()


def test_the_carry_plan_refuses_an_item_of_another_period():
    with pytest.raises(ValueError):
        plan_carry(AUGUST, [item(1, Status.IN_PROGRESS, date(2020, 7, 31))], [], CAL)


def test_periodic_meetings_match_whatever_period_they_name():
    assert meeting_key("Họp giao ban kỳ tháng 7/2020.") == meeting_key(
        "họp giao ban kỳ tháng 7, 8, 9/2020"
    )
    assert meeting_key("Họp giao ban Quý III/2020") == meeting_key("Họp giao ban Quý IV năm 2020")
    assert meeting_key("Họp giao ban kỳ tháng 7/2020") != meeting_key("Họp Hội đồng KH&CN tỉnh")


def test_a_continuation_keeps_the_quarter_item_it_is_part_of():
    piece = item(1, Status.IN_PROGRESS, date(2020, 7, 31), part_of=40)
    [c] = plan_carry(JULY, [piece], [], CAL).continuations
    assert c.part_of == 40


def test_month_pieces_are_repointed_to_the_continuation_of_their_quarter_item():
    # October items 50, 51 were carried from September pieces of Q3 items 40 and 41;
    # 52 is October's own. Closing Q3 carried 40 into Q4 as 60; 41 was done.
    links = {50: 40, 51: 41, 52: None, 53: 70}
    assert repoint_parts(links, {40: 60}) == {50: 60}


# -- the carry marker ------------------------------------------------------------
@pytest.mark.parametrize(
    "text", ["Triển khai cuộc thanh tra.", "Họp giao ban;", "Cấp kinh phí (đợt 2)", "Việc (a). B"]
)
def test_the_carry_marker_comes_off_again(text):
    marked = mark_carried(text, Q3)
    assert "(chuyển tiếp từ Quý III/2020)" in marked
    assert strip_carry_marker(marked) == (text, Q3)


def test_the_carry_marker_goes_before_the_final_full_stop():
    assert mark_carried("Triển khai cuộc thanh tra.", JULY) == (
        "Triển khai cuộc thanh tra (chuyển tiếp từ tháng 7/2020)."
    )


def test_a_marker_typed_without_accents_is_recognised():
    assert strip_carry_marker("Triển khai thanh tra (Chuyen tiep tu quy III/2020).") == (
        "Triển khai thanh tra.",
        Q3,
    )


@pytest.mark.parametrize(
    "text",
    ["Cấp kinh phí (chuyển tiếp từ năm trước) cho đề tài.", "Việc (chuyển tiếp từ kỳ sau)."],
)
def test_text_without_a_final_marker_is_left_as_it_is(text):
    assert strip_carry_marker(text) == (text, None)


# -- closing time ----------------------------------------------------------------
def test_the_rollup_runs_at_seven_on_the_first_working_day_after_the_period():
    assert rollup_due(Q3, CAL) == datetime(2020, 10, 1, 7, 0)
    assert rollup_due(Period(2020, "year"), CAL) == datetime(2021, 1, 4, 7, 0)  # 1/1 off
    assert closing_day(Period.month(2021, 4), CAL) == date(2021, 5, 4)  # 30/4, 1/5 and 3/5 off
    assert rollup_due(JULY, CAL, at=time(6, 30)) == datetime(2020, 8, 3, 6, 30)  # 1/8 a Saturday


def test_a_late_start_closes_september_then_the_quarter():
    periods = [Q3, Period(2020, "year"), Period.month(2020, 10), SEPTEMBER, AUGUST]
    today = date(2020, 10, 5)
    assert periods_to_close(periods, today, CAL, {"2020-08"}) == [SEPTEMBER, Q3]
    assert periods_to_close(periods, today, CAL) == [AUGUST, SEPTEMBER, Q3]


def test_nothing_closes_before_its_rollup_day():
    assert periods_to_close([SEPTEMBER, Q3], date(2020, 9, 30), CAL) == []
    assert periods_to_close([SEPTEMBER, Q3], date(2020, 10, 1), CAL) == [SEPTEMBER, Q3]


def test_at_the_end_of_a_year_months_come_before_quarter_and_year():
    year, q4, dec = Period(2020, "year"), Period.quarter(2020, 4), Period.month(2020, 12)
    assert periods_to_close([year, q4, dec], date(2021, 1, 4), CAL) == [dec, q4, year]
    assert periods_to_close([year, q4, dec], date(2021, 1, 2), CAL) == []
