"""The JSON shape of each noun, one definition used by the CLI (``--json``) and the REST
API alike; the API's OpenAPI schema documents them. Moments are ISO 8601 with the
organisation's offset (``2020-09-20T08:15:00+07:00``), dates ``YYYY-MM-DD``."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator

from domain.periods import Period
from services.clock import Clock
from store.items import HistoryEntry, ItemView
from store.models import Department
from store.periods import PeriodView


class _Shape(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class ItemOut(_Shape):
    """A work item."""

    id: int
    period: str  # the period's key: 2020-07, 2020-Q3
    section: str  # task | meeting
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
    original_due: date | None = None  # the due date before leadership's first extension

    @field_validator("period", mode="before")
    @classmethod
    def _key(cls, value: Any) -> Any:
        return value.key if isinstance(value, Period) else value


class HistoryOut(_Shape):
    """One change of an item."""

    id: int
    item_id: int
    old_status: str | None
    new_status: str
    old_progress: int | None
    new_progress: int
    note: str | None
    by: str
    channel: str  # cli | web | api | flow | import
    at: datetime
    action: str = "update"  # or extension_requested | extension_approved | extension_refused
    # | reassigned | directive | contribution | cancelled
    role: str | None = None  # lead | support | leadership
    old_value: str | None = None  # what the action changed, before and after (a due date, units)
    new_value: str | None = None


class DepartmentOut(_Shape):
    code: str
    name: str
    email: str


class PeriodOut(_Shape):
    key: str
    name: str  # as people write it, in the request's language
    kind: str
    start: date
    end: date
    closed: bool
    items: int
    done: int


def item_json(item: ItemView, clock: Clock) -> dict[str, Any]:
    shape = ItemOut.model_validate(item)
    shape.updated_at = clock.local(shape.updated_at)
    return shape.model_dump(mode="json")


def history_json(entry: HistoryEntry, clock: Clock) -> dict[str, Any]:
    shape = HistoryOut.model_validate(entry)
    shape.at = clock.local(shape.at)
    return shape.model_dump(mode="json")


def department_json(dept: Department) -> dict[str, Any]:
    return DepartmentOut.model_validate(dept).model_dump(mode="json")


def period_json(period: PeriodView, locale: str) -> dict[str, Any]:
    data = {name: getattr(period, name) for name in PeriodOut.model_fields if name != "name"}
    return PeriodOut(name=period.name(locale), **data).model_dump(mode="json")
