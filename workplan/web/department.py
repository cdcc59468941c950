"""A department's page, reached by its signed link: its items by urgency in one form, and
"Lưu tất cả" saving every item changed, each as its own versioned update."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote, unquote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from domain.messages import render as message
from domain.problems import InputError
from services.listing import ItemFilter, find_items
from services.reporting import Refusal, Report, report_progress
from store.dashboard import department_names, find_department
from store.items import ItemView
from store.periods import list_periods
from workplan.limits import check_name, item_number
from workplan.web.auth import Forbidden, check_csrf, csrf_token, department_of
from workplan.web.context import link_for, page_locale, render, state
from workplan.web.filters import asked, state_filter
from workplan.web.worklist import Entry, by_urgency, problem_lines, read_entries

router = APIRouter(include_in_schema=False)
BY_COOKIE = "workplan_by"  # the reporter's name, kept by the browser for one link's pages
YEAR = 365 * 24 * 3600


class ItemForm(BaseModel):
    """One item's fields, posted on their own (scripts, pages of an earlier version)."""

    status: str = ""
    progress: str = ""
    note: str = ""
    by: str = ""
    version: str = ""
    shown_progress: str = ""
    csrf: str = ""
    done_on: str = ""


@router.get("/d/{token}", response_class=HTMLResponse)
def department_page(request: Request, token: str) -> HTMLResponse:
    """The department's items of the open periods, most urgent first."""
    return show_worklist(request, token, department_of(request, token))


@router.post("/d/{token}/save", response_model=None)
async def save_all(request: Request, token: str) -> Response:
    """Save every item the form changed; refuse stale or invalid ones, keep the others."""
    code = department_of(request, token)
    fields = (await request.form()).multi_items()
    common, entries = read_entries((k, v if isinstance(v, str) else "") for k, v in fields)
    check_csrf(request, token, common.get("csrf"))
    return await run_in_threadpool(_save, request, token, code, common.get("by", ""), entries)


@router.post("/d/{token}/items/{item_id}", response_model=None)
def save_item(
    request: Request, token: str, item_id: int, form: Annotated[ItemForm, Form()]
) -> Response:
    """Record one item's new status, progress, note and completion date."""
    code = department_of(request, token)
    check_csrf(request, token, form.csrf)
    entry = Entry(item_number(item_id), form.model_dump(exclude={"by", "csrf"}), alone=True)
    return _save(request, token, code, form.by, [entry])


def _save(request: Request, token: str, code: str, by: str, entries: list[Entry]) -> Response:
    """Report the changed entries; back to the page (303), or the page with the refusals."""
    web, report, typed, changes = state(request), Report(), {}, []
    for entry in (e for e in entries if e.changed):
        try:
            changes.append(entry.change())
        except InputError as exc:
            report.refused.append(Refusal(entry.refused_change(), exc.code, exc.params))
        typed[entry.item_id] = entry.values
    try:
        check_name(by)
    except InputError as exc:  # nothing saved; every change shown back as typed
        text = message(exc.code, page_locale(request), **exc.params)
        return show_worklist(request, token, code, typed=typed, problem=text)
    signer = by.strip() or web.runtime.org.department(code).name  # a link without a name
    done = report_progress(web.runtime, dept=code, changes=changes, by=signer,
                           lock=web.write_lock)  # fmt: skip
    report.saved, report.refused = done.saved, report.refused + done.refused
    stranger = next((r for r in report.refused if r.code == "not_your_item"), None)
    if stranger is not None:  # only a crafted form names an item of another department
        raise Forbidden("not_your_item", id=stranger.change.item_id)
    if report.refused:
        answer: Response = show_worklist(request, token, code, report=report, typed=typed)
    else:
        saved = ",".join(str(i.id) for i in report.saved)
        moved = ",".join(f"{i.redirected_from}-{i.id}" for i in report.saved if i.redirected_from)
        target = link_for(request)(f"/d/{token}", saved=saved, moved=moved or None)
        first = f"#item-{report.saved[0].id}" if len(report.saved) == 1 else ""
        answer = RedirectResponse(target + first, status_code=303)
    if by.strip():
        answer.set_cookie(BY_COOKIE, quote(by.strip()), max_age=YEAR, path=f"/d/{token}",
                          httponly=True, samesite="strict",
                          secure=request.url.scheme == "https")  # fmt: skip
    return answer


def show_worklist(
    request: Request, token: str, code: str, *, report: Report | None = None,
    typed: dict[int, dict[str, str]] | None = None, problem: str | None = None,
) -> HTMLResponse:
    """Render the work list (fresh from the database), filtered as the query asks."""
    web = state(request)
    values = asked(request, "period", "state", "q")
    with Session(web.runtime.engine) as session:
        dept = find_department(session, code)
        if dept is None:
            raise Forbidden("inactive_dept")
        periods = list_periods(session, open_only=True)
        wanted = ItemFilter(periods=tuple(p.key for p in periods), dept=code,
                            period=values.period or None, search=values.q or None,
                            **state_filter(values.state))  # fmt: skip
        items = find_items(session, wanted, today=web.today())
        names = department_names(session)
    groups = by_urgency(items, web.today())
    if values.state == "finished":
        groups = [g for g in groups if g[0] == "finished"]
    elif values.state == "open":
        groups = [g for g in groups if g[0] != "finished"]
    refused = {r.change.item_id: r for r in (report.refused if report else [])}
    status = 409 if any(r.is_conflict for r in refused.values()) else 400
    return render(
        request, "department.html", status_code=status if refused or problem else 200, dept=dept,
        names=names, groups=groups, count=len(items), token=token, asked=values,
        periods=periods, csrf=csrf_token(web.secret, token), refused=refused,
        typed=typed or {}, report=report, notices=_notices(request, items), blocked=problem,
        by=unquote(request.cookies.get(BY_COOKIE, "")),
        problem_lines=lambda r, e: problem_lines(r, e, page_locale(request), web.runtime.clock),
    )


def _notices(request: Request, items: list[ItemView]) -> dict[str, object]:
    """What the redirect after a save asks the page to say: the items saved, and those
    whose change went to their continuation in the next period."""
    raw = request.query_params.get("saved", "")
    saved = [int(n) for n in raw.split(",") if n.isdigit()]
    moved = []
    for pair in request.query_params.get("moved", "").split(","):
        asked_id, _, target = pair.partition("-")
        if asked_id.isdigit() and target.isdigit():
            period = next((i.period for i in items if i.id == int(target)), None)
            moved.append((int(asked_id), int(target), period))
    return {"asked": "saved" in request.query_params, "saved": saved, "moved": moved}

