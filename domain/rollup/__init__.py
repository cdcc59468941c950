"""The end-of-period rollup, pure: classify the period's items, plan the carry-over,
and say when a period closes. No I/O and no clock: ``today`` is passed in.

How a service uses it, for each period :func:`periods_to_close` gives (oldest first)::

    items = [PeriodItem(...) for each item of the period]          # store
    nxt = [NextItem(...) for each item of period.next()]           # store
    rollup = close_period(period, items, nxt, calendar, today=today,
                          departments=org.codes, previous=previous_summary)
    # in one transaction: create rollup.carry.continuations (carried_from=source,
    # origin="carry"), re-point part_of (repoint_parts) when a quarter closes, mark the
    # period closed; then write the files from rollup.report (documents.report_xlsx,
    # documents.report_docx) and the next period's draft (documents.programme_draft).

A second run finds the continuations in ``nxt`` and plans none (exactly once).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from domain.calendar import WorkCalendar
from domain.periods import Period
from domain.report import Summary
from domain.rollup.carry import (
    CarryPlan,
    Continuation,
    NextItem,
    NotCarried,
    NotCarriedReason,
    PeriodItem,
    carry_marker,
    mark_carried,
    meeting_key,
    plan_carry,
    repoint_parts,
    strip_carry_marker,
)
from domain.rollup.closing import closing_day, periods_to_close, rollup_due
from domain.rollup.results import (
    TOTAL,
    Comparison,
    PeriodReport,
    ReportLine,
    classify_period,
    compare,
    counted,
    on_time,
    on_time_percent,
    previous_period,
)

__all__ = [
    "TOTAL",
    "CarryPlan",
    "Comparison",
    "Continuation",
    "NextItem",
    "NotCarried",
    "NotCarriedReason",
    "PeriodItem",
    "PeriodReport",
    "ReportLine",
    "Rollup",
    "carry_marker",
    "classify_period",
    "close_period",
    "closing_day",
    "compare",
    "counted",
    "mark_carried",
    "meeting_key",
    "on_time",
    "on_time_percent",
    "periods_to_close",
    "plan_carry",
    "previous_period",
    "repoint_parts",
    "rollup_due",
    "strip_carry_marker",
]


@dataclass(frozen=True)
class Rollup:
    report: PeriodReport
    carry: CarryPlan


def close_period(
    period: Period,
    items: Sequence[PeriodItem],
    next_items: Iterable[NextItem],
    calendar: WorkCalendar,
    *,
    today: date,
    departments: Iterable[str] = (),
    previous: Summary | None = None,
) -> Rollup:
    """The report and the carry-over plan of ``period``.

    Items are classified on the period's closing day, or on ``today`` when that comes
    first (a preview before the period closes): a catch-up run days later classifies
    unfinished work as the run on time would have.
    """
    carry = plan_carry(period, items, next_items, calendar)
    as_of = min(today, closing_day(period, calendar))
    report = classify_period(
        period,
        [item.snapshot() for item in items],
        today=as_of,
        departments=departments,
        previous=previous,
        carried_to=carry.carried_to(),
    )
    return Rollup(report, carry)
