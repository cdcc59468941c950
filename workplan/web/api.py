"""The REST API under ``/api/v1``: Bearer link tokens, JSON in the request's locale.

Any valid token reads everything; a department token changes only items it leads or
supports; the leadership token may change any item.
"""

from __future__ import annotations

import json
import re
from _thread import LockType
from collections.abc import Callable, Coroutine
from functools import partial
from typing import Annotated, Any

from anyio import CapacityLimiter, to_thread
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute
from fastapi.telemetry import get_telemetry_data
from pydantic import ValidationError
from sqlalchemy.engine import Connection
from sqlmodel import Session

from domain.problems import InputError
from notifications.links import Audience
from services.listing import MAX_DAYS, SEARCH_LIMIT, ItemFilter, find_items
from services.shapes import department_json, history_json, item_json, period_json
from services.updates import NotAllowed, WriterBusy, record_update
from store.departments import list_departments
from store.items import ItemView, get_item, history
from store.periods import list_periods
from store.writers import never_waiting
from workplan.limits import MAX_ID
from workplan.web.auth import Forbidden, api_audience
from workplan.web.context import api_locale, state
from workplan.web.schemas import (
    ERRORS,
    NO_NUL,
    ConflictOut,
    DepartmentOut,
    ErrorOut,
    HistoryOut,
    ItemId,
    ItemOut,
    PeriodOut,
    StatusIn,
)

router = APIRouter(prefix="/api/v1", tags=["items"], responses=ERRORS)
Caller = Annotated[Audience, Depends(api_audience)]
LEADERSHIP_NAME = "Lãnh đạo Sở"
# Status updates in the threadpool at once (PostgreSQL), fewer than the engine's five
# pooled connections: more threads only queue for the interpreter and the connections,
# and the unluckiest answers wait longest.
THREADED_UPDATES = 4


# The schema states what each filter takes (see ``workplan.web.app``); the values are
# checked here, so a refusal names the value and what would be accepted.
PeriodQuery = Annotated[str | None, Query(description="2020-Q3, 2020-07 or Quý III/2020")]
DeptQuery = Annotated[str | None, Query(description="A department's code")]
StatusQuery = Annotated[str | None, Query(description="A status")]
OverdueQuery = Annotated[bool, Query(description="Only open items due before today")]
DueQuery = Annotated[int | None, Query(
    ge=0, le=MAX_DAYS, description="Only open items due from today to today + this many days")]
SearchQuery = Annotated[str | None, Query(
    max_length=SEARCH_LIMIT, pattern=NO_NUL,
    description="Words of the text or the note (accents and case ignored)")]


@router.get("/items", responses={200: {"model": list[ItemOut]}})
def items(
    request: Request, who: Caller, period: PeriodQuery = None, dept: DeptQuery = None,
    status: StatusQuery = None, overdue: OverdueQuery = False, due_within: DueQuery = None,
    search: SearchQuery = None,
) -> JSONResponse:
    """Items filtered by period, department (lead or support), status, due date and text."""
    if dept and dept.upper() not in state(request).runtime.org.codes:
        raise InputError("unknown_department", dept=dept)
    wanted = ItemFilter(period=period, dept=dept, status=status, overdue=overdue,
                        due_within=due_within, search=search)  # fmt: skip
    with Session(state(request).runtime.engine) as session:
        found = find_items(session, wanted, today=state(request).today())
    clock = state(request).runtime.clock
    return JSONResponse([item_json(item, clock) for item in found])


@router.get("/items/{item_id}", responses={200: {"model": ItemOut}, 404: {"model": ErrorOut}})
def item(request: Request, who: Caller, item_id: ItemId) -> JSONResponse:
    """One item."""
    with Session(state(request).runtime.engine) as session:
        found = get_item(session, item_id)
    return JSONResponse(item_json(found, state(request).runtime.clock))


@router.get(
    "/items/{item_id}/history",
    responses={200: {"model": list[HistoryOut]}, 404: {"model": ErrorOut}},
)
def item_history(request: Request, who: Caller, item_id: ItemId) -> JSONResponse:
    """Every change of an item, oldest first."""
    with Session(state(request).runtime.engine) as session:
        entries = history(session, item_id)
    clock = state(request).runtime.clock
    return JSONResponse([history_json(e, clock) for e in entries])


