"""The weekly digest's data: its week, its rows and lists in order."""

from __future__ import annotations

from datetime import date, datetime

from domain.chasing import StatusRound, assess_round
from domain.digest import Carried, UndeliveredMail, Week, assemble_digest, last_week, week_of
from domain.periods import Period
from domain.report import DeptCounts, ItemSnapshot
from domain.status import ReportClass, Status

MONDAY = date(2020, 7, 6)


def item(id: int, *, lead: str = "TTRA", due: date, done_on: date | None = None) -> ItemSnapshot:
    return ItemSnapshot(
        id=id,
        period="2020-Q3",
        text=f"Nhiệm vụ {id}",
        lead=lead,
        due=due,
        status="done" if done_on else "in_progress",
        progress=100 if done_on else 50,
        done_on=done_on,
    )


def counts(dept: str, *, done: int = 0, cancelled: int = 0, open_: int = 0) -> DeptCounts:
    c = DeptCounts(dept, total=done + cancelled + open_, progress_sum=100 * done + 20 * open_)
    c.statuses[Status.DONE] = done
    c.statuses[Status.CANCELLED] = cancelled
    c.statuses[Status.IN_PROGRESS] = open_
    c.classes[ReportClass.DONE_ON_TIME] = done
    c.classes[ReportClass.OPEN_NOT_DUE] = open_
    return c


def test_weeks_are_iso_weeks_across_the_turn_of_the_year():
    assert week_of(MONDAY) == (2020, 28)
    assert week_of(date(2020, 7, 12)) == (2020, 28)  # Sunday, same week
    assert week_of(date(2021, 1, 1)) == (2020, 53)
    assert week_of(date(2021, 1, 4)) == (2021, 1)


def test_last_week_of_a_monday_runs_from_the_monday_before_to_the_sunday_before():
    week = last_week(MONDAY)
    assert (week.label, week.start, week.end) == ("27/2020", date(2020, 6, 29), date(2020, 7, 5))
    assert last_week(date(2021, 1, 4)) == Week(2020, 53)
    assert last_week(date(2021, 1, 4)).end == date(2021, 1, 3)


def test_the_subject_names_the_week_it_is_sent_in_and_the_quarter():
    digest = assemble_digest(as_of=MONDAY, counts=[], finished=[], overdue=[])
    assert digest.subject_parts() == ("28/2020", "Quý III/2020")
    assert digest.subject_parts("en") == ("28/2020", "Q3 2020")


def test_a_digest_sent_late_on_wednesday_keeps_its_week_and_the_week_it_covers():
    on_time = assemble_digest(as_of=MONDAY, counts=[], finished=[], overdue=[])
    late = assemble_digest(as_of=date(2020, 7, 8), counts=[], finished=[], overdue=[])
    assert (late.week, late.covered) == (on_time.week, on_time.covered)


def test_rows_follow_the_organisation_with_idle_departments_shown_and_others_after():
    digest = assemble_digest(
        as_of=MONDAY,
        counts=[counts("ZZ", done=1), counts("TTRA", done=1, open_=1), counts("AA", open_=2)],
        finished=[],
        overdue=[],
        departments=["VP", "TTRA"],
        period=Period.month(2020, 7),
    )
    assert [row.dept for row in digest.departments] == ["VP", "TTRA", "AA", "ZZ"]
    assert digest.departments[0].total == 0
    assert digest.subject_parts()[1] == "tháng 7/2020"


def test_the_total_adds_up_the_rows_and_percent_done_leaves_cancelled_items_out():
    digest = assemble_digest(
        as_of=MONDAY,
        counts=[counts("VP", done=3, cancelled=2, open_=1), counts("TTRA", done=1, open_=3)],
        finished=[],
        overdue=[],
    )
    total = digest.total
    assert (total.total, total.done, total.statuses[Status.CANCELLED]) == (10, 4, 2)
    assert total.classes[ReportClass.OPEN_NOT_DUE] == 4
    assert total.progress_sum == 400 + 80
    assert digest.departments[1].percent_done == 75  # VP: 3 of 4 not cancelled
    assert total.percent_done == 50  # 4 of 8


def test_overdue_items_carry_their_days_late_worst_first():
    digest = assemble_digest(
        as_of=MONDAY,
        counts=[],
        finished=[],
        overdue=[
            item(1, lead="VP", due=date(2020, 7, 3)),
            item(2, lead="TTRA", due=date(2020, 6, 30)),
            item(3, lead="KHTC", due=date(2020, 7, 3)),
            item(4, due=MONDAY),  # due today: not overdue
        ],
    )
    assert [(o.item.id, o.days) for o in digest.overdue] == [(2, 6), (3, 3), (1, 3)]


def test_finished_carried_and_undelivered_lists_come_in_a_stable_order():
    digest = assemble_digest(
        as_of=MONDAY,
        counts=[],
        finished=[
            item(5, due=date(2020, 7, 31), done_on=date(2020, 7, 3)),
            item(6, due=date(2020, 7, 31), done_on=date(2020, 6, 29)),
        ],
        overdue=[],
        carried=[
            Carried(item(8, lead="VP", due=date(2020, 9, 30)), "2020-Q2", 1),
            Carried(item(7, lead="TTRA", due=date(2020, 9, 30)), "2020-Q2", 2),
        ],
        undelivered=[
            UndeliveredMail(12, "digest", ("a@example.vn",), "Tổng hợp", "550 no such user"),
            UndeliveredMail(9, "reminder", ("b@example.vn",), "Nhắc hạn", None),
        ],
    )
    assert [i.id for i in digest.finished] == [6, 5]
    assert [c.item.id for c in digest.carried] == [7, 8]
    assert [m.id for m in digest.undelivered] == [9, 12]


def test_departments_that_did_not_answer_the_last_round_are_named():
    asked = StatusRound(datetime(2020, 7, 2, 8), {"VP": frozenset({1}), "TTRA": frozenset({2})})
    digest = assemble_digest(
        as_of=MONDAY,
        counts=[],
        finished=[],
        overdue=[],
        last_round=assess_round(asked, updated={1}),
    )
    assert digest.silent == ("TTRA",)
    assert assemble_digest(as_of=MONDAY, counts=[], finished=[], overdue=[]).silent == ()
