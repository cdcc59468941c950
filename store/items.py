"""Reading work items and changing their status: the service the CLI, the web pages,
the REST API and the flows all call."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.engine import Connection, RowMapping
from sqlmodel import Session

from domain.periods import Period
from domain.problems import InputError
from domain.report import ItemSnapshot
from domain.status import parse_status
from store.models import ItemSupport, StatusUpdate, WorkItem, table_of

CHANNELS = ("cli", "web", "api", "flow", "import")




ITEMS = table_of(WorkItem)
SUPPORTS = table_of(ItemSupport)
HISTORY = table_of(StatusUpdate)


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
    c = ITEMS.c
    query = select(ITEMS)
    if period:
        query = query.where(c.period == period)
    if periods is not None:
        query = query.where(c.period.in_(list(periods)))
    if dept:
        code = dept.upper()
        supported = select(SUPPORTS.c.item_id).where(SUPPORTS.c.dept == code)
        query = query.where(or_(c.lead == code, c.id.in_(supported)))
    if status:
        query = query.where(c.status == parse_status(status).value)
    query = query.order_by(c.period, c.section.desc(), c.bullet, c.part, c.id)
    return _views(session.connection(), session.execute(query).mappings().all())


def get_item(session: Session, item_id: int) -> ItemView:
    row = session.execute(select(ITEMS).where(ITEMS.c.id == item_id)).mappings().first()
    if row is None:
        raise InputError("unknown_item", id=item_id)
    return _views(session.connection(), [row])[0]


def history(session: Session, item_id: int) -> list[HistoryEntry]:
    """Every status update of an item, oldest first."""
    get_item(session, item_id)
    rows = session.execute(
        select(HISTORY)
        .where(HISTORY.c.item_id == item_id)
        .order_by(HISTORY.c.at, HISTORY.c.id)
    ).mappings()
    return [history_entry(r) for r in rows]


def latest_updates(
    session: Session, *, limit: int = 20, periods: Iterable[str] | None = None
) -> list[HistoryEntry]:
    """The newest status updates made by people (imports left out)."""
    query = select(HISTORY).where(HISTORY.c.channel != "import")
    if periods is not None:
        query = query.join(ITEMS, ITEMS.c.id == HISTORY.c.item_id).where(
            ITEMS.c.period.in_(list(periods))
        )
    rows = session.execute(
        query.order_by(HISTORY.c.at.desc(), HISTORY.c.id.desc()).limit(limit)
    ).mappings()
    return [history_entry(r) for r in rows]


def history_entry(row: RowMapping) -> HistoryEntry:
    """A history entry from a ``status_update`` row."""
    return HistoryEntry(**{k: row[k] for k in HistoryEntry.__dataclass_fields__})


def works_on(session: Session, item_id: int, dept: str) -> bool:
    """True when ``dept`` leads or supports the item (two small reads, no item view)."""
    lead = session.execute(select(ITEMS.c.lead).where(ITEMS.c.id == item_id)).scalar()
    if lead is None:
        raise InputError("unknown_item", id=item_id)
    supports = select(SUPPORTS.c.item_id).where(
        SUPPORTS.c.item_id == item_id, SUPPORTS.c.dept == dept
    )
    return lead == dept or session.execute(supports).first() is not None


def update_status(session: Session, **change: Any) -> ItemView:
    """Change an item and record the change (the write path: :mod:`store.changes`)."""
    from store.changes import update_status as write

    return write(session, **change)


def item_view(row: Mapping[Any, Any], support: list[str], **more: Any) -> ItemView:
    """The view of a ``work_item`` row (any extra keys are left out) and its supports;
    ``more`` overrides the row's values."""
    fields = {k: row[k] for k in _ROW_FIELDS} | more
    return ItemView(period=Period.from_key(fields.pop("period")), support=support, **fields)


_ROW_FIELDS = tuple(
    name for name in ItemView.__dataclass_fields__
    if name not in ("support", "redirected_from")
)  # fmt: skip


def _views(conn: Connection, rows: Sequence[RowMapping]) -> list[ItemView]:
    support: dict[int, list[str]] = defaultdict(list)
    ids = [r["id"] for r in rows]
    for chunk_start in range(0, len(ids), 900):
        chunk = ids[chunk_start : chunk_start + 900]
        for item_id, dept in conn.execute(
            select(SUPPORTS.c.item_id, SUPPORTS.c.dept)
            .where(SUPPORTS.c.item_id.in_(chunk))
            .order_by(SUPPORTS.c.item_id, SUPPORTS.c.position)
        ):
            support[item_id].append(dept)
    return [item_view(r, support[r["id"]]) for r in rows]