async def change_status(
    request: Request, who: Caller, item_id: ItemId, change: StatusIn
) -> JSONResponse:
    """Change an item's status, progress and note; a stale ``version`` gets 409."""
    web = state(request)
    update = partial(
        record_update, web.runtime, item_id=item_id, actor=who.dept, status=change.status,
        progress=change.progress, note=change.note, by=change.by or who.dept or LEADERSHIP_NAME,
        channel="api", version=change.version, done_on=change.done_on,
    )  # fmt: skip
    try:
        updated = await _write(request, update)
    except NotAllowed as exc:  # not its item, or only a supporting unit: says which
        raise Forbidden(exc.code, 403, **exc.params) from None
    # An item of a closed period: the change went to its continuation, which the answer is.
    moved = {"Content-Location": f"/api/v1/items/{updated.id}"} if updated.redirected_from else None
    return JSONResponse(item_json(updated, web.runtime.clock), headers=moved)


class _StatusRoute(APIRoute):
    """The status update's route, the API's busiest. A request in the usual shape (a
    plain item number, a JSON object that :class:`StatusIn` accepts, no dependency
    overridden, no telemetry) goes to the endpoint after the Bearer check, without
    FastAPI's generic resolution of parameters, which costs more than the update itself
    on SQLite. Anything else takes the generic handler, so that every refusal keeps its
    order (token first) and its shape; the OpenAPI schema is the route's own."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        generic = super().get_route_handler()

        async def handler(request: Request) -> Response:
            asked = _usual(request, await request.body())
            if asked is None or request.app.dependency_overrides or get_telemetry_data():
                return await generic(request)
            return await change_status(request, await api_audience(request), *asked)

        return handler


_PLAIN_NUMBER = re.compile(r"[1-9][0-9]{0,9}")


def _usual(request: Request, body: bytes) -> tuple[int, StatusIn] | None:
    """The item number and the change of a request in the usual shape, else ``None``."""
    number = request.path_params.get("item_id")
    if not isinstance(number, str) or not _PLAIN_NUMBER.fullmatch(number):
        return None
    if int(number) > MAX_ID or request.headers.get("content-type") != "application/json":
        return None
    try:
        data = json.loads(body)  # as FastAPI reads a JSON body
        return (int(number), StatusIn.model_validate(data)) if isinstance(data, dict) else None
    except (ValueError, ValidationError):  # a JSON or validation error: the generic path
        return None


router.add_api_route(
    "/items/{item_id}/status", change_status, methods=["POST"],
    responses={200: {"model": ItemOut}, 404: {"model": ErrorOut}, 409: {"model": ConflictOut}},
    route_class_override=_StatusRoute,
)  # fmt: skip


async def _write(request: Request, update: Callable[..., ItemView]) -> ItemView:
    """Run ``update`` (a :func:`record_update` lacking ``lock``); it commits once at most.

    On SQLite it runs on the event loop when no other writer holds the database, so it
    never waits there (well under a millisecond of work, no threadpool hop), on a
    connection kept for it; when one does, it runs in the threadpool, where waiting is
    harmless. On PostgreSQL the driver
    waits for the network: always the threadpool, a few updates at a time.
    """
    lock, app = state(request).write_lock, request.app.state
    if isinstance(lock, LockType) and lock.acquire(blocking=False):
        try:
            return update(wait=False, conn=_loop_connection(request))
        except WriterBusy:  # another connection is writing: nothing was changed, try again
            pass
        finally:
            lock.release()
    if getattr(app, "threaded_updates", None) is None:  # made on the app's event loop
        app.threaded_updates = CapacityLimiter(THREADED_UPDATES)
    return await to_thread.run_sync(partial(update, lock=lock), limiter=app.threaded_updates)


def _loop_connection(request: Request) -> Connection:
    """The connection the event loop writes on (see :func:`never_waiting`), made again
    should it have been lost; used under the write lock only."""
    app = request.app.state
    conn = getattr(app, "loop_connection", None)
    if conn is None or conn.closed or conn.invalidated:
        conn = app.loop_connection = never_waiting(state(request).runtime.engine)
    return conn


@router.get("/departments", responses={200: {"model": list[DepartmentOut]}})
def departments(request: Request, who: Caller) -> JSONResponse:
    """The active departments."""
    with Session(state(request).runtime.engine) as session:
        rows = list_departments(session)
    return JSONResponse([department_json(d) for d in rows])


@router.get("/periods", responses={200: {"model": list[PeriodOut]}})
def periods(request: Request, who: Caller) -> JSONResponse:
    """The periods, in time order, with their names in the request's locale."""
    locale = api_locale(request)
    with Session(state(request).runtime.engine) as session:
        rows = list_periods(session)
    return JSONResponse([period_json(p, locale) for p in rows])
