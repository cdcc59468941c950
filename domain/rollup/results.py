"""The period's results: every item in one of the four report classes or cancelled,
counted per lead unit and overall, and compared with the previous period of its kind.

Counting is :func:`domain.report.summarise`'s; this module adds the item lines the
report files list, the share done on time and the comparison.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from domain.periods import Period
from domain.report import DeptCounts, ItemSnapshot, Summary, summarise
from domain.status import ReportClass, Status, classify

TOTAL = "*"  # the code of the overall counts in :class:`domain.report.Summary`


@dataclass(frozen=True)
class ReportLine:
    """One item of the period and its outcome."""

    item: ItemSnapshot
    klass: ReportClass | None  # None: cancelled (the reason is ``item.note``)
    carried_to: Period | None = None  # where its continuation is


@dataclass(frozen=True)
class Comparison:
    """This period minus the previous one of the same kind."""

    previous: Period
    classes: Mapping[ReportClass, int]
    cancelled: int
    total: int
    on_time_points: int  # percentage points of "done on time"


@dataclass(frozen=True)
class PeriodReport:
    """What the report files show of a closed (or closing) period."""

    period: Period
    as_of: date
    lines: tuple[ReportLine, ...]  # by lead unit, class (cancelled last), due date, id
    summary: Summary
    change: Comparison | None = None  # overall, when the previous period's counts are known
    dept_changes: Mapping[str, Comparison] = field(default_factory=dict)

    @property
    def departments(self) -> tuple[DeptCounts, ...]:
        return self.summary.departments

    @property
    def total(self) -> DeptCounts:
        return self.summary.total

    def in_class(self, klass: ReportClass | None) -> tuple[ReportLine, ...]:
        """The lines of one class (``None``: the cancelled items)."""
        return tuple(line for line in self.lines if line.klass == klass)

    def of_department(self, code: str) -> tuple[ReportLine, ...]:
        return tuple(line for line in self.lines if line.item.lead == code)

    @property
    def cancelled(self) -> tuple[ReportLine, ...]:
        return self.in_class(None)


def counted(counts: DeptCounts) -> int:
    """Items that count towards the shares: all but the cancelled ones."""
    return counts.total - counts.statuses[Status.CANCELLED]


def on_time(counts: DeptCounts) -> int:
    """Items done on time, with or without an approved extension."""
    return counts.classes[ReportClass.DONE_ON_TIME] + counts.classes[ReportClass.DONE_EXTENDED]


def on_time_percent(counts: DeptCounts) -> int:
    """Share done on time (an approved extension's date counting as the due date) among
    the items not cancelled, in whole percent (half up)."""
    n = counted(counts)
    return (200 * on_time(counts) + n) // (2 * n) if n else 0


def compare(current: DeptCounts, previous: DeptCounts, previous_period: Period) -> Comparison:
    """How ``current`` differs from ``previous`` (positive: more in this period)."""
    return Comparison(
        previous=previous_period,
        classes={k: current.classes[k] - previous.classes[k] for k in ReportClass},
        cancelled=current.statuses[Status.CANCELLED] - previous.statuses[Status.CANCELLED],
        total=current.total - previous.total,
        on_time_points=on_time_percent(current) - on_time_percent(previous),
    )


def previous_period(period: Period) -> Period:
    """The period of the same kind before ``period``."""
    if period.index > 1:
        return Period(period.year, period.kind, period.index - 1)
    last = {"month": 12, "quarter": 4, "half": 2, "year": 1}[period.kind]
    return Period(period.year - 1, period.kind, last)


_CLASS_ORDER = {klass: n for n, klass in enumerate(ReportClass)}


def classify_period(
    period: Period,
    items: Iterable[ItemSnapshot],
    *,
    today: date,
    departments: Iterable[str] = (),
    previous: Summary | None = None,
    carried_to: Mapping[int, Period] | None = None,
) -> PeriodReport:
    """Classify every item of ``period`` on ``today`` (at period end: its closing day).

    ``departments`` lists the unit codes to show even when they lead nothing, in order;
    ``previous`` is the previous period's summary (the comparison is left out without
    it); ``carried_to`` comes from :meth:`domain.rollup.CarryPlan.carried_to`.
    """
    items = list(items)
    for item in items:
        if item.period != period.key:
            raise ValueError(f"item {item.id} is in {item.period}, not {period.key}")
    summary = summarise(items, today=today, departments=departments)
    order = {d.dept: n for n, d in enumerate(summary.departments)}
    carried_to = carried_to or {}
    lines = [
        ReportLine(
            item,
            classify(status=Status(item.status), due=item.due, done_on=item.done_on, today=today,
                     original_due=item.original_due),
            carried_to.get(item.id),
        )
        for item in items
    ]
    lines.sort(
        key=lambda ln: (
            order[ln.item.lead],
            _CLASS_ORDER[ln.klass] if ln.klass else len(_CLASS_ORDER),
            ln.item.due,
            ln.item.id,
        )
    )
    change, dept_changes = None, {}
    if previous is not None:
        before = previous_period(period)
        change = compare(summary.total, previous.total, before)
        earlier = {d.dept: d for d in previous.departments}
        dept_changes = {
            d.dept: compare(d, earlier.get(d.dept, DeptCounts(d.dept)), before)
            for d in summary.departments
        }
    return PeriodReport(period, today, tuple(lines), summary, change, dept_changes)
