"""The REST operations of leadership's direction, under ``/api/v1/items/{id}``: a lead
unit asks for more time, leadership decides, reassigns, directs and cancels, a supporting
unit contributes. The same rules as the pages and the command line: a refusal is 403 with
its reason, bad input 400, a conflict 409 (a request already decided or pending), an
unknown item or request 404; nothing changes then. Mail goes out after the answer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.background import BackgroundTask

from domain.messages import render as message
from domain.problems import InputError
from notifications.links import Audience
from services import direction as use
from services.direction_mail import send
from services.direction_shapes import ExtensionOut, NoteOut, extension_json, note_json
from services.extensions import decide_extension, request_extension
from services.shapes import ItemOut, item_json
from services.updates import NotAllowed
from store.direction_reads import item_direction
from workplan.limits import MAX_ID, NAME_LIMIT
from workplan.web.auth import Forbidden, api_audience
from workplan.web.context import api_locale, state
from workplan.web.schemas import ERRORS, NO_NUL, ErrorOut, ItemId

router = APIRouter(prefix="/api/v1", tags=["direction"], responses=ERRORS)
Caller = Annotated[Audience, Depends(api_audience)]
RequestId = Annotated[int, Path(ge=1, le=MAX_ID, description="The extension request's number")]
By = Annotated[str | None, Field(None, max_length=NAME_LIMIT, pattern=NO_NUL,
                                 description="Who acts (default: the unit's name or leadership)")]
# Longer than the rules allow, so that a text over its limit gets the rule's own 400.
Text = Annotated[str, Field(max_length=20_000, pattern=NO_NUL)]
NOT_FOUND = ("unknown_item", "unknown_extension")
CONFLICTS = ("extension_pending", "stale_version", "cancel_cancelled", "extension_already_approved",
             "extension_already_refused", "extension_already_withdrawn", "item_closed")  # fmt: skip
REFUSED: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "Input the rules refuse (one reason, in `detail`)"},
    404: {"model": ErrorOut, "description": "No such item or request"},
    409: {"model": ErrorOut, "description": "A request already pending or decided"},
}


class ExtensionIn(BaseModel):
    """The lead unit asks to move the due date to ``due`` (after the current one, not in
    the past), with a reason."""

    due: date
    reason: Text
    by: By = None


class DecisionIn(BaseModel):
    """Leadership's decision; a refusal says why (``note``)."""

    decision: Literal["approve", "refuse"]
    note: Text | None = None
    by: By = None


class ReassignIn(BaseModel):
    """The new lead unit and, when given, the new supporting units (else kept)."""

    lead: str = Field(..., max_length=16, pattern=NO_NUL)
    support: list[Annotated[str, Field(max_length=16, pattern=NO_NUL)]] | None = Field(
        None, max_length=50)
    reason: Text
    by: By = None


class TextIn(BaseModel):
    """A directive (at most 5,000 characters) or a contribution (at most 2,000)."""

    text: Text
    by: By = None


class ReasonIn(BaseModel):
    reason: Text
    by: By = None


@router.post("/items/{item_id}/extension", status_code=201,
             responses={201: {"model": ExtensionOut}, **REFUSED})  # fmt: skip
def extension(request: Request, who: Caller, item_id: ItemId, body: ExtensionIn) -> JSONResponse:
    """Ask for a later due date (the lead unit, or leadership); leadership is told by mail."""
    return answer(request, lambda web, lock: request_extension(
        web.runtime, item_id=item_id, actor=who.dept, new_due=body.due, reason=body.reason,
        by=body.by or "", channel="api", lock=lock), created=True)  # fmt: skip


@router.post("/items/{item_id}/extension/{request_id}/decision",
             responses={200: {"model": ExtensionOut}, **REFUSED})  # fmt: skip
