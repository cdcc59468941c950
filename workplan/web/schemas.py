"""The REST API's documented shapes (requests are validated; responses follow ``as_json``)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from store.items import HistoryEntry, ItemView


class StatusIn(BaseModel):
    """A status change; ``version`` must be the item's current version."""

    status: str | None = Field(
        None, description="not_started | in_progress | done | blocked | cancelled"
    )
    progress: int | None = Field(None, ge=0, le=100)
    note: str | None = Field(None, max_length=2000)
    version: int = Field(..., ge=1, description="The version read with the item")
    by: str | None = Field(None, max_length=120, description="Who makes the change")


# Responses are the service's own types: FastAPI documents dataclasses as it does models.
ItemOut = ItemView
HistoryOut = HistoryEntry


class DepartmentOut(BaseModel):
    code: str
    name: str
    email: str


class PeriodOut(BaseModel):
    key: str
    name: str
    kind: str
    start: date
    end: date
    closed: bool
    items: int
    done: int


class ErrorOut(BaseModel):
    detail: str
    code: str


class ConflictOut(ErrorOut):
    item: ItemOut


ERRORS: dict[int | str, dict[str, object]] = {
    401: {"model": ErrorOut, "description": "No token"},
    403: {"model": ErrorOut, "description": "Forged, expired or not allowed"},
}
