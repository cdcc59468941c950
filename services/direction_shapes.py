"""The JSON shapes of leadership's direction, shared by the CLI's ``--json`` and the REST
API (its OpenAPI schema documents them). Moments carry the organisation's offset."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel

from domain.direction import Extension, Note
from services.clock import Clock
from store.direction_reads import ReassignmentLine


class ExtensionOut(BaseModel):
    """A request for a later due date and leadership's decision on it."""

    id: int
    item_id: int
    dept: str  # the lead unit that asked
    old_due: date
    new_due: date
    reason: str
    state: str  # pending | approved | refused | withdrawn
    requested_by: str
    requested_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    decision_note: str | None


class NoteOut(BaseModel):
    """A directive of leadership, or a supporting unit's contribution (``dept``)."""

    id: int
    item_id: int
    text: str
    by: str
    at: datetime
    dept: str | None


class ReassignmentOut(BaseModel):
    """An item given to other units, and why."""

    id: int
    item_id: int
    text: str
    old_lead: str
    new_lead: str
    old_support: list[str]
    new_support: list[str]
    reason: str
    by: str
    channel: str
    at: datetime


def extension_json(ext: Extension, clock: Clock) -> dict[str, Any]:
    fields = {k: getattr(ext, k) for k in ExtensionOut.model_fields if k != "item_id"}
    fields["requested_at"] = clock.local(ext.requested_at)
    fields["decided_at"] = clock.local(ext.decided_at) if ext.decided_at else None
    return ExtensionOut(item_id=ext.item.id, **fields).model_dump(mode="json")


def note_json(note: Note, clock: Clock) -> dict[str, Any]:
    shape = NoteOut(id=note.id, item_id=note.item.id, text=note.text, by=note.by,
                    at=clock.local(note.at), dept=note.dept)  # fmt: skip
    return shape.model_dump(mode="json")


def reassignment_json(line: ReassignmentLine, clock: Clock) -> dict[str, Any]:
    fields = {k: getattr(line, k) for k in ReassignmentOut.model_fields}
    fields |= {"at": clock.local(line.at), "old_support": list(line.old_support),
               "new_support": list(line.new_support)}  # fmt: skip
    return ReassignmentOut(**fields).model_dump(mode="json")
