"""Commands about programmes and their items: init, import, items, update, and the lists."""

from __future__ import annotations

import getpass
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from domain.messages import render
from domain.periods import parse_period
from domain.status import label
from workplan.cli.base import app, console, ensure_ready, print_json, runtime, user_errors
from workplan.texts import t


@app.command()
def init() -> None:
    """Tạo hoặc nâng cấp cơ sở dữ liệu và nạp các phòng, đơn vị (chạy lại không sao)."""
    from store.db import upgrade
    from store.departments import sync_departments

    rt = runtime()
    with user_errors():
        rt.settings.home.mkdir(parents=True, exist_ok=True)
        rt.settings.secret(create=True)
        upgrade(rt.engine)
        added, updated = sync_departments(rt.engine, rt.org)
    url = rt.engine.url.render_as_string(hide_password=True)
    console.print(t("init_done", rt.locale, url=url, added=added, updated=updated), highlight=False)


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="Văn bản chương trình công tác (.md, .txt, .docx)")],
    period: Annotated[
        str | None, typer.Option(help='Kỳ khi văn bản không ghi, vd. "Quý IV/2020" hoặc 2020-Q4')
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Chỉ xem trước, không ghi")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="In kết quả dạng JSON")] = False,
    no_split: Annotated[
        bool, typer.Option("--no-split", help="Giữ nguyên mỗi gạch đầu dòng là một việc")
    ] = False,
) -> None:
    """Nhập chương trình công tác thành các công việc được theo dõi."""
    from store.importer import import_text
    from workplan.documents import read_document

    rt = runtime()
    with user_errors():
        text = read_document(file)
        chosen = parse_period(period) if period else None
        if not dry_run:
            ensure_ready()
        plan, result = import_text(
            None if dry_run else rt.engine,
            rt.org,
            text,
            source_name=file.name,
            period=chosen,
            split=not no_split,
        )
    warnings = [render(n.code, rt.locale, **n.params) for n in plan.notices]
    if as_json:
        data = {
            "periods": [p.key for p in plan.periods],
            "items": [item.as_json() for item in plan.items],
            "warnings": warnings,
        }
        if result is not None:
            data["programme_id"] = result.programme_id
            data["created"] = result.created
        print_json(data)
        return
    if result is not None and not result.created:
        when = result.imported_at.strftime("%d/%m/%Y %H:%M")
        console.print(render("already_imported", rt.locale, when=when, id=result.programme_id))
        return
    _print_plan(plan, rt.locale)
    _print_warnings(warnings, rt.locale)
    if result is None:
        console.print(t("import_dry_run", rt.locale))
    else:
        periods = ", ".join(parse_period(k).name(rt.locale) for k in result.periods)
        console.print(
            t("import_done", rt.locale, items=result.items, periods=periods, id=result.programme_id)
        )


@app.command()
def items(
    period: Annotated[str | None, typer.Option(help='Kỳ, vd. 2020-07 hoặc "Quý III/2020"')] = None,
    dept: Annotated[str | None, typer.Option(help="Mã đơn vị (chủ trì hoặc phối hợp)")] = None,
    status: Annotated[str | None, typer.Option(help="Trạng thái, vd. not_started, done")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="In dạng JSON")] = False,
) -> None:
    """Liệt kê công việc theo kỳ, đơn vị, trạng thái."""
    from sqlmodel import Session

    from store.items import list_items

    rt = runtime()
    with user_errors():
        key = parse_period(period).key if period else None
        if dept:
            rt.org.department(dept)
        ensure_ready()
        with Session(rt.engine) as session:
            found = list_items(session, period=key, dept=dept, status=status)
    if as_json:
        print_json([_item_json(item) for item in found])
        return
    if not found:
        console.print(t("no_items", rt.locale))
        return
    table = _items_table(rt.locale)
    for item in found:
        table.add_row(
            str(item.id),
            parse_period(item.period).name(rt.locale),
            t(f"section_{item.section}", rt.locale),
            str(item.bullet),
            item.text,
            item.lead,
            ", ".join(item.support),
            item.due.strftime("%d/%m/%Y"),
            label(item.status, rt.locale),
            f"{item.progress}%",
        )
    console.print(table)
    console.print(t("items_count", rt.locale, n=len(found)))


