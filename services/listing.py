"""Finding items: the filters the CLI (``workplan items``), the REST API and the pages
share — period, department, status, overdue, due within N days, report class and a
search that ignores accents and case."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from sqlmodel import Session

from domain.periods import parse_period
from domain.problems import InputError
from domain.status import ReportClass, Status, classify, parse_status
from domain.text import fold
from store.items import ItemView, list_items

MAX_DAYS = 3660  # --due-within: ten years ahead is as far as any programme looks
SEARCH_LIMIT = 200  # characters of a search text


@dataclass(frozen=True)
class ItemFilter:
    """What to look for; every field left empty matches every item."""

    period: str | None = None  # a key or a name: 2020-07, Quý III/2020
    periods: tuple[str, ...] | None = None  # keys (the open periods, on a department's page)
    dept: str | None = None  # a department leading or supporting the item
    lead_only: bool = False  # the department must lead it (the board counts leads)
    status: str | None = None
    overdue: bool = False  # open and due before today
    due_within: int | None = None  # open and due from today to today + N days
    search: str | None = None  # words of the text or the note
    report_class: str | None = None  # done_on_time, done_late, open_not_due, open_overdue

    def checked(self) -> ItemFilter:
        """The same filter with its values read and refused when they cannot be."""
        if self.due_within is not None and not 0 <= self.due_within <= MAX_DAYS:
            raise InputError("bad_due_within", value=self.due_within, maximum=MAX_DAYS)
        if self.search and len(self.search) > SEARCH_LIMIT:
            raise InputError("search_too_long", limit=SEARCH_LIMIT, length=len(self.search))
        if self.report_class and self.report_class not in set(ReportClass):
            raise InputError("unknown_report_class", value=self.report_class)
        period = parse_period(self.period).key if self.period else None
        status = parse_status(self.status).value if self.status else None
        dept = self.dept.strip().upper() if self.dept else None
        return replace(self, period=period, status=status, dept=dept)


def find_items(session: Session, wanted: ItemFilter, *, today: date) -> list[ItemView]:
    """The items ``wanted`` describes, in programme order."""
    wanted = wanted.checked()
    found = list_items(session, period=wanted.period, periods=wanted.periods,
                       dept=wanted.dept, status=wanted.status)  # fmt: skip
    return [item for item in found if matches(item, wanted, today)]


def matches(item: ItemView, wanted: ItemFilter, today: date) -> bool:
    """Whether ``item`` passes the filters the database does not apply."""
    if wanted.lead_only and wanted.dept and item.lead != wanted.dept:
        return False
    is_open = Status(item.status).is_open
    if wanted.overdue or wanted.due_within is not None:
        late = wanted.overdue and item.due < today
        soon = wanted.due_within is not None and (
            today <= item.due <= today + timedelta(days=wanted.due_within))
        if not (is_open and (late or soon)):
            return False
    if wanted.report_class:
        klass = classify(status=Status(item.status), due=item.due, done_on=item.done_on,
                         today=today, original_due=item.original_due)  # fmt: skip
        if klass is None or klass.value != wanted.report_class:
            return False
    if wanted.search:
        words = fold(wanted.search).split()
        haystack = fold(f"{item.text} {item.note or ''}")
        return all(word in haystack for word in words)
    return True

