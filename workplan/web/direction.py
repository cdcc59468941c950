"""The direction pages: an item's directives, extension requests and contributions with
the forms its viewer's role allows (``/d/<token>/items/<id>/direction`` for a unit,
``/board/<token>/items/<id>/direction`` for leadership), the posts of those forms and
leadership's one-click decision from the board. Mail goes out after the answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel
from sqlmodel import Session
from starlette.background import BackgroundTask
from starlette.exceptions import HTTPException

from domain.direction import read_day, role_on
from domain.messages import render as message
from domain.problems import InputError
from services import direction as use
from services.direction_mail import send
from services.extensions import decide_extension, request_extension
from services.updates import NotAllowed
from store.items import get_item
from workplan.limits import check_name, item_number
from workplan.web import api_direction, direction_panel, i18n_direction
from workplan.web.auth import Forbidden, check_csrf, department_of, require_leadership
from workplan.web.context import link_for, page_locale, render, state
from workplan.web.i18n import t

router = APIRouter(include_in_schema=False)
CONFLICTS = (
    "extension_pending", "stale_version", "cancel_cancelled", "extension_already_approved",
    "extension_already_refused", "extension_already_withdrawn",
)  # fmt: skip


class Posted(BaseModel):
    """Any direction form, as typed."""

    csrf: str = ""
    by: str = ""
    new_due: str = ""
    reason: str = ""
    text: str = ""
    note: str = ""
    decision: str = ""
    lead: str = ""
    support: list[str] = []


Form_ = Annotated[Posted, Form()]


def install(app: FastAPI) -> None:
    """Add the direction pages, the API operations, their texts and the partials' reads."""
    i18n_direction.register()
    direction_panel.install(state_of(app))
    app.include_router(router)
    app.include_router(api_direction.router)


@router.get("/d/{token}/items/{item_id}/direction", response_class=HTMLResponse)
def unit_page(request: Request, token: str, item_id: int, done: str | None = None) -> Response:
    """An item's direction as its lead or supporting unit sees it."""
    return show(request, token, item_id, dept=department_of(request, token), done=done)


@router.get("/board/{token}/items/{item_id}/direction", response_class=HTMLResponse)
def board_page(request: Request, token: str, item_id: int, done: str | None = None) -> Response:
    """An item's direction as leadership sees it, with its forms."""
    require_leadership(request, token)
    return show(request, token, item_id, dept=None, done=done)


@router.post("/d/{token}/items/{item_id}/extension", response_model=None)
def ask(request: Request, token: str, item_id: int, form: Form_) -> Response:
    """The lead unit asks for a later due date."""
    return act(request, token, item_id, form, "requested", lambda rt, dept, lock: request_extension(
        rt, item_id=item_id, actor=dept, new_due=read_day(form.new_due), reason=form.reason,
        by=form.by, channel="web", lock=lock))  # fmt: skip


@router.post("/d/{token}/items/{item_id}/contribution", response_model=None)
def contribute(request: Request, token: str, item_id: int, form: Form_) -> Response:
    """A supporting unit adds its contribution."""
    return act(request, token, item_id, form, "contributed", lambda rt, dept, lock: use.contribute(
        rt, item_id=item_id, actor=dept or "", text=form.text, by=form.by, channel="web",
        lock=lock))  # fmt: skip


@router.post("/board/{token}/extensions/{request_id}/decision", response_model=None)
def decide(request: Request, token: str, request_id: int, form: Form_) -> Response:
    """Leadership approves (one click) or refuses (with a note) a pending request."""
    require_leadership(request, token)
    web = state(request)
    with Session(web.runtime.engine) as session:
        from store.direction import request_row

        row = request_row(session.connection(), item_number(request_id))
    if row is None:
        raise HTTPException(404)
    approve = form.decision != "refuse"
    return act(request, token, row["item_id"], form, "approved" if approve else "refused",
               lambda rt, dept, lock: decide_extension(
                   rt, request_id=request_id, approve=approve, note=form.note, by=form.by,
                   channel="web", lock=lock))  # fmt: skip


