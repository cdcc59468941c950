"""A department reports on many items at once (*báo cáo tiến độ*): each change is its own
versioned update, so one refused (a conflict, a bad value) never loses the others."""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlmodel import Session

from domain.problems import InputError
from services.runtime import Runtime
from services.updates import NotAllowed, record_update
from store.items import HistoryEntry, ItemView, get_item, history


@dataclass(frozen=True)
class ItemChange:
    """What a person asked for one item, and the version they saw."""

    item_id: int
    status: str | None
    progress: int | None
    note: str | None
    version: int
    done_on: date | None = None


@dataclass(frozen=True)
class Refusal:
    """Why one change was not saved; for a conflict, the item as it now stands and the
    update that made the person's version stale."""

    change: ItemChange
    code: str
    params: dict[str, object]
    current: ItemView | None = None
    latest: HistoryEntry | None = None

    @property
    def is_conflict(self) -> bool:
        return self.code == "stale_version"

    def who_and_when(self) -> tuple[str, datetime] | None:
        """Who made the newer update, and when."""
        return (self.latest.by, self.latest.at) if self.latest else None


@dataclass
class Report:
    """What a save did: the items saved (each a new version) and the changes refused."""

    saved: list[ItemView] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)


def report_progress(
    rt: Runtime, *, dept: str, changes: list[ItemChange], by: str, channel: str = "web",
    lock: AbstractContextManager[object] | None = None,
) -> Report:
    """Save each change on behalf of ``dept``, as one update each, in the order given."""
    report = Report()
    for change in changes:
        try:
            report.saved.append(record_update(
                rt, item_id=change.item_id, actor=dept, status=change.status,
                progress=change.progress, note=change.note, by=by, channel=channel,
                version=change.version, lock=lock, done_on=change.done_on,
            ))  # fmt: skip
        except NotAllowed as exc:  # not its item, or only a supporting unit: says which
            report.refused.append(Refusal(change, exc.code, exc.params))
        except InputError as exc:
            report.refused.append(_refusal(rt, change, exc))
    return report


def _refusal(rt: Runtime, change: ItemChange, exc: InputError) -> Refusal:
    """A refusal; a conflict names the item's state now and its latest update."""
    if exc.code != "stale_version":
        return Refusal(change, exc.code, exc.params)
    with Session(rt.engine) as session:
        current = get_item(session, change.item_id)
        entries = history(session, change.item_id)
    return Refusal(change, exc.code, exc.params, current, entries[-1] if entries else None)
