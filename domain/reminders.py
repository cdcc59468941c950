"""Which open items are reminded today, and to whom: a pure decision.

Working days follow the organisation's calendar. Before the due date an item is reminded
when the working days left are one of ``days_before``; after it, on the first working day
past due and then every ``overdue_every`` working days. From ``escalate_after`` working
days overdue the item is escalated: leadership is copied on its department's reminder, and
the day it reaches that count is always a reminder day, so leadership hears of it then.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Literal

from domain.calendar import WorkCalendar
from domain.problems import InputError
from domain.report import ItemSnapshot
from domain.status import Status


@dataclass(frozen=True)
class ReminderRules:
    """When reminders go out; counts are in working days."""

    days_before: tuple[int, ...] = (3, 1, 0)
    overdue_every: int = 3
    escalate_after: int = 5

    def __post_init__(self) -> None:
        for name, value, minimum in (
            *(("days_before", v, 0) for v in self.days_before),
            ("overdue_every", self.overdue_every, 1),
            ("escalate_after", self.escalate_after, 1),
        ):
            if type(value) is not int or value < minimum:
                raise InputError("schedule_bad_number", name=name, minimum=minimum, value=value)


class ReminderKind(StrEnum):
    DUE_SOON = "due_soon"
    DUE_TODAY = "due_today"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class Reminder:
    """One item in a reminder.

    ``working_days`` is the working days left before the due date (due soon), 0 (due
    today) or the working days past it (overdue).
    """

    item: ItemSnapshot
    kind: ReminderKind
    working_days: int
    escalated: bool = False


@dataclass(frozen=True)
class DeptReminder:
    """The one reminder a lead department receives today."""

    dept: str
    items: tuple[Reminder, ...]

    @property
    def copy_leadership(self) -> bool:
        return any(r.escalated for r in self.items)


@dataclass(frozen=True)
class DayOff:
    """Why nothing is sent on a day: a public holiday (with its name), a weekend, or one of
    the organisation's own days off."""

    kind: Literal["holiday", "weekend", "day_off"]
    name: str | None = None


@dataclass(frozen=True)
class Reminders:
    day: date
    departments: tuple[DeptReminder, ...] = ()
    day_off: DayOff | None = None

    @property
    def is_empty(self) -> bool:
        return not self.departments


def day_off(day: date, *, calendar: WorkCalendar) -> DayOff | None:
    """``None`` on a working day, else why the day is not one."""
    if calendar.is_working_day(day):
        return None
    name = calendar.holiday_name(day)
    if name:
        return DayOff("holiday", name)
    if day.weekday() >= 5:
        return DayOff("weekend")
    return DayOff("day_off")


def decide_reminders(
    items: Iterable[ItemSnapshot],
    *,
    today: date,
    calendar: WorkCalendar,
    rules: ReminderRules | None = None,
) -> Reminders:
    """The reminders of ``today``, one per lead department (by code), most urgent first.

    An item due on a day off counts as due on the working day before it (0 working days
    left then). Done and cancelled items are never reminded; nothing goes out on a day off.
    """
    rules = rules or ReminderRules()
    off = day_off(today, calendar=calendar)
    if off is not None:
        return Reminders(today, (), off)
    # the first day with more working days left than any reminder wants
    beyond = calendar.add_working_days(today, max(rules.days_before, default=0) + 1)
    distance: dict[date, int] = {}  # many items share a due date
    by_dept: dict[str, list[Reminder]] = {}
    for item in items:
        if not Status(item.status).is_open or item.due >= beyond:
            continue
        if item.due not in distance:
            distance[item.due] = calendar.working_days_between(today, item.due)
        reminder = _reminder(item, today=today, left=distance[item.due], rules=rules)
        if reminder is not None:
            by_dept.setdefault(item.lead, []).append(reminder)
    return Reminders(
        today,
        tuple(
            DeptReminder(dept, tuple(sorted(found, key=_urgency)))
            for dept, found in sorted(by_dept.items())
        ),
    )


def _reminder(
    item: ItemSnapshot, *, today: date, left: int, rules: ReminderRules
) -> Reminder | None:
    """``left``: working days after today up to the due date (negative once past it)."""
    if item.due >= today:
        if left not in rules.days_before:
            return None
        kind = ReminderKind.DUE_TODAY if left == 0 else ReminderKind.DUE_SOON
        return Reminder(item, kind, left)
    late = -left  # at least 1: today is a working day after the due date
    if (late - 1) % rules.overdue_every == 0 or late == rules.escalate_after:
        return Reminder(item, ReminderKind.OVERDUE, late, late >= rules.escalate_after)
    return None


def _urgency(reminder: Reminder) -> tuple[int, int, date, int]:
    order = {ReminderKind.OVERDUE: 0, ReminderKind.DUE_TODAY: 1, ReminderKind.DUE_SOON: 2}
    days = (
        -reminder.working_days if reminder.kind is ReminderKind.OVERDUE else reminder.working_days
    )
    return (order[reminder.kind], days, reminder.item.due, reminder.item.id)
