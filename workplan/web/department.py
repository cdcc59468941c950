"""A department's page, reached by its signed link: its items, one form per item."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel
from sqlmodel import Session

from domain.messages import render as message
from domain.periods import Period
from domain.problems import InputError
from domain.status import label
from services.updates import NotAllowed, record_update
from store.dashboard import department_names, find_department, worklist
from store.items import ItemView
from workplan.limits import check_name, check_note, item_number
from workplan.web.auth import Forbidden, check_csrf, csrf_token, department_of
from workplan.web.context import link_for, page_locale, render, state
from workplan.web.i18n import t

router = APIRouter(include_in_schema=False)


class ItemForm(BaseModel):
    """The fields of an item's form, as typed (checked by the status rules)."""

    status: str = ""
    progress: str = ""
    note: str = ""
    by: str = ""
    version: str = ""
    shown_progress: str = ""
    csrf: str = ""
    done_on: str = ""  # YYYY-MM-DD from the date field; used when the status is "done"

    def finished_on(self) -> date | None:
        """The completion date given with "done" (empty: today); ignored otherwise."""
        raw = self.done_on.strip()
        if self.status != "done" or not raw:
            return None
        try:
            return date.fromisoformat(raw)
        except ValueError:
            raise InputError("bad_done_on", value=raw) from None

    def requested_progress(self) -> int | None:
        """The progress typed; None when left as shown, so the status rules fill it in
        (choosing "done" without touching 40 % means 100 %)."""
        if self.progress.strip() == self.shown_progress.strip():
            return None
        return _progress(self.progress)


@dataclass(frozen=True)
class Problem:
    """Why a save was refused, shown next to the item."""

    item_id: int
    message: str
    entered: str | None = None


@router.get("/d/{token}", response_class=HTMLResponse)
def department_page(
    request: Request, token: str, saved: int | None = None, moved: int | None = None
) -> HTMLResponse:
    """The department's items of the open periods (``moved``: a closed item's change
    was saved to its continuation ``saved``)."""
    return show_worklist(request, token, department_of(request, token), saved=saved, moved=moved)


@router.post("/d/{token}/items/{item_id}", response_model=None)
def save_item(
    request: Request, token: str, item_id: int, form: Annotated[ItemForm, Form()]
) -> Response:
    """Record one item's new status, progress and note; refuse stale or invalid input."""
    code = department_of(request, token)
    check_csrf(request, token, form.csrf)
    item_number(item_id)
    web = state(request)
    try:
        check_name(form.by)
        check_note(form.note)
        updated = record_update(
            web.runtime, item_id=item_id, actor=code, status=form.status or None,
            progress=form.requested_progress(), note=form.note, by=form.by or code,
            channel="web", version=_version(form.version), lock=web.write_lock,
            done_on=form.finished_on(),
        )
    except NotAllowed:
        raise Forbidden("not_your_item", id=item_id) from None
    except InputError as exc:
        if exc.code == "unknown_item":
            raise
        return _refused(request, token, code, item_id, exc, form)
    target = link_for(request)(f"/d/{token}", saved=updated.id, moved=updated.redirected_from)
    return RedirectResponse(f"{target}#item-{updated.id}", status_code=303)


def show_worklist(
    request: Request, token: str, code: str, *, saved: int | None = None,
    problem: Problem | None = None, status_code: int = 200, moved: int | None = None,
) -> HTMLResponse:
    """Render the work list (fresh from the database) with an optional notice."""
    with Session(state(request).runtime.engine) as session:
        dept = find_department(session, code)
        if dept is None:
            raise Forbidden("inactive_dept")
        items = worklist(session, code)
        names = department_names(session)
    return render(
        request, "department.html", status_code=status_code, dept=dept, names=names,
        periods=_by_period(items), count=len(items), token=token, saved=saved, problem=problem,
        csrf=csrf_token(state(request).secret, token), moved=moved,
        moved_to=next((i.period for i in items if i.id == saved), None) if moved else None,
    )


def _refused(
    request: Request, token: str, code: str, item_id: int, exc: InputError, form: ItemForm
) -> HTMLResponse:
    locale = page_locale(request)
    text = message(exc.code, locale, **exc.params)
    status = form.status if form.status not in ("", None) else "?"
    try:
        status = label(status, locale)
    except ValueError:
        pass
    entered = t("your_input", locale, status=status, progress=form.progress or "?", note=form.note)
    stale = exc.code == "stale_version"
    problem = Problem(item_id, text, entered if stale else None)
    return show_worklist(request, token, code, problem=problem, status_code=409 if stale else 400)


def _by_period(items: list[ItemView]) -> list[tuple[Period, list[ItemView]]]:
    groups: dict[Period, list[ItemView]] = defaultdict(list)
    for item in items:
        groups[item.period].append(item)
    return list(groups.items())


def _progress(raw: str) -> int | None:
    raw = raw.strip().rstrip("%").strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise InputError("bad_progress", value=raw) from None


def _version(raw: str) -> int:
    """The version the form was rendered with; a missing one never matches (no blind writes)."""
    try:
        return int(raw)
    except ValueError:
        return -1
