"""Where a period stands: per-department counts in the four report classes, and the
overdue list. Pure: the caller passes item snapshots and ``today``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from domain.status import ReportClass, Status, classify


@dataclass(frozen=True)
class ItemSnapshot:
    """What the report needs to know of one item."""

    id: int
    period: str
    text: str
    lead: str
    due: date
    status: str
    progress: int
    done_on: date | None = None
    support: tuple[str, ...] = ()
    note: str | None = None  # the latest note; for a cancelled item, why it was cancelled
    section: str = "task"  # "task" or "meeting"
    original_due: date | None = None  # the due date before an approved extension


@dataclass
class DeptCounts:
    """Counts of the items a department leads."""

    dept: str
    total: int = 0
    classes: dict[ReportClass, int] = field(default_factory=lambda: dict.fromkeys(ReportClass, 0))
    statuses: dict[Status, int] = field(default_factory=lambda: dict.fromkeys(Status, 0))
    progress_sum: int = 0

    @property
    def done(self) -> int:
        return self.statuses[Status.DONE]

    @property
    def percent_done(self) -> int:
        """Share of done items among those not cancelled, in whole percent."""
        counted = self.total - self.statuses[Status.CANCELLED]
        return round(100 * self.done / counted) if counted else 0

    @property
    def mean_progress(self) -> int:
        counted = self.total - self.statuses[Status.CANCELLED]
        return round(self.progress_sum / counted) if counted else 0


@dataclass(frozen=True)
class Overdue:
    item: ItemSnapshot
    days: int  # calendar days past the due date


@dataclass(frozen=True)
class Summary:
    today: date
    departments: tuple[DeptCounts, ...]
    total: DeptCounts
    overdue: tuple[Overdue, ...]


def summarise(
    items: Iterable[ItemSnapshot], *, today: date, departments: Iterable[str] = ()
) -> Summary:
    """Count items by lead department and report class; list overdue ones, worst first.

    ``departments`` lists codes to show even when they lead nothing.
    """
    by_dept: dict[str, DeptCounts] = {code: DeptCounts(code) for code in departments}
    total = DeptCounts("*")
    overdue: list[Overdue] = []
    for item in items:
        status = Status(item.status)
        klass = classify(status=status, due=item.due, done_on=item.done_on, today=today,
                         original_due=item.original_due)
        for counts in (by_dept.setdefault(item.lead, DeptCounts(item.lead)), total):
            counts.total += 1
            counts.statuses[status] += 1
            counts.progress_sum += item.progress if status is not Status.CANCELLED else 0
            if klass is not None:
                counts.classes[klass] += 1
        if klass is ReportClass.OPEN_OVERDUE:
            overdue.append(Overdue(item, (today - item.due).days))
    overdue.sort(key=lambda o: (-o.days, o.item.lead, o.item.id))
    return Summary(today, tuple(by_dept.values()), total, tuple(overdue))
