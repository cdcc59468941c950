"""The leadership board and the item pages with their full history."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlmodel import Session

from domain.messages import render as message
from domain.problems import InputError
from domain.roles import role_of
from store.dashboard import department_names, load_board
from store.items import get_item, history
from store.outbox import unknown_outcomes
from workplan.limits import item_number
from workplan.web.auth import Forbidden, department_of, require_leadership
from workplan.web.context import page_locale, render, state

router = APIRouter(include_in_schema=False)


@router.get("/board/{token}", response_class=HTMLResponse)
def board_page(request: Request, token: str, period: str | None = None) -> HTMLResponse:
    """Counts per department, overdue items and latest updates of one period."""
    require_leadership(request, token)
    web = state(request)
    problem = None
    order = web.runtime.org.codes
    with Session(web.runtime.engine) as session:
        try:
            board = load_board(session, period=period, today=web.today(), order=order)
        except InputError as exc:  # an unreadable ?period= falls back to the default one
            problem = message(exc.code, page_locale(request), **exc.params)
            board = load_board(session, period=None, today=web.today(), order=order)
        unknown_mail = unknown_outcomes(session)
    return render(request, "board.html", board=board, token=token, problem=problem,
                  unknown_mail=unknown_mail, status_code=400 if problem else 200)


@router.get("/board/{token}/items/{item_id}", response_class=HTMLResponse)
def board_item(request: Request, token: str, item_id: int) -> HTMLResponse:
    """An item and every change made to it (leadership)."""
    require_leadership(request, token)
    return show_item(request, item_id, dept=None, back=f"/board/{token}", back_key="back_board")


@router.get("/d/{token}/items/{item_id}", response_class=HTMLResponse)
def department_item(request: Request, token: str, item_id: int) -> HTMLResponse:
    """An item the department works on, and every change made to it."""
    code = department_of(request, token)
    return show_item(request, item_id, dept=code, back=f"/d/{token}", back_key="back_dept")


def show_item(
    request: Request, item_id: int, *, dept: str | None, back: str, back_key: str
) -> HTMLResponse:
    """Render the item page; a department sees only items it leads or supports."""
    item_number(item_id)
    with Session(state(request).runtime.engine) as session:
        item = get_item(session, item_id)
        if role_of(item.lead, item.support, dept) is None:
            raise Forbidden("not_your_item", id=item_id)
        entries = history(session, item_id)
        names = department_names(session)
    return render(request, "item.html", item=item, entries=entries, names=names,
                  back=back, back_key=back_key)
