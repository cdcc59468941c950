"""The REST API's documented shapes: requests here, responses from :mod:`services.shapes`."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import Path
from pydantic import BaseModel, Field

from domain.status import Status
from services.shapes import DepartmentOut, HistoryOut, ItemOut, PeriodOut
from workplan.limits import MAX_ID, NAME_LIMIT

NO_NUL = r"^[^\x00]*$"  # PostgreSQL text cannot hold a NUL character
_YEAR = "(19|2[0-9])[0-9]{2}"
# A period's key (2020, 2020-H1, 2020-Q3, 2020-07) or its name as people write it.
PERIOD = (
    rf"^({_YEAR}(-(0[1-9]|1[0-2]|Q[1-4]|H[1-2]))?|[Tt]háng ([1-9]|1[0-2])/{_YEAR}"
    rf"|[Qq]uý (I|II|III|IV)/{_YEAR}|[Nn]ăm {_YEAR}|6 tháng (đầu|cuối) năm {_YEAR})$"
)

ItemId = Annotated[int, Path(ge=1, le=MAX_ID, description="The item's number")]


def _statuses(schema: dict[str, Any]) -> None:
    schema["anyOf"][0]["enum"] = [s.value for s in Status]


class StatusIn(BaseModel):
    """A status change; ``version`` must be the item's current version."""

    # Checked by the status rules (a refusal names the value); the schema lists them.
    status: str | None = Field(None, description="The new status", json_schema_extra=_statuses)
    progress: int | None = Field(None, ge=0, le=100)
    note: str | None = Field(None, max_length=2000, pattern=NO_NUL)
    version: int = Field(..., ge=1, le=MAX_ID, description="The version read with the item")
    by: str | None = Field(
        None, max_length=NAME_LIMIT, pattern=NO_NUL, description="Who makes the change"
    )
    done_on: date | None = Field(
        None, description="With status done: the day it was finished (default: today)"
    )


# Responses: the one shape of each noun, shared with the CLI's --json.
__all__ = ["DepartmentOut", "HistoryOut", "ItemOut", "PeriodOut"]


class ErrorOut(BaseModel):
    detail: str
    code: str


class ConflictOut(ErrorOut):
    item: ItemOut


class InvalidOut(ErrorOut):
    """A refused request: ``errors`` lists the fields at fault when the shape was wrong."""

    errors: list[dict[str, Any]] = Field(default_factory=list)


ERRORS: dict[int | str, dict[str, object]] = {
    400: {"model": ErrorOut, "description": "A body that cannot be read (bad encoding)"},
    401: {"model": ErrorOut, "description": "No token"},
    403: {"model": ErrorOut, "description": "Forged, expired or not allowed"},
    422: {"model": InvalidOut, "description": "Invalid input"},
}
