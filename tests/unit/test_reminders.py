"""Which items are reminded on a day, on Vietnam's real calendar of 2020."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from domain.calendar import WorkCalendar
from domain.problems import InputError
from domain.reminders import (
    DayOff,
    ReminderKind,
    ReminderRules,
    Reminders,
    decide_reminders,
)
from domain.report import ItemSnapshot

CALENDAR = WorkCalendar()


def item(
    id: int, due: date, *, status: str = "in_progress", lead: str = "TTRA", progress: int = 10
) -> ItemSnapshot:
    return ItemSnapshot(
        id=id,
        period="2020-Q3",
        text=f"Nhiệm vụ {id}",
        lead=lead,
        due=due,
        status=status,
        progress=100 if status == "done" else progress,
        done_on=due if status == "done" else None,
    )


def decide(items: list[ItemSnapshot], today: date, **rules: object) -> Reminders:
    return decide_reminders(
        items, today=today, calendar=CALENDAR, rules=ReminderRules(**rules) if rules else None
    )


def kinds(decision: Reminders) -> dict[int, tuple[ReminderKind, int, bool]]:
    return {
        r.item.id: (r.kind, r.working_days, r.escalated)
        for dept in decision.departments
        for r in dept.items
    }


def test_nothing_is_sent_on_national_day_and_the_holiday_is_named():
    overdue = item(1, date(2020, 8, 28))
    decision = decide([overdue], date(2020, 9, 2))
    assert decision.is_empty
    assert decision.day_off == DayOff("holiday", "Quốc khánh")


def test_nothing_is_sent_on_a_sunday_and_the_reason_is_the_weekend():
    decision = decide([item(1, date(2020, 8, 2))], date(2020, 8, 2))
    assert decision.is_empty and decision.day_off == DayOff("weekend")


def test_a_day_off_the_organisation_adds_sends_nothing_and_says_so():
    calendar = WorkCalendar.from_lists([date(2020, 9, 3)], [])
    decision = decide_reminders(
        [item(1, date(2020, 9, 3))], today=date(2020, 9, 3), calendar=calendar
    )
    assert decision.is_empty and decision.day_off == DayOff("day_off")


def test_a_saturday_worked_in_exchange_sends_reminders():
    calendar = WorkCalendar.from_lists([], [date(2020, 8, 8)])
    decision = decide_reminders(
        [item(1, date(2020, 8, 8))], today=date(2020, 8, 8), calendar=calendar
    )
    assert decision.day_off is None
    assert kinds(decision) == {1: (ReminderKind.DUE_TODAY, 0, False)}


def test_an_item_is_reminded_three_and_one_working_days_before_and_on_the_day():
    due = date(2020, 8, 4)  # Tuesday; the weekend of 1–2 August lies between
    reminded = {
        day: kinds(decide([item(1, due)], day)).get(1)
        for day in (date(2020, 7, 29) + timedelta(days=n) for n in range(7))
    }
    assert reminded == {
        date(2020, 7, 29): None,  # Wed: 4 working days left
        date(2020, 7, 30): (ReminderKind.DUE_SOON, 3, False),  # Thu
        date(2020, 7, 31): None,  # Fri: 2 left
        date(2020, 8, 1): None,  # Saturday
        date(2020, 8, 2): None,  # Sunday
        date(2020, 8, 3): (ReminderKind.DUE_SOON, 1, False),  # Mon
        date(2020, 8, 4): (ReminderKind.DUE_TODAY, 0, False),  # Tue, the due date
    }


def test_an_item_due_on_a_sunday_is_due_on_the_friday_before_and_overdue_on_monday():
    due = date(2020, 8, 2)
    assert kinds(decide([item(1, due)], date(2020, 7, 28))) == {
        1: (ReminderKind.DUE_SOON, 3, False)
    }
    assert kinds(decide([item(1, due)], date(2020, 7, 31))) == {
        1: (ReminderKind.DUE_TODAY, 0, False)
    }
    assert kinds(decide([item(1, due)], date(2020, 8, 3))) == {1: (ReminderKind.OVERDUE, 1, False)}


def test_overdue_reminders_repeat_every_three_working_days_across_a_weekend_and_national_day():
    due = date(2020, 8, 28)  # Friday; then a weekend, and Quốc khánh on Wednesday 2 September
    reminded = []
    for n in range(1, 18):
        day = due + timedelta(days=n)
        found = kinds(decide([item(1, due)], day))
        if found:
            reminded.append((day, *found[1][1:]))
    assert reminded == [
        (date(2020, 8, 31), 1, False),  # Monday: the first working day after the due date
        (date(2020, 9, 4), 4, False),  # Tue 1 = 2, Wed 2 holiday, Thu 3 = 3, Fri 4 = 4
        (date(2020, 9, 7), 5, True),  # the day it reaches five: leadership copied
        (date(2020, 9, 9), 7, True),
        (date(2020, 9, 14), 10, True),
    ]


def test_escalation_starts_exactly_at_escalate_after_working_days():
    due = date(2020, 8, 28)
    four_late = decide([item(1, due)], date(2020, 9, 4), escalate_after=4)
    three_late = decide([item(1, due)], date(2020, 9, 3), escalate_after=4)
    assert kinds(four_late) == {1: (ReminderKind.OVERDUE, 4, True)}
    assert kinds(three_late) == {}  # not a repetition day, not yet the escalation day
    assert decide([item(1, due)], date(2020, 9, 4)).departments[0].copy_leadership is False


def test_done_and_cancelled_items_are_never_reminded():
    today = date(2020, 8, 31)
    items = [
        item(1, today, status="done"),
        item(2, date(2020, 8, 28), status="cancelled"),
        item(3, date(2020, 8, 28), status="done"),
        item(4, today, status="blocked"),
        item(5, today, status="not_started", progress=0),
    ]
    assert set(kinds(decide(items, today))) == {4, 5}


def test_each_department_gets_one_reminder_with_its_most_urgent_items_first():
    today = date(2020, 9, 7)
    items = [
        item(1, date(2020, 9, 10), lead="TTRA"),  # 3 working days left
        item(2, date(2020, 9, 7), lead="TTRA"),  # due today
        item(3, date(2020, 9, 4), lead="TTRA"),  # 1 working day late
        item(4, date(2020, 8, 28), lead="TTRA"),  # 5 working days late: escalated
        item(5, date(2020, 9, 8), lead="VP"),  # 1 working day left
        item(6, date(2020, 12, 31), lead="KHTC"),  # far off: nothing
    ]
    decision = decide(items, today)
    assert [d.dept for d in decision.departments] == ["TTRA", "VP"]
    ttra, vp = decision.departments
    assert [r.item.id for r in ttra.items] == [4, 3, 2, 1]
    assert ttra.copy_leadership and not vp.copy_leadership
    assert [r.kind for r in vp.items] == [ReminderKind.DUE_SOON]


def test_the_same_items_in_another_order_give_the_same_decision():
    today = date(2020, 9, 7)
    items = [
        item(n, date(2020, 8, 24) + timedelta(days=n), lead="TTRA VP".split()[n % 2])
        for n in range(20)
    ]
    assert decide(items, today) == decide(list(reversed(items)), today)


@pytest.mark.parametrize(
    "rules", [{"days_before": (3, -1)}, {"overdue_every": 0}, {"escalate_after": 0}]
)
def test_rules_refuse_a_negative_or_zero_count(rules):
    with pytest.raises(InputError) as caught:
        ReminderRules(**rules)
    assert caught.value.code == "schedule_bad_number"
