"""The data of the weekly leadership digest (*tổng hợp tiến độ tuần*).

The store counts and selects (see :mod:`store.aggregates`); this module orders what it
gets and names the week. The digest goes out on Monday and is named after the ISO week
it is sent in ("tuần 28/2020" on Monday 6 July 2020), while its "finished last week" list
covers the week before (29 June – 5 July). A digest delayed to Tuesday or Wednesday keeps
the same week, so a late run is still this week's digest and is sent once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from domain.chasing import RoundResponse
from domain.direction import DirectionNews
from domain.periods import Period
from domain.report import DeptCounts, ItemSnapshot, Overdue
from domain.status import ReportClass, Status


@dataclass(frozen=True, order=True)
class Week:
    """An ISO week, Monday to Sunday."""

    year: int
    number: int

    @classmethod
    def of(cls, day: date) -> Week:
        year, number, _ = day.isocalendar()
        return cls(year, number)

    @property
    def start(self) -> date:
        return date.fromisocalendar(self.year, self.number, 1)

    @property
    def end(self) -> date:
        return self.start + timedelta(days=6)

    @property
    def label(self) -> str:
        """``28/2020``, as in "tuần 28/2020"."""
        return f"{self.number}/{self.year}"

    def previous(self) -> Week:
        return Week.of(self.start - timedelta(days=7))


def week_of(day: date) -> tuple[int, int]:
    """The ISO (year, week) of ``day``: 31 Dec 2020 is in week 53 of 2020."""
    week = Week.of(day)
    return week.year, week.number


def last_week(day: date) -> Week:
    """The Monday–Sunday week before the one ``day`` falls in."""
    return Week.of(day).previous()


@dataclass(frozen=True)
class Carried:
    """An open item carried over (*chuyển tiếp*) from an earlier period."""

    item: ItemSnapshot
    from_period: str | None  # key of the period it continues; None if unknown
    carry_count: int


@dataclass(frozen=True)
class UndeliveredMail:
    """A mail of the outbox that could not be delivered."""

    id: int
    kind: str
    to: tuple[str, ...]
    subject: str
    error: str | None


@dataclass(frozen=True)
class Digest:
    as_of: date
    week: Week  # the week it is sent in, which names it
    covered: Week  # the week before, whose finished items it lists
    period: Period
    departments: tuple[DeptCounts, ...]
    total: DeptCounts
    finished: tuple[ItemSnapshot, ...]
    overdue: tuple[Overdue, ...]  # days: calendar days past due, as on the board
    carried: tuple[Carried, ...]
    undelivered: tuple[UndeliveredMail, ...]
    last_round: RoundResponse | None
    # Extension requests pending and decided, new directives (*ý kiến chỉ đạo mới*).
    direction: DirectionNews = field(default_factory=DirectionNews)

    @property
    def silent(self) -> tuple[str, ...]:
        """Departments that answered none of the last round's requests."""
        return self.last_round.to_chase if self.last_round else ()

    def subject_parts(self, locale: str = "vi") -> tuple[str, str]:
        """The week label and the period's name: ("28/2020", "Quý III/2020")."""
        return self.week.label, self.period.name(locale)


def add_up(counts: Iterable[DeptCounts], *, dept: str = "*") -> DeptCounts:
    """The sum of departments' counts (the digest's total row)."""
    total = DeptCounts(dept)
    for c in counts:
        total.total += c.total
        total.progress_sum += c.progress_sum
        for klass in ReportClass:
            total.classes[klass] += c.classes[klass]
        for status in Status:
            total.statuses[status] += c.statuses[status]
    return total


def assemble_digest(
    *,
    as_of: date,
    counts: Iterable[DeptCounts],
    finished: Iterable[ItemSnapshot],
    overdue: Iterable[ItemSnapshot],
    carried: Iterable[Carried] = (),
    undelivered: Iterable[UndeliveredMail] = (),
    last_round: RoundResponse | None = None,
    departments: Sequence[str] = (),
    period: Period | None = None,
    direction: DirectionNews | None = None,
) -> Digest:
    """Put the store's figures in order.

    ``departments`` gives the order of the rows (the organisation's), each shown even
    when it leads nothing; departments not listed follow by code. ``overdue`` holds open
    items due before ``as_of``; ``period`` defaults to the quarter ``as_of`` falls in.
    """
    by_dept = {c.dept: c for c in counts}
    order = list(dict.fromkeys(departments)) + sorted(set(by_dept) - set(departments))
    rows = tuple(by_dept.get(code) or DeptCounts(code) for code in order)
    late = [Overdue(i, (as_of - i.due).days) for i in overdue if i.due < as_of]
    week = Week.of(as_of)
    return Digest(
        as_of=as_of,
        week=week,
        covered=week.previous(),
        period=period or Period.of("quarter", as_of),
        departments=rows,
        total=add_up(rows),
        finished=tuple(sorted(finished, key=lambda i: (i.done_on or as_of, i.lead, i.id))),
        overdue=tuple(sorted(late, key=lambda o: (-o.days, o.item.lead, o.item.id))),
        carried=tuple(sorted(carried, key=lambda c: (c.item.lead, c.item.due, c.item.id))),
        undelivered=tuple(sorted(undelivered, key=lambda m: m.id)),
        last_round=last_round,
        direction=direction or DirectionNews(),
    )
