"""Commands for the end of a period: ``rollup`` closes a period (or catches up every one
due), ``export`` writes a period's items as .xlsx, .csv or .ics any day."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from domain.periods import parse_period
from domain.problems import InputError
from domain.status import REPORT_LABELS, ReportClass, Status
from services.runtime import Runtime
from workplan.cli.base import app, console, ensure_ready, fail, runtime, user_errors
from workplan.texts import t

if TYPE_CHECKING:
    from rich.table import Table

_PERIOD = 'Kỳ cần tổng kết, vd. 2020-Q3 hoặc "Quý III/2020"'
_AS_OF = "Tổng kết như vào thời điểm này, vd. 2020-10-01 hoặc 2020-10-01T07:00"


@app.command()
def rollup(
    period: Annotated[str | None, typer.Argument(metavar="[PERIOD]", help=_PERIOD)] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help=_AS_OF)] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Chỉ xem trước, không ghi")] = False,
    force: Annotated[bool, typer.Option("--force", help="Tổng kết cả kỳ chưa kết thúc")] = False,
    catch_up: Annotated[
        bool, typer.Option("--catch-up", help="Tổng kết mọi kỳ đã đến hạn mà chưa tổng kết")
    ] = False,
) -> None:
    """Tổng kết kỳ: phân loại kết quả, chuyển tiếp công việc chưa hoàn thành, gửi báo cáo."""
    from services import rollup as use_case

    rt = runtime()
    if (period is None) == (not catch_up):
        fail(t("rollup_needs_period" if period is None else "rollup_period_or_catch_up", rt.locale))
    with user_errors():
        ensure_ready()
        rt = rt.at(_moment(rt, as_of)) if as_of else rt
        if catch_up:
            outcomes = use_case.catch_up(rt)
        else:
            chosen = parse_period(period or "")
            outcomes = [use_case.roll_up(rt, chosen, force=force, dry_run=dry_run, asked=period)]
    if not outcomes:
        now = rt.now()
        console.print(t("rollup_none_due", rt.locale, time=f"{now:%H:%M}", date=f"{now:%d/%m/%Y}"))
    for outcome in outcomes:
        _show(rt, outcome)
    if any(o.state == "done" for o in outcomes):
        _deliver(rt)


@app.command()
def export(
    period: Annotated[str, typer.Option(help='Kỳ, vd. 2020-Q3 hoặc "Quý III/2020"')],
    fmt: Annotated[str, typer.Option("--format", help="xlsx | csv | ics")] = "xlsx",
    dept: Annotated[str | None, typer.Option(help="Mã đơn vị (chủ trì hoặc phối hợp)")] = None,
    status: Annotated[str | None, typer.Option(help="Trạng thái, vd. not_started, done")] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Tệp ghi ra")] = None,
) -> None:
    """Xuất công việc của một kỳ ra tệp Excel (.xlsx), CSV hoặc lịch (.ics)."""
    from services.exports import export as make

    rt = runtime()
    with user_errors():
        ensure_ready()
        chosen = parse_period(period)
        made = make(rt, chosen, fmt, dept=dept, status=status)
        path = output or Path(made.filename)
        try:
            path.write_bytes(made.data)
        except OSError as exc:
            raise InputError("cannot_write_file", name=str(path)) from exc
    text = t("export_done", rt.locale, n=made.items, period=chosen.name(rt.locale), path=path)
    console.print(text, highlight=False)


def _moment(rt: Runtime, value: str) -> datetime:
    """``--as-of``: a moment, or a day (then at the rollup's time of day)."""
    from services.rollup import rollup_time

    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise InputError("bad_moment", value=value) from None
    if len(value.strip()) <= 10:  # a day without a time
        moment = datetime.combine(date.fromisoformat(value.strip()), rollup_time(rt))
    return moment


def _show(rt: Runtime, outcome) -> None:  # type: ignore[no-untyped-def]
    """What one rollup did, in the user's words."""
    loc, period = rt.locale, outcome.period
    name = period.name(loc)
    if outcome.state == "already":
        result = outcome.result or {}
        nxt = parse_period(str(result.get("next", period.next().key))).name(loc)
        at = rt.clock.local(outcome.at)
        said = {"time": f"{at:%H:%M}", "date": f"{at:%d/%m/%Y}", "n": result.get("carried", 0)}
        upper = name[:1].upper() + name[1:]
        console.print(t("rollup_already", loc, period=upper, next=nxt, **said), highlight=False)
        return
    report, nxt = outcome.report, period.next().name(loc)
    title = "rollup_dry_title" if outcome.state == "dry_run" else "rollup_title"
    console.print(_table(rt, report, t(title, loc, period=name, as_of=f"{report.as_of:%d/%m/%Y}")))
    if report.change is not None:
        changes = "; ".join(
            f"{REPORT_LABELS[loc][k].lower()} {report.change.classes[k]:+d}" for k in ReportClass
        )
        console.print(t("rollup_compared", loc, previous=report.change.previous.name(loc),
                        changes=changes), highlight=False)  # fmt: skip
    n = len(outcome.carried)
    key = "rollup_would_carry" if outcome.state == "dry_run" else "rollup_carried"
    console.print(t(key if n else "rollup_nothing_carried", loc, n=n, next=nxt), highlight=False)
    if outcome.not_held:
        console.print(t("rollup_not_held", loc, n=len(outcome.not_held)), highlight=False)
    if outcome.files is not None:
        console.print(t("rollup_files", loc, next=nxt), highlight=False)
        for path in outcome.files.all():
            console.print(f"  {path}", highlight=False, soft_wrap=True)
        console.print(t("rollup_mail", loc), highlight=False)


def _table(rt: Runtime, report, title: str) -> Table:  # type: ignore[no-untyped-def]
    """The four classes per lead unit, the cancelled items, the totals."""
    from domain.rollup import on_time_percent

    loc = rt.locale
    from rich.table import Table

    table = Table(title=title, title_justify="left")
    table.add_column(t("col_dept", loc))
    for klass in ReportClass:
        table.add_column(REPORT_LABELS[loc][klass], justify="right")
    for key in ("col_cancelled", "col_total", "col_on_time"):
        table.add_column(t(key, loc), justify="right")
    rows = [(d.dept, d) for d in report.departments] + [(t("all_depts", loc), report.total)]
    for n, (code, counts) in enumerate(rows):
        cells = [str(counts.classes[k]) for k in ReportClass]
        cells += [str(counts.statuses[Status.CANCELLED]), str(counts.total)]
        cells.append(f"{on_time_percent(counts)}%")
        table.add_row(code, *cells, style="bold" if n == len(rows) - 1 else None)
    return table


def _deliver(rt: Runtime) -> None:
    """Send the queued report now; what cannot go waits in the outbox for the next run."""
    from services.delivery import deliver

    report = deliver(rt)
    server = f"{rt.settings.smtp_host}:{rt.settings.smtp_port}"
    counts = {"sent": len(report.sent), "retrying": len(report.retrying),
              "failed": len(report.failed)}  # fmt: skip
    if any(counts.values()):
        console.print(t("delivery_summary", rt.locale, server=server, **counts), highlight=False)
    for key, error in report.retrying:
        console.print(t("delivery_retrying", rt.locale, key=key, error=error), highlight=False)