def decision(
    request: Request, who: Caller, item_id: ItemId, request_id: RequestId, body: DecisionIn
) -> JSONResponse:
    """Approve or refuse a pending request (leadership); the unit is told by mail."""
    return answer(request, lambda web, lock: decide_extension(
        web.runtime, request_id=request_id, item_id=item_id, approve=body.decision == "approve",
        note=body.note, by=body.by or "", channel="api", actor=who.dept, lock=lock))  # fmt: skip


@router.post("/items/{item_id}/reassign", responses={200: {"model": ItemOut}, **REFUSED})
def reassign(request: Request, who: Caller, item_id: ItemId, body: ReassignIn) -> JSONResponse:
    """Give the item to other units (leadership); both lead units are told by mail."""
    return answer(request, lambda web, lock: use.reassign(
        web.runtime, item_id=item_id, actor=who.dept, lead=body.lead, support=body.support,
        reason=body.reason, by=body.by or "", channel="api", lock=lock), shape="item")  # fmt: skip


@router.post("/items/{item_id}/directive", status_code=201,
             responses={201: {"model": NoteOut}, **REFUSED})  # fmt: skip
def directive(request: Request, who: Caller, item_id: ItemId, body: TextIn) -> JSONResponse:
    """Write a directive (leadership); the item's units are told by mail."""
    return answer(request, lambda web, lock: use.direct(
        web.runtime, item_id=item_id, actor=who.dept, text=body.text, by=body.by or "",
        channel="api", lock=lock), created=True, shape="directive")  # fmt: skip


@router.post("/items/{item_id}/cancel", responses={200: {"model": ItemOut}, **REFUSED})
def cancel(request: Request, who: Caller, item_id: ItemId, body: ReasonIn) -> JSONResponse:
    """Cancel the item with a reason (leadership)."""
    return answer(request, lambda web, lock: use.cancel(
        web.runtime, item_id=item_id, actor=who.dept, reason=body.reason, by=body.by or "",
        channel="api", lock=lock), shape="item")  # fmt: skip


@router.post("/items/{item_id}/contribution", status_code=201,
             responses={201: {"model": NoteOut}, **REFUSED})  # fmt: skip
def contribution(request: Request, who: Caller, item_id: ItemId, body: TextIn) -> JSONResponse:
    """Add a supporting unit's contribution (that unit's token)."""
    if who.dept is None:
        raise Forbidden("contribution_support_only", id=item_id)
    return answer(request, lambda web, lock: use.contribute(
        web.runtime, item_id=item_id, actor=who.dept or "", text=body.text, by=body.by or "",
        channel="api", lock=lock), created=True, shape="contribution")  # fmt: skip


def answer(
    request: Request, call: Callable[[Any, Any], use.Outcome], *, created: bool = False,
    shape: str = "extension",
) -> JSONResponse:
    """Run ``call(web state, lock)`` and answer with what it made, or why not."""
    web = state(request)
    try:
        done = call(web, web.write_lock)
    except NotAllowed as exc:
        raise Forbidden(exc.code, 403, **exc.params) from None
    except InputError as exc:
        status = 404 if exc.code in NOT_FOUND else 409 if exc.code in CONFLICTS else 400
        detail = message(exc.code, api_locale(request), **exc.params)
        return JSONResponse({"detail": detail, "code": exc.code}, status)
    clock = web.runtime.clock
    if shape == "item" or (shape == "extension" and done.extension is None):
        body = item_json(done.item, clock)
    elif shape == "extension":
        body = extension_json(done.extension, clock)  # type: ignore[arg-type]
    else:
        with_notes = item_direction_of(web, done.item.id)
        kind = with_notes.directives if shape == "directive" else with_notes.contributions
        body = note_json(next(n for n in kind if n.id == done.note_id), clock)
    mail = BackgroundTask(send, web.runtime, done.mail) if done.mail else None
    return JSONResponse(body, 201 if created else 200, background=mail)


def item_direction_of(web: Any, item_id: int) -> Any:
    from sqlmodel import Session

    with Session(web.runtime.engine) as session:
        return item_direction(session, item_id)