@router.post("/board/{token}/items/{item_id}/reassign", response_model=None)
def reassign(request: Request, token: str, item_id: int, form: Form_) -> Response:
    """Leadership gives the item to other units."""
    return act(request, token, item_id, form, "reassigned", lambda rt, dept, lock: use.reassign(
        rt, item_id=item_id, actor=None, lead=form.lead, support=form.support,
        reason=form.reason, by=form.by, channel="web", lock=lock))  # fmt: skip


@router.post("/board/{token}/items/{item_id}/directive", response_model=None)
def direct(request: Request, token: str, item_id: int, form: Form_) -> Response:
    """Leadership writes a directive."""
    return act(request, token, item_id, form, "directed", lambda rt, dept, lock: use.direct(
        rt, item_id=item_id, actor=None, text=form.text, by=form.by, channel="web",
        lock=lock))  # fmt: skip


@router.post("/board/{token}/items/{item_id}/cancel", response_model=None)
def cancel(request: Request, token: str, item_id: int, form: Form_) -> Response:
    """Leadership cancels the item with a reason."""
    return act(request, token, item_id, form, "cancelled", lambda rt, dept, lock: use.cancel(
        rt, item_id=item_id, actor=None, reason=form.reason, by=form.by, channel="web",
        lock=lock))  # fmt: skip


def act(request: Request, token: str, item_id: int, form: Posted, done: str,
        call: Callable[..., use.Outcome]) -> Response:  # fmt: skip
    """Check the link and the form, run ``call(runtime, dept, lock)``; back to the page
    with what was done (mail delivered after the answer), or with why not (400/409)."""
    leadership = request.url.path.startswith("/board/")
    dept = None if leadership else department_of(request, token)
    if leadership:
        require_leadership(request, token)
    check_csrf(request, token, form.csrf)
    item_number(item_id)
    web = state(request)
    try:
        check_name(form.by)
        outcome = call(web.runtime, dept, web.write_lock)
    except NotAllowed as exc:
        raise Forbidden(exc.code, 403, **exc.params) from None
    except InputError as exc:
        if exc.code in ("unknown_item", "unknown_extension"):
            raise
        status = 409 if exc.code in CONFLICTS else 400
        text = message(exc.code, page_locale(request), **exc.params)
        return show(request, token, item_id, dept=dept, problem=text, status=status, typed=form)
    base = "/board" if leadership else "/d"
    target = link_for(request)(f"{base}/{token}/items/{outcome.item.id}/direction", done=done)
    mail = BackgroundTask(send, web.runtime, outcome.mail) if outcome.mail else None
    return RedirectResponse(target, status_code=303, background=mail)


def show(
    request: Request, token: str, item_id: int, *, dept: str | None, done: str | None = None,
    problem: str | None = None, status: int = 200, typed: Posted | None = None,
) -> Response:
    """Render the direction page of an item for ``dept`` (``None``: leadership)."""
    web = state(request)
    with Session(web.runtime.engine) as session:
        item = get_item(session, item_number(item_id))
        role = role_on(item.lead, item.support, dept)
        if role is None:
            raise Forbidden("not_your_item", id=item_id)
        names = {d.code: d.name for d in web.runtime.org.departments}
        found = direction_panel.Panel(web).item(item.id)
    notice = _done(page_locale(request), done, item, found) if done else None
    base = f"/d/{token}" if dept else f"/board/{token}"
    return render(request, "direction/page.html", status_code=status, item=item, role=role,
                  found=found, names=names, base=base, token=token, notice=notice,
                  problem=problem, typed=typed or Posted(), departments=web.runtime.org.departments,
                  csrf=direction_panel.Panel(web).csrf(token))  # fmt: skip


def _done(locale: str, done: str, item: Any, found: Any) -> str | None:
    """What the redirect after a form says was done."""
    latest = found.extensions[0] if found.extensions else None
    params = {"id": item.id, "date": f"{item.due:%d/%m/%Y}", "request": latest.id if latest else ""}
    text = t(f"dir_done_{done}", locale, **params)
    return None if text.startswith("dir_done_") else text


def state_of(app: FastAPI) -> Any:
    return app.state.web
