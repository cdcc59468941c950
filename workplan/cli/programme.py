"""Commands about programmes: set up the database, import a programme, list, undo."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Annotated

import typer

from domain.messages import render
from domain.periods import Period, parse_period
from workplan.cli.base import app, console, ensure_ready, print_json, runtime, user_errors
from workplan.cli.programme_output import (
    import_json,
    json_errors,
    print_programmes,
    print_revision,
    version_json,
)
from workplan.limits import item_number
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
    skip_bad: Annotated[
        bool,
        typer.Option("--skip-bad", help="Bỏ qua nhiệm vụ có ngày không tồn tại, nhập phần còn lại"),
    ] = False,
) -> None:
    """Nhập chương trình công tác (hoặc bản sửa đổi của chương trình đã nhập)."""
    from services.importing import import_file

    rt = runtime()
    with user_errors(), json_errors(as_json):
        chosen = parse_period(period) if period else None
        if not dry_run:
            ensure_ready()
        plan, result = import_file(
            rt, file, period=chosen, split=not no_split, dry_run=dry_run, skip_bad=skip_bad
        )
    warnings = [render(n.code, rt.locale, **n.params) for n in plan.notices]
    if as_json:
        print_json(import_json(plan, result, warnings))
    elif result.revised or not result.revision.changed:
        print_revision(plan, result, rt, dry_run, warnings)
    else:
        _print_plan(plan, rt.locale)
        _print_warnings(warnings, rt.locale)
        if dry_run:
            console.print(t("import_dry_run", rt.locale))
        else:
            periods = ", ".join(Period.from_key(k).name(rt.locale) for k in result.periods)
            console.print(
                t(
                    "import_done",
                    rt.locale,
                    items=result.items,
                    periods=periods,
                    id=result.programme_id,
                )
            )


@app.command()
def programmes(
    as_json: Annotated[bool, typer.Option("--json", help="In kết quả dạng JSON")] = False,
) -> None:
    """Liệt kê các chương trình đã nhập và các lần nhập (bản sửa đổi) của từng chương trình."""
    from services.importing import list_programmes

    rt = runtime()
    with user_errors(), json_errors(as_json):
        ensure_ready()
        found = list_programmes(rt)
    if as_json:
        print_json([version_json(v, rt.clock) for v in found])
    else:
        print_programmes(found, rt)


programme_app = typer.Typer(help="Thao tác với một chương trình đã nhập.", no_args_is_help=True)
app.add_typer(programme_app, name="programme")


@programme_app.command("undo")
def undo(
    programme_id: Annotated[
        int, typer.Argument(help="Số chương trình (xem “workplan programmes”)")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="In kết quả dạng JSON")] = False,
) -> None:
    """Hoàn tác lần nhập gần nhất của một chương trình, khi chưa ai cập nhật công việc của nó."""
    from services.importing import undo_import

    rt = runtime()
    with user_errors(), json_errors(as_json):
        ensure_ready()
        version, added = undo_import(rt, item_number(programme_id))
    if as_json:
        print_json(
            {"programme_id": programme_id, "undone_version": version, "removed_items": added}
        )
    elif version == 1:
        console.print(t("undo_removed", rt.locale, id=programme_id, items=added))
    else:
        console.print(t("undo_done", rt.locale, id=programme_id, version=version))


def _print_plan(plan, locale: str) -> None:  # type: ignore[no-untyped-def]
    """The preview: one table per period and lead department."""
    from rich.table import Table

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
