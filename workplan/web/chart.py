"""The board's picture: one stacked bar per department in the four report classes,
drawn as inline SVG on the server (no script, no CDN, prints as it shows)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from domain.report import DeptCounts
from domain.status import ReportClass

# Overdue first, so the red part of every bar starts at the same place: the eye compares
# the departments on what matters most.
ORDER = (
    ReportClass.OPEN_OVERDUE,
    ReportClass.DONE_LATE,
    ReportClass.OPEN_NOT_DUE,
    ReportClass.DONE_EXTENDED,
    ReportClass.DONE_ON_TIME,
)
MIN_LABEL = 6.0  # percent of the bar's width a segment needs to hold its count


@dataclass(frozen=True)
class Segment:
    """One class's part of a bar, in percent of the drawing's width."""

    klass: str
    count: int
    x: float
    width: float

    @property
    def middle(self) -> float:
        return self.x + self.width / 2

    @property
    def labelled(self) -> bool:
        return self.width >= MIN_LABEL


def scale(rows: Iterable[DeptCounts]) -> int:
    """The longest bar's count: the items of the department with most classified items."""
    return max((classified(c) for c in rows), default=0)


def segments(counts: DeptCounts, longest: int) -> list[Segment]:
    """The parts of ``counts``'s bar, ``longest`` items filling the whole width."""
    parts, x = [], 0.0
    for klass in ORDER:
        n = counts.classes[klass]
        if n and longest:
            width = 100 * n / longest
            parts.append(Segment(klass.value, n, round(x, 3), round(width, 3)))
            x += width
    return parts


def classified(counts: DeptCounts) -> int:
    """The items that fall in one of the four classes (all but the cancelled ones)."""
    return sum(counts.classes.values())
