"""Leadership's period report: a page to print (A4, no navigation) with the four classes
per unit and every item by class, and the period's items as a file ("Tải Excel", .csv,
.ics), from the same functions as ``workplan export``."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from domain.periods import Period, choose_period, parse_period
from domain.problems import InputError
from domain.rollup import on_time_percent
from domain.status import ReportClass
from services.exports import export, period_report
from store.periods import PeriodView, list_periods
from workplan.web.auth import require_leadership
from workplan.web.context import render, state

router = APIRouter(include_in_schema=False)


@router.get("/board/{token}/report", response_class=HTMLResponse)
def report_page(request: Request, token: str, period: str | None = None) -> HTMLResponse:
    """The period's report, laid out for printing on A4."""
    require_leadership(request, token)
    web = state(request)
    chosen = _chosen(request, period)
    report = period_report(web.runtime, chosen.period)
    groups = [(k.value, report.in_class(k)) for k in ReportClass] + [("", report.cancelled)]
    names = {d.code: d.name for d in web.runtime.org.departments}
    return render(request, "report.html", report=report, chosen=chosen, token=token,
                  groups=[(k, lines) for k, lines in groups if lines], names=names,
                  on_time=on_time_percent)  # fmt: skip


@router.get("/board/{token}/export.{fmt}", response_model=None)
def download(request: Request, token: str, fmt: str, period: str | None = None) -> Response:
    """The period's items as .xlsx ("Tải Excel"), .csv or .ics."""
    require_leadership(request, token)
    made = export(state(request).runtime, _chosen(request, period).period, fmt)
    disposition = f'attachment; filename="{made.filename}"'
    headers = {"Content-Disposition": disposition, "Cache-Control": "no-store"}
    return Response(made.data, media_type=made.media_type, headers=headers)


def _chosen(request: Request, wanted: str | None) -> PeriodView:
    """The period asked for, else the one the board shows first."""
    web = state(request)
    with Session(web.runtime.engine) as session:
        periods = list_periods(session)
    chosen = choose_period(periods, wanted, web.today())
    if chosen is None:
        asked = parse_period(wanted) if wanted else Period.of("month", web.today())
        names = {"period": asked.name("vi"), "period_en": asked.name("en")}
        raise InputError("period_not_stored", text=wanted or asked.key, **names)
    return chosen
