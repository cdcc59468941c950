"""Commands of leadership's direction: ``extend``, ``extension approve|refuse|list``,
``reassign``, ``direct``, ``cancel``, ``contribute`` and ``reassignments``.

The command line acts for leadership (it holds the database), or for the unit ``--dept``
names where a unit acts (asking for more time, contributing). Bad input gets one message
and exit code 2; the mail an action queues is delivered at once, or waits for a retry."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer

from domain.direction import read_day
from domain.messages import render
from workplan.cli.base import app, console, ensure_ready, fail, runtime, user_errors
from workplan.cli.direction_lists import extension_list, reassignment_list
from workplan.limits import check_name, item_number
from workplan.texts import t

extension = typer.Typer(help="Ý kiến của Lãnh đạo Sở về đề nghị gia hạn.", no_args_is_help=True)
app.add_typer(extension, name="extension")

Item = Annotated[int, typer.Argument(metavar="ID", help="Số công việc")]
By = Annotated[str | None, typer.Option(help="Người thực hiện (mặc định: tên đăng nhập)")]
Dept = Annotated[str | None, typer.Option(help="Mã đơn vị thực hiện (mặc định: Lãnh đạo Sở)")]


@app.command()
def extend(
    item_id: Item,
    to: Annotated[str, typer.Option("--to", help="Thời hạn mới, vd. 15/10/2020")],
    reason: Annotated[str, typer.Option(help="Lý do đề nghị gia hạn")],
    dept: Dept = None, by: By = None,
) -> None:
    """Đề nghị gia hạn một công việc (gửi Lãnh đạo Sở cho ý kiến)."""
    from services.extensions import request_extension

    done = _act(lambda rt, who: request_extension(
        rt, item_id=item_number(item_id), actor=_unit(rt, dept), new_due=read_day(to),
        reason=reason, by=who, channel="cli"), by)  # fmt: skip
    ext = done.extension
    _say("extension_requested", request=ext.id, id=ext.item.id, date=f"{ext.new_due:%d/%m/%Y}",
         due=f"{ext.old_due:%d/%m/%Y}")  # fmt: skip
    _mail(done.mail)


@extension.command("approve")
def approve(
    request_id: Annotated[int, typer.Argument(metavar="REQUEST", help="Số đề nghị gia hạn")],
    note: Annotated[str | None, typer.Option(help="Ý kiến của Lãnh đạo Sở")] = None,
    by: By = None,
) -> None:
    """Đồng ý gia hạn: công việc nhận thời hạn mới, đơn vị được báo qua thư."""
    _decide(request_id, True, note, by)


@extension.command("refuse")
def refuse(
    request_id: Annotated[int, typer.Argument(metavar="REQUEST", help="Số đề nghị gia hạn")],
    note: Annotated[str, typer.Option(help="Ý kiến (lý do không đồng ý)")],
    by: By = None,
) -> None:
    """Không đồng ý gia hạn: giữ thời hạn, đơn vị được báo qua thư."""
    _decide(request_id, False, note, by)


@extension.command("list")
def extensions(
    every: Annotated[bool, typer.Option("--all", help="Cả các đề nghị đã có ý kiến")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="In dạng JSON")] = False,
) -> None:
    """Liệt kê các đề nghị gia hạn chờ Lãnh đạo Sở cho ý kiến."""
    extension_list(runtime(), every=every, as_json=as_json)


@app.command()
def reassign(
    item_id: Item,
    lead: Annotated[str, typer.Option(help="Mã đơn vị chủ trì mới")],
    reason: Annotated[str, typer.Option(help="Lý do giao lại")],
    support: Annotated[list[str] | None, typer.Option(
        help="Mã đơn vị phối hợp (nhắc lại cho mỗi đơn vị; bỏ trống: giữ nguyên)")] = None,
    by: By = None,
) -> None:
    """Giao công việc cho đơn vị chủ trì, phối hợp khác (báo cả đơn vị cũ và mới)."""
    from services.direction import reassign as use_case

    codes = [c for value in support or [] for c in value.split(",") if c.strip()] or None
    done = _act(lambda rt, who: use_case(
        rt, item_id=item_number(item_id), actor=None, lead=lead, support=codes,
        reason=reason, by=who, channel="cli"), by)  # fmt: skip
    unit = runtime().org.department  # people read the units' names, not their codes
    _say("reassigned_done", id=done.item.id, lead=unit(done.item.lead).name,
         support=", ".join(unit(code).name for code in done.item.support) or "—")  # fmt: skip
    _mail(done.mail)


@app.command()
def direct(
    item_id: Item,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="Nội dung ý kiến chỉ đạo")],
    by: By = None,
) -> None:
    """Ghi ý kiến chỉ đạo về một công việc (gửi thư cho các đơn vị thực hiện)."""
    from services.direction import direct as use_case

    done = _act(lambda rt, who: use_case(rt, item_id=item_number(item_id), actor=None,
                                         text=text, by=who, channel="cli"), by)  # fmt: skip
    _say("directed", id=done.item.id)
    _mail(done.mail)


@app.command()
def cancel(
    item_id: Item,
    reason: Annotated[str, typer.Option(help="Lý do hủy")],
    by: By = None,
) -> None:
    """Hủy một công việc với lý do (không tính vào việc chưa hoàn thành, không chuyển tiếp)."""
    from services.direction import cancel as use_case

    done = _act(lambda rt, who: use_case(rt, item_id=item_number(item_id), actor=None,
                                         reason=reason, by=who, channel="cli"), by)  # fmt: skip
    _say("cancelled_done", id=done.item.id, reason=done.item.note or "")


@app.command()
def contribute(
    item_id: Item,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="Nội dung ý kiến phối hợp")],
    dept: Annotated[str, typer.Option(help="Mã đơn vị phối hợp gửi ý kiến")],
    by: By = None,
) -> None:
    """Ghi ý kiến phối hợp của một đơn vị phối hợp về công việc."""
    from services.direction import contribute as use_case

    done = _act(lambda rt, who: use_case(
        rt, item_id=item_number(item_id), actor=_unit(rt, dept) or "", text=text, by=who,
        channel="cli"), by)  # fmt: skip
    _say("contributed", id=done.item.id, dept=runtime().org.department(dept).name)


@app.command()
def reassignments(
    as_json: Annotated[bool, typer.Option("--json", help="In dạng JSON")] = False,
) -> None:
    """Công việc đã giao lại, với từ khóa phân công có trong nội dung (để rà soát tệp
    config/organisation.toml)."""
    reassignment_list(runtime(), as_json=as_json)


def _decide(request_id: int, approve: bool, note: str | None, by: str | None) -> None:
    from services.extensions import decide_extension

    done = _act(lambda rt, who: decide_extension(
        rt, request_id=item_number(request_id), approve=approve, note=note, by=who,
        channel="cli"), by)  # fmt: skip
    ext = done.extension
    key = "extension_approved" if approve else "extension_refused"
    _say(key, request=ext.id, id=done.item.id, date=f"{done.item.due:%d/%m/%Y}")
    _mail(done.mail)


def _act(action: Callable[[Any, str], Any], by: str | None) -> Any:
    """Run ``action(runtime, who)``; refusals become one message and exit code 2."""
    rt = runtime()
    with _refusals():
        check_name(by)
        ensure_ready()
        return action(rt, by or "")  # blank: the unit's name, else Lãnh đạo Sở


@contextmanager
def _refusals() -> Iterator[None]:
    from services.updates import NotAllowed

    with user_errors():
        try:
            yield
        except NotAllowed as exc:
            fail(render(exc.code, runtime().locale, **exc.params))


def _unit(rt: Any, dept: str | None) -> str | None:
    return rt.org.department(dept).code if dept else None


def _say(key: str, **params: Any) -> None:
    console.print(t(key, runtime().locale, **params), highlight=False)


def _mail(keys: tuple[str, ...]) -> None:
    """Deliver the mail the action queued; what cannot go now waits for a retry."""
    from services.direction_mail import send

    if keys:
        sent = send(runtime(), keys)
        _say("direction_mailed" if sent == len(keys) else "direction_mail_waits",
             sent=sent, n=len(keys))  # fmt: skip
