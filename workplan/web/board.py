"""The leadership board, the filtered lists its counts lead to, and the item pages with
their full history."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlmodel import Session

from domain.messages import render as message
from domain.periods import parse_period
from domain.problems import InputError
from domain.roles import role_of
from domain.status import ReportClass
from services.board import LeadershipBoard, leadership_board
from services.listing import find_items
from store.dashboard import department_names
from store.items import get_item, history
from store.outbox import unknown_outcomes
from store.periods import list_periods
from workplan.limits import item_number
from workplan.web import chart
from workplan.web.auth import Forbidden, department_of, require_leadership
from workplan.web.context import link_for, page_locale, render, state
from workplan.web.filters import asked, item_filter

router = APIRouter(include_in_schema=False)
FILTERS = ("period", "dept", "lead", "result", "status", "q", "overdue", "due_within")


@router.get("/board/{token}", response_class=HTMLResponse)
def board_page(request: Request, token: str, period: str | None = None) -> HTMLResponse:
    """Where a period stands: tiles, one bar per department, overdue items, latest updates."""
    require_leadership(request, token)
    web = state(request)
    view, problem = _board(request, period)
    with Session(web.runtime.engine) as session:
        unknown_mail = unknown_outcomes(session)
    shown = view.board.period
    lists = link_for(request)

    def to_list(**wanted: str) -> str:
        """The list a count stands for (a department's counts are of the items it leads)."""
        lead = "1" if "dept" in wanted else None
        return lists(f"/board/{token}/items", period=shown.key if shown else None, lead=lead,
                     **wanted)  # fmt: skip

    return render(request, "board.html", view=view, board=view.board, token=token,
                  problem=problem, unknown_mail=unknown_mail, to_list=to_list,
                  longest=chart.scale(view.ranking), segments=chart.segments,
                  order=chart.ORDER, status_code=400 if problem else 200)  # fmt: skip


@router.get("/board/{token}/items", response_class=HTMLResponse)
def board_list(request: Request, token: str) -> HTMLResponse:
    """The items a board's count stands for, or any other filter of them."""
    require_leadership(request, token)
    web = state(request)
    values = asked(request, *FILTERS)
    wanted = item_filter(values, lead_only=values.lead == "1")
    with Session(web.runtime.engine) as session:
        found = find_items(session, wanted, today=web.today())
        periods = list_periods(session)
        names = department_names(session)
    return render(request, "list.html", items=found, asked=values, periods=periods,
                  names=names, token=token, classes=list(ReportClass),
                  departments=web.runtime.org.departments)  # fmt: skip


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


def _board(request: Request, period: str | None) -> tuple[LeadershipBoard, str | None]:
    """The board asked for; an unreadable or unknown ``?period=`` falls back to the
    current one, with the reason to show."""
    rt = state(request).runtime
    try:
        view = leadership_board(rt, period=period)
        if period and view.board.period is None:
            named = parse_period(period)
            raise InputError("period_not_stored", text=period, period=named.name("vi"),
                             period_en=named.name("en"))  # fmt: skip
    except InputError as exc:
        return leadership_board(rt, period=None), message(exc.code, page_locale(request),
                                                          **exc.params)  # fmt: skip
    return view, None
