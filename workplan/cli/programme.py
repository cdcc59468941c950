"""Commands about programmes: set up the database, import a programme document."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from domain.messages import render
from domain.periods import Period, parse_period
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
    from services.importing import import_file

    rt = runtime()
    with user_errors():
        chosen = parse_period(period) if period else None
        if not dry_run:
            ensure_ready()
        plan, result = import_file(rt, file, period=chosen, split=not no_split, dry_run=dry_run)
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
        when = rt.clock.local(result.imported_at).strftime("%d/%m/%Y %H:%M")
        console.print(render("already_imported", rt.locale, when=when, id=result.programme_id))
        return
    _print_plan(plan, rt.locale)
    _print_warnings(warnings, rt.locale)
    if result is None:
        console.print(t("import_dry_run", rt.locale))
    else:
        periods = ", ".join(Period.from_key(k).name(rt.locale) for k in result.periods)
        console.print(
            t("import_done", rt.locale, items=result.items, periods=periods, id=result.programme_id)
        )


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
