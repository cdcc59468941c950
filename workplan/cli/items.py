"""Commands about work items: list them, change one, see its history; the reference lists."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import typer

from domain.problems import InputError
from domain.status import label
from workplan.cli.base import app, console, ensure_ready, print_json, read, runtime, user_errors
from workplan.limits import check_name, check_note, item_number
from workplan.texts import t


@app.command()
def items(
    period: Annotated[str | None, typer.Option(help='Kỳ, vd. 2020-07 hoặc "Quý III/2020"')] = None,
    dept: Annotated[str | None, typer.Option(help="Mã đơn vị (chủ trì hoặc phối hợp)")] = None,
    status: Annotated[str | None, typer.Option(help="Trạng thái, vd. not_started, done")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Chỉ công việc quá hạn")] = False,
    due_within: Annotated[int | None, typer.Option(
        "--due-within", metavar="N", help="Chỉ việc chưa xong, đến hạn trong N ngày tới")] = None,
    search: Annotated[str | None, typer.Option(
        help="Tìm trong nội dung, ghi chú (không phân biệt dấu, hoa thường)")] = None,
    wide: Annotated[bool, typer.Option("--wide", help="Hiện mọi cột, không xuống dòng")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="In dạng JSON")] = False,
) -> None:
    """Liệt kê công việc theo kỳ, đơn vị, trạng thái, hạn hoặc nội dung."""
    from services.listing import ItemFilter, find_items
    from workplan.cli.item_table import print_items

    rt = runtime()
    wanted = ItemFilter(period=period, dept=dept, status=status, overdue=overdue,
                        due_within=due_within, search=search)  # fmt: skip
    with user_errors():
        if dept:
            rt.org.department(dept)
        wanted = wanted.checked()
    found = read(lambda session: find_items(session, wanted, today=rt.today()))
    if as_json:
        from services.shapes import item_json

        print_json([item_json(item, rt.clock) for item in found])
        return
    print_items(found, rt, wide=wide)


@app.command()
def update(
    item_id: Annotated[int, typer.Argument(metavar="ID", help="Số công việc")],
    status: Annotated[
        str, typer.Option(help="not_started | in_progress | done | blocked | cancelled")
    ],
    progress: Annotated[int | None, typer.Option(help="Tiến độ 0–100")] = None,
    note: Annotated[str | None, typer.Option(help="Ghi chú")] = None,
    by: Annotated[str | None, typer.Option(help="Người cập nhật")] = None,
    done_on: Annotated[
        str | None,
        typer.Option("--done-on", help="Ngày hoàn thành, vd. 15/09/2020 (mặc định: hôm nay)"),
    ] = None,
) -> None:
    """Cập nhật trạng thái, tiến độ của một công việc (ghi lại lịch sử)."""
    from services.direction import acting
    from services.updates import record_update

    rt = runtime()
    with user_errors():
        check_name(by)
        check_note(note)
        finished = parse_day(done_on) if done_on else None
        ensure_ready()
        item = record_update(
            rt,
            item_id=item_number(item_id),
            actor=None,
            status=status,
            progress=progress,
            note=note,
            by=acting(rt, by, None),  # a person's name, else Lãnh đạo Sở: never a login
            channel="cli",
            done_on=finished,
        )
    if item.redirected_from is not None:
        moved = t("updated_moved", rt.locale, asked=item.redirected_from, id=item.id,
                  period=item.period.name(rt.locale))  # fmt: skip
        console.print(moved, highlight=False)
    console.print(
        t(
            "updated",
            rt.locale,
            id=item.id,
            status=label(item.status, rt.locale),
            progress=item.progress,
        )
    )
    if done_on and item.done_on:
        console.print(t("updated_done_on", rt.locale, date=f"{item.done_on:%d/%m/%Y}"))


def parse_day(value: str) -> date:
    """A day as people write it (15/09/2020, 15-9-2020) or ISO (2020-09-15)."""
    text = value.strip()
    for pattern in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise InputError("bad_done_on", value=value)


@app.command()
def history(
    item_id: Annotated[int, typer.Argument(metavar="ID", help="Số công việc")],
    as_json: Annotated[bool, typer.Option("--json", help="In dạng JSON")] = False,
) -> None:
    """Lịch sử cập nhật của một công việc: ai, khi nào, qua kênh nào, thay đổi gì."""
    from store.items import get_item
    from store.items import history as item_history
    from workplan.cli.item_table import print_history

    rt = runtime()
    item, entries = read(lambda s: (get_item(s, item_number(item_id)), item_history(s, item_id)))
    if as_json:
        from services.shapes import history_json

        print_json([history_json(e, rt.clock) for e in entries])
        return
    print_history(item, entries, rt)


@app.command()
def departments(
    as_json: Annotated[bool, typer.Option("--json", help="In dạng JSON")] = False,
) -> None:
    """Liệt kê các phòng, đơn vị."""
    from services.shapes import department_json
    from store.departments import list_departments

    rt = runtime()
    rows = read(list_departments)
    if as_json:
        print_json([department_json(d) for d in rows])
        return
    from workplan.cli.item_table import print_departments

    print_departments([(d.code, d.name, d.email) for d in rows], rt.locale)


@app.command()
def periods(
    as_json: Annotated[bool, typer.Option("--json", help="In dạng JSON")] = False,
) -> None:
    """Liệt kê các kỳ (tháng, quý) và số công việc."""
    from store.periods import list_periods

    rt = runtime()
    rows = read(list_periods)
    if as_json:
        from services.shapes import period_json

        print_json([period_json(p, rt.locale) for p in rows])
        return
    from workplan.cli.item_table import print_periods

    print_periods(rows, rt.locale)

