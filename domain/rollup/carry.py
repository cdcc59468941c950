"""Carry-over: each unfinished item of a closing period continues once in the next one.

The plan is pure: given the period's items and what the next period already holds, it
says which continuations to create and which unfinished items are not carried, and why.

- The next period is the following one of the same kind (2020-07 → 2020-08,
  2020-Q3 → 2020-Q4, 2020 → 2021).
- A continuation keeps the text, the lead and supporting units, the status, progress
  and note; its ``carry_count`` is one more; it is due on the next period's last working
  day, unless the original due date was named by the text and is later, or leadership
  extended it past the closing period's end (then it keeps that date and its first one).
- Exactly once: an item that some item of the next period already continues
  (``carried_from``) is skipped (``already_carried``), so a second run creates nothing.
- A periodic meeting ("Họp giao ban kỳ tháng 7/2020") whose wording, without its period
  words, matches a meeting the next period already has, is not carried: it was not
  held, and the next period holds its own instance (``meeting_instance``).

``part_of`` (a month item that is part of a quarter item): a continuation keeps its
source's ``part_of``. Into a month of the same quarter (July → August) that is right as
it is. Into a month of the next quarter (September → October) it points at the closing
quarter's item until that quarter closes (the same day, just after the month: see
:func:`domain.rollup.periods_to_close`); the store then re-points it at the quarter
item's own continuation with :func:`repoint_parts`. A quarter item finished in its
quarter has no continuation, and its October pieces keep pointing at it.

Carried items shown in a programme draft carry a marker, "(chuyển tiếp từ Quý III/2020)",
placed before the final full stop; :func:`strip_carry_marker` takes it off again so an
importer can find the task's own text and where it came from.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal

from domain.calendar import WorkCalendar
from domain.periods import Period, parse_period
from domain.problems import InputError
from domain.programme import Section
from domain.report import ItemSnapshot
from domain.status import Status
from domain.text import fold, fold_aligned, nfc, squeeze


@dataclass(frozen=True)
class PeriodItem:
    """One item of the closing period, as the rollup needs it."""

    id: int
    period: Period
    section: Section
    text: str
    lead: str
    due: date
    status: Status
    progress: int = 0
    support: tuple[str, ...] = ()
    note: str | None = None
    part_of: int | None = None
    carried_from: int | None = None
    carry_count: int = 0
    due_explicit: bool = False  # the due date was named by the text (``Due.explicit``)
    done_on: date | None = None
    original_due: date | None = None  # the due date before an approved extension

    def snapshot(self) -> ItemSnapshot:
        """The item as the period report counts it."""
        return ItemSnapshot(
            id=self.id,
            period=self.period.key,
            text=self.text,
            lead=self.lead,
            due=self.due,
            status=Status(self.status).value,
            progress=self.progress,
            done_on=self.done_on,
            support=self.support,
            note=self.note,
            section=self.section,
            original_due=self.original_due,
        )


@dataclass(frozen=True)
class NextItem:
    """An item the next period already holds (imported or carried)."""

    text: str
    section: Section
    carried_from: int | None = None


@dataclass(frozen=True)
class Continuation:
    """An item to create in the next period; the store sets ``carried_from=source``."""

    source: int
    source_period: Period
    period: Period
    section: Section
    text: str
    lead: str
    support: tuple[str, ...]
    due: date
    due_explicit: bool  # kept the source's later, text-named due date
    status: Status
    progress: int
    note: str | None
    part_of: int | None  # the source's; see repoint_parts for a new quarter
    carry_count: int
    original_due: date | None = None  # kept with an extension reaching into the new period


NotCarriedReason = Literal["meeting_instance", "already_carried"]


@dataclass(frozen=True)
class NotCarried:
    """An unfinished item that gets no continuation now."""

    item: int
    reason: NotCarriedReason
    text: str


@dataclass(frozen=True)
class CarryPlan:
    period: Period
    next: Period
    continuations: tuple[Continuation, ...]
    not_carried: tuple[NotCarried, ...]

    @property
    def not_held(self) -> tuple[NotCarried, ...]:
        """Periodic meetings of the period that were not held."""
        return tuple(n for n in self.not_carried if n.reason == "meeting_instance")

    def carried_to(self) -> dict[int, Period]:
        """{item id: the period it continues in}, now or by an earlier run."""
        out = {c.source: c.period for c in self.continuations}
        out |= {n.item: self.next for n in self.not_carried if n.reason == "already_carried"}
        return out


def plan_carry(
    period: Period,
    items: Iterable[PeriodItem],
    next_items: Iterable[NextItem],
    calendar: WorkCalendar,
) -> CarryPlan:
    """What closing ``period`` carries into the next period of its kind (see the module)."""
    target = period.next()
    last = calendar.last_working_day(target)
    next_items = list(next_items)
    continued = {n.carried_from for n in next_items if n.carried_from is not None}
    meetings = {meeting_key(n.text) for n in next_items if n.section == "meeting"}
    carried: list[Continuation] = []
    skipped: list[NotCarried] = []
    for item in items:
        if item.period != period:
            raise ValueError(f"item {item.id} is in {item.period.key}, not {period.key}")
        if not Status(item.status).is_open:
            continue
        if item.id in continued:
            skipped.append(NotCarried(item.id, "already_carried", item.text))
        elif item.section == "meeting" and meeting_key(item.text) in meetings:
            skipped.append(NotCarried(item.id, "meeting_instance", item.text))
        else:
            later = item.due_explicit and item.due > last
            # An extension leadership approved into the next period keeps its date.
            extended = item.original_due is not None and item.due > period.end
            carried.append(
                Continuation(
                    source=item.id,
                    source_period=period,
                    period=target,
                    section=item.section,
                    text=item.text,
                    lead=item.lead,
                    support=item.support,
                    due=item.due if later or extended else last,
                    due_explicit=later or extended,
                    status=Status(item.status),
                    progress=item.progress,
                    note=item.note,
                    part_of=item.part_of,
                    carry_count=item.carry_count + 1,
                    original_due=item.original_due if extended else None,
                )
            )
    return CarryPlan(period, target, tuple(carried), tuple(skipped))


def repoint_parts(links: Mapping[int, int | None], carried: Mapping[int, int]) -> dict[int, int]:
    """The new ``part_of`` of items whose quarter item has just been carried.

    ``links``: {item id: its part_of} of the items in the months of the new quarter;
    ``carried``: {closing quarter item id: its continuation's id}. Returns
    {item id: new part_of} for the items to change; the others stay as they are.
    """
    return {
        item: carried[parent]
        for item, parent in links.items()
        if parent is not None and parent in carried
    }


_PERIOD_WORDS = re.compile(
    r"\b(?:ky\s+)?(?:thang\s+\d{1,2}(?:\s*(?:,|va|&|-)\s*\d{1,2}\b)*"
    r"|quy\s+(?:iv|iii|ii|i|[1-4])\b|(?:6|sau)\s+thang\s+(?:dau|cuoi)(?:\s+nam)?)"
    r"(?:\s*(?:/|nam)\s*\d{4})?|\bnam\s+\d{4}"
)
_PUNCT = re.compile(r"[^\w\s]")


def meeting_key(text: str) -> str:
    """A meeting's wording without accents, punctuation and the period it names.

    "Họp giao ban kỳ tháng 7/2020." and "họp giao ban kỳ tháng 7, 8, 9/2020" share it.
    """
    return squeeze(_PUNCT.sub(" ", _PERIOD_WORDS.sub(" ", fold(text))))


def carry_marker(source: Period) -> str:
    """ "(chuyển tiếp từ Quý III/2020)", "(chuyển tiếp từ tháng 7/2020)"."""
    return f"(chuyển tiếp từ {source.name('vi')})"


def mark_carried(text: str, source: Period) -> str:
    """``text`` with the carry marker before its final full stop or semicolon."""
    body, end = (text[:-1], text[-1]) if text[-1:] in ".;" else (text, "")
    return f"{body.rstrip()} {carry_marker(source)}{end}"


_MARKER = re.compile(r"\s*\(\s*chuyen tiep tu\s+([^()]+?)\s*\)(?=\s*[.;]?\s*$)")


def strip_carry_marker(text: str) -> tuple[str, Period | None]:
    """The text without a final carry marker, and the period it names (else ``None``).

    Accents and case do not matter: "(Chuyen tiep tu quy III/2020)" is recognised too.
    """
    text = nfc(text)
    m = _MARKER.search(fold_aligned(text))
    if m is None:
        return text, None
    try:
        source = parse_period(text[m.start(1) : m.end(1)])
    except InputError:
        return text, None
    return (text[: m.start()] + text[m.end() :]).strip(), source
