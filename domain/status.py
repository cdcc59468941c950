"""Item statuses, the rules of a status change, and the four report classes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from domain.messages import Labels
from domain.problems import InputError
from domain.text import fold


class Status(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    BLOCKED = "blocked"
    CANCELLED = "cancelled"

    @property
    def is_open(self) -> bool:
        """Unfinished work: carried over at period end and counted as unfinished."""
        return self not in (Status.DONE, Status.CANCELLED)


LABELS: Labels[Status] = Labels("status", tuple(Status))
"""``LABELS[locale][status]``: the words are in the catalogues (``status_<code>``)."""


_CODES = {s.value: s for s in Status}


def label(status: Status | str, locale: str = "vi") -> str:
    return LABELS[locale if locale in LABELS else "vi"][Status(status)]


def parse_status(value: str) -> Status:
    """A status from its code or its label in either locale (accent-insensitive)."""
    if value in _CODES:  # a code as it is (or a Status): no label to compare
        return _CODES[value]
    wanted = fold(value).replace(" ", "_").replace("-", "_")
    for status in Status:
        names = {status.value} | {fold(lbl[status]).replace(" ", "_") for lbl in LABELS.values()}
        if wanted in names:
            return status
    raise InputError("unknown_status", value=value, allowed=", ".join(s.value for s in Status))


@dataclass(frozen=True)
class Change:
    """A validated status change: the new status, progress and note."""

    status: Status
    progress: int
    note: str | None


def plan_change(
    *,
    current: Status,
    current_progress: int,
    status: str | Status | None,
    progress: int | None,
    note: str | None,
) -> Change:
    """Validate a requested change and fill in what follows from it.

    ``done`` means 100 %; progress must lie in 0–100; a ``done`` item cannot be given less
    than 100 %; ``not_started`` with progress above 0 is a contradiction.
    """
    new_status = parse_status(status) if isinstance(status, str) else (status or current)
    if progress is not None and not 0 <= progress <= 100:
        raise InputError("bad_progress", value=progress)
    if new_status is Status.DONE:
        if progress is not None and progress != 100:
            raise InputError("done_needs_full_progress", value=progress)
        new_progress = 100
    elif progress is not None:
        new_progress = progress
    elif current is Status.DONE:
        new_progress = min(current_progress, 90)
    else:
        new_progress = current_progress
    if new_status is Status.NOT_STARTED and new_progress > 0:
        raise InputError("not_started_with_progress", value=new_progress)
    if new_status is Status.IN_PROGRESS and new_progress == 100:
        raise InputError("in_progress_at_full", value=new_progress)
    if note is not None:
        note = note.strip() or None
        if note and len(note) > 2000:
            raise InputError("note_too_long", limit=2000)
    return Change(new_status, new_progress, note)


class ReportClass(StrEnum):
    """The four classes Vietnamese government progress reports use."""

    DONE_ON_TIME = "done_on_time"
    # Finished after its first due date but by a later one leadership approved.
    DONE_EXTENDED = "done_extended"
    DONE_LATE = "done_late"
    OPEN_NOT_DUE = "open_not_due"
    OPEN_OVERDUE = "open_overdue"


REPORT_LABELS: Labels[ReportClass] = Labels("class", tuple(ReportClass))
"""``REPORT_LABELS[locale][klass]``, from the catalogues (``class_<code>``)."""


def classify(
    *, status: Status, due: date, done_on: date | None, today: date,
    original_due: date | None = None,
) -> ReportClass | None:
    """Report class of an item on ``today``; cancelled items fall in none.

    ``original_due`` is the due date before an approved extension: an item finished after
    it but by the extended ``due`` is done on time with extension.
    """
    if status is Status.CANCELLED:
        return None
    if status is Status.DONE:
        finished = done_on or today
        if finished > due:
            return ReportClass.DONE_LATE
        extended = original_due is not None and finished > original_due
        return ReportClass.DONE_EXTENDED if extended else ReportClass.DONE_ON_TIME
    return ReportClass.OPEN_OVERDUE if today > due else ReportClass.OPEN_NOT_DUE
