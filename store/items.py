"""Reading work items and changing their status: the service the CLI, the web pages,
the REST API and the flows all call."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import or_, select
from sqlmodel import Session

from domain.periods import Period
from domain.problems import InputError
from domain.report import ItemSnapshot
from domain.status import parse_status
from store.models import ItemSupport, StatusUpdate, WorkItem

CHANNELS = ("cli", "web", "api", "flow", "import")


@dataclass(frozen=True)
class ItemView:
    """A work item as every face shows it."""

    id: int
    period: Period
    section: str
    bullet: int
    text: str
    lead: str
    support: list[str]
    due: date
    status: str
    progress: int
    note: str | None
    part_of: int | None
    carried_from: int | None
    carry_count: int
    version: int
    done_on: date | None
    updated_at: datetime
    # Set by update_status when the item asked for lay in a closed period and the change
    # went to its live continuation: the id that was asked for.
    redirected_from: int | None = None
    original_due: date | None = None  # the due date before leadership's first extension

    def snapshot(self) -> ItemSnapshot:
        """What the reports (board, digests, requests) need of the item."""
        return ItemSnapshot(
            id=self.id,
            period=self.period.key,
            text=self.text,
            lead=self.lead,
            due=self.due,
            status=self.status,
            progress=self.progress,
            done_on=self.done_on,
            support=tuple(self.support),
            note=self.note,
            section=self.section,
            original_due=self.original_due,
        )


@dataclass(frozen=True)
class HistoryEntry:
    id: int
    item_id: int
    old_status: str | None
    new_status: str
    old_progress: int | None
    new_progress: int
    note: str | None
    by: str
    channel: str
    at: datetime
    action: str = "update"  # or one of domain.direction.ACTIONS
    role: str | None = None  # lead | support | leadership
    old_value: str | None = None  # what the action changed (a due date, the units)
    new_value: str | None = None


def list_items(
    session: Session,
    *,
    period: str | None = None,
    periods: Iterable[str] | None = None,
    dept: str | None = None,
    status: str | None = None,
) -> list[ItemView]:
    """Items filtered by period(s), department (lead or supporting) and status."""
    query = select(WorkItem)
    if period:
        query = query.where(WorkItem.period == period)
    if periods is not None:
        query = query.where(WorkItem.period.in_(list(periods)))
    if dept:
        code = dept.upper()
        supported = select(ItemSupport.item_id).where(ItemSupport.dept == code)
        query = query.where(or_(WorkItem.lead == code, WorkItem.id.in_(supported)))
    if status:
        query = query.where(WorkItem.status == parse_status(status).value)
    query = query.order_by(
        WorkItem.period, WorkItem.section.desc(), WorkItem.bullet, WorkItem.part, WorkItem.id
    )
    rows = list(session.execute(query).scalars())
    return _views(session, rows)


def get_item(session: Session, item_id: int) -> ItemView:
    row = session.get(WorkItem, item_id)
    if row is None:
        raise InputError("unknown_item", id=item_id)
    return _views(session, [row])[0]


def history(session: Session, item_id: int) -> list[HistoryEntry]:
    """Every status update of an item, oldest first."""
    get_item(session, item_id)
    rows = session.execute(
        select(StatusUpdate)
        .where(StatusUpdate.item_id == item_id)
        .order_by(StatusUpdate.at, StatusUpdate.id)
    ).scalars()
    return [
        HistoryEntry(**{k: getattr(r, k) for k in HistoryEntry.__dataclass_fields__}) for r in rows
    ]


def latest_updates(
    session: Session, *, limit: int = 20, periods: Iterable[str] | None = None
) -> list[HistoryEntry]:
    """The newest status updates made by people (imports left out)."""
    query = select(StatusUpdate).where(StatusUpdate.channel != "import")
    if periods is not None:
        query = query.join(WorkItem, WorkItem.id == StatusUpdate.item_id).where(
            WorkItem.period.in_(list(periods))
        )
    rows = session.execute(
        query.order_by(StatusUpdate.at.desc(), StatusUpdate.id.desc()).limit(limit)
    ).scalars()
    return [
        HistoryEntry(**{k: getattr(r, k) for k in HistoryEntry.__dataclass_fields__}) for r in rows
    ]


def works_on(session: Session, item_id: int, dept: str) -> bool:
    """True when ``dept`` leads or supports the item (two small reads, no item view)."""
    lead = session.execute(select(WorkItem.lead).where(WorkItem.id == item_id)).scalar()
    if lead is None:
        raise InputError("unknown_item", id=item_id)
    supports = select(ItemSupport.item_id).where(
        ItemSupport.item_id == item_id, ItemSupport.dept == dept
    )
    return lead == dept or session.execute(supports).first() is not None


def update_status(session: Session, **change: Any) -> ItemView:
    """Change an item and record the change (the write path: :mod:`store.changes`)."""
    from store.changes import update_status as write

    return write(session, **change)


def _views(session: Session, rows: list[WorkItem]) -> list[ItemView]:
    support: dict[int, list[str]] = defaultdict(list)
    ids = [r.id for r in rows]
    for chunk_start in range(0, len(ids), 900):
        chunk = ids[chunk_start : chunk_start + 900]
        for item_id, dept in session.execute(
            select(ItemSupport.item_id, ItemSupport.dept)
            .where(ItemSupport.item_id.in_(chunk))
            .order_by(ItemSupport.item_id, ItemSupport.position)
        ):
            support[item_id].append(dept)
    return [
        ItemView(
            id=r.id,  # type: ignore[arg-type]
            period=Period.from_key(r.period),
            section=r.section,
            bullet=r.bullet,
            text=r.text,
            lead=r.lead,
            support=support[r.id],  # type: ignore[index]
            due=r.due,
            status=r.status,
            progress=r.progress,
            note=r.note,
            part_of=r.part_of,
            carried_from=r.carried_from,
            carry_count=r.carry_count,
            version=r.version,
            done_on=r.done_on,
            updated_at=r.updated_at,
            original_due=r.original_due,
        )
        for r in rows
    ]
