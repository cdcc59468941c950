"""When a period closes: the rollup runs on the first working day after the period ends.

A late start (a server down over the holiday, a replay) catches up: every period whose
rollup day has come and that is not closed yet is closed, oldest first, and a month
before the quarter and the year that end the same day, so the month's continuations
exist when the quarter's work is carried.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date, datetime, time, timedelta

from domain.calendar import WorkCalendar
from domain.periods import Period

_RANK = {"month": 0, "quarter": 1, "half": 2, "year": 3}


def closing_day(period: Period, calendar: WorkCalendar) -> date:
    """The first working day after ``period`` ends (Thursday 01/10/2020 for Quý III/2020)."""
    day = period.end + timedelta(days=1)
    while not calendar.is_working_day(day):
        day += timedelta(days=1)
    return day


def rollup_due(period: Period, calendar: WorkCalendar, at: time = time(7, 0)) -> datetime:
    """The moment the rollup of ``period`` is due: :func:`closing_day` at ``at``.

    ``at`` may carry the organisation's ``tzinfo``; the result then carries it too.
    """
    return datetime.combine(closing_day(period, calendar), at)


def periods_to_close(
    periods: Iterable[Period],
    today: date,
    calendar: WorkCalendar,
    closed_keys: Collection[str] = (),
) -> list[Period]:
    """The periods to close on ``today``: rollup day come, not yet closed, oldest first.

    Ordered by end date, then month, quarter, half, year for periods ending the same day
    (30/09/2020: tháng 9/2020, then Quý III/2020). Each period appears once.
    """
    due = {p for p in periods if p.key not in closed_keys and closing_day(p, calendar) <= today}
    return sorted(due, key=lambda p: (p.end, _RANK[p.kind]))
