"""The REST API's documented shapes: requests here, responses from :mod:`services.shapes`."""

from __future__ import annotations

from pydantic import BaseModel, Field

from services.shapes import DepartmentOut, HistoryOut, ItemOut, PeriodOut


class StatusIn(BaseModel):
    """A status change; ``version`` must be the item's current version."""

    status: str | None = Field(
        None, description="not_started | in_progress | done | blocked | cancelled"
    )
    progress: int | None = Field(None, ge=0, le=100)
    note: str | None = Field(None, max_length=2000)
    version: int = Field(..., ge=1, description="The version read with the item")
    by: str | None = Field(None, max_length=120, description="Who makes the change")


# Responses: the one shape of each noun, shared with the CLI's --json.
__all__ = ["DepartmentOut", "HistoryOut", "ItemOut", "PeriodOut"]


class ErrorOut(BaseModel):
    detail: str
    code: str


class ConflictOut(ErrorOut):
    item: ItemOut


ERRORS: dict[int | str, dict[str, object]] = {
    401: {"model": ErrorOut, "description": "No token"},
    403: {"model": ErrorOut, "description": "Forged, expired or not allowed"},
}