@app.command()
def update(
    item_id: Annotated[int, typer.Argument(metavar="ID", help="Số công việc")],
    status: Annotated[
        str, typer.Option(help="not_started | in_progress | done | blocked | cancelled")
    ],
    progress: Annotated[int | None, typer.Option(help="Tiến độ 0–100")] = None,
    note: Annotated[str | None, typer.Option(help="Ghi chú")] = None,
    by: Annotated[str | None, typer.Option(help="Người cập nhật")] = None,
) -> None:
    """Cập nhật trạng thái, tiến độ của một công việc (ghi lại lịch sử)."""
    from store.db import session_scope
    from store.items import update_status

    rt = runtime()
    with user_errors():
        ensure_ready()
        with session_scope(rt.engine) as session:
            item = update_status(
                session,
                item_id=item_id,
                status=status,
                progress=progress,
                note=note,
                by=by or getpass.getuser(),
                channel="cli",
                today=date.today(),
            )
    console.print(
        t(
            "updated",
            rt.locale,
            id=item.id,
            status=label(item.status, rt.locale),
            progress=item.progress,
        )
    )


@app.command()
def departments(
    as_json: Annotated[bool, typer.Option("--json", help="In dạng JSON")] = False,
) -> None:
    """Liệt kê các phòng, đơn vị."""
    from sqlmodel import Session

    from store.departments import list_departments

    rt = runtime()
    with user_errors():
        ensure_ready()
        with Session(rt.engine) as session:
            rows = list_departments(session)
    if as_json:
        print_json([{"code": d.code, "name": d.name, "email": d.email} for d in rows])
        return
    table = Table(title=t("departments_title", rt.locale))
    for col in ("col_code", "col_name", "col_email"):
        table.add_column(t(col, rt.locale))
    for d in rows:
        table.add_row(d.code, d.name, d.email)
    console.print(table)


@app.command()
def periods(
    as_json: Annotated[bool, typer.Option("--json", help="In dạng JSON")] = False,
) -> None:
    """Liệt kê các kỳ (tháng, quý) và số công việc."""
    from sqlmodel import Session

    from store.periods import list_periods

    rt = runtime()
    with user_errors():
        ensure_ready()
        with Session(rt.engine) as session:
            rows = list_periods(session)
    if as_json:
        print_json(
            [
                {
                    "key": p.key,
                    "name": p.name(rt.locale),
                    "start": p.start.isoformat(),
                    "end": p.end.isoformat(),
                    "closed": p.closed,
                    "items": p.items,
                    "done": p.done,
                }
                for p in rows
            ]
        )
        return
    table = Table(title=t("periods_title", rt.locale))
    for col in ("col_code", "col_name", "col_items", "col_done", "col_state"):
        table.add_column(t(col, rt.locale))
    for p in rows:
        state = t("period_closed" if p.closed else "period_open", rt.locale)
        table.add_row(p.key, p.name(rt.locale), str(p.items), str(p.done), state)
    console.print(table)


def _item_json(item) -> dict[str, object]:  # type: ignore[no-untyped-def]
    keys = (
        "id",
        "period",
        "section",
        "bullet",
        "text",
        "lead",
        "support",
        "due",
        "status",
        "progress",
        "part_of",
        "carried_from",
    )
    data = item.as_json()
    return {k: data[k] for k in keys} | {"note": item.note, "version": item.version}


def _items_table(locale: str, title: str | None = None) -> Table:
    table = Table(title=title, show_lines=False, expand=True)
    for col in ("col_id", "col_period", "col_section", "col_bullet"):
        table.add_column(t(col, locale), no_wrap=True)
    table.add_column(t("col_text", locale), ratio=1)
    for col in ("col_lead", "col_support", "col_due", "col_status", "col_progress"):
        table.add_column(t(col, locale), no_wrap=col != "col_support")
    return table


def _print_plan(plan, locale: str) -> None:  # type: ignore[no-untyped-def]
    """The preview: one table per period and lead department."""
    groups: dict[tuple, list] = defaultdict(list)
    for item in plan.items:
        groups[(item.period.sort_key, item.period, item.lead)].append(item)
    for (_, period, lead), rows in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][2])):
        dept = runtime().org.department(lead)
        table = Table(
            title=t(
                "preview_title",
                locale,
                period=period.name(locale),
                dept=f"{dept.code} · {dept.name}",
            ),
            expand=True,
        )
        for col in ("col_section", "col_bullet"):
            table.add_column(t(col, locale), no_wrap=True)
        table.add_column(t("col_text", locale), ratio=1)
        table.add_column(t("col_support", locale))
        table.add_column(t("col_due", locale), no_wrap=True)
        for item in rows:
            table.add_row(
                t(f"section_{item.section}", locale),
                str(item.bullet),
                item.text,
                ", ".join(item.support),
                item.due.strftime("%d/%m/%Y"),
            )
        console.print(table)


def _print_warnings(warnings: list[str], locale: str) -> None:
    if warnings:
        console.print(f"[bold yellow]{t('warnings', locale)} ({len(warnings)}):[/]")
        for text in warnings:
            console.print(f"  • {text}", highlight=False)
