"""Commands about e-mail: the outbox, the local mailbox, previews and a test message.

``workplan outbox --retry`` makes every pending row due now and delivers; with
``--failed`` it first puts failed rows back in the queue (attempts counted afresh).
``workplan outbox --unknown`` lists the messages that left without the server's reply
(probably delivered, never resent automatically); ``workplan outbox --resend ID`` sends
one of them (or a failed one) again, as a person decides.
"""

from __future__ import annotations

import threading
from typing import Annotated

import typer

from notifications.kinds import MAIL_KINDS
from services.runtime import Runtime
from workplan.cli.base import (
    app,
    console,
    ensure_ready,
    fail,
    print_json,
    read,
    runtime,
    user_errors,
)
from workplan.texts import t as say

_STATES = {"pending": ("pending", "sending"), "failed": ("failed",), "unknown": ("unknown",)}

mail_app = typer.Typer(
    help="Thư điện tử: đề nghị cập nhật tiến độ, xem trước mẫu thư, gửi thư thử nghiệm.",
    no_args_is_help=True,
)
app.add_typer(mail_app, name="mail")


@app.command()
def mailbox(
    host: Annotated[str | None, typer.Option(help="Địa chỉ (mặc định WORKPLAN_SMTP_HOST)")] = None,
    port: Annotated[int | None, typer.Option(help="Cổng (mặc định WORKPLAN_SMTP_PORT)")] = None,
) -> None:
    """Chạy hộp thư thử nghiệm: lưu mọi thư nhận được thành tệp .eml trong var/mail/."""
    from notifications.mailbox import start_mailbox

    rt = runtime()
    host, port = host or rt.settings.smtp_host, port if port is not None else rt.settings.smtp_port
    folder = rt.settings.mail_dir
    try:
        controller = start_mailbox(
            folder,
            host,
            port,
            on_saved=lambda path: console.print(say("mailbox_saved", rt.locale, name=path.name)),
        )
    except (OSError, RuntimeError, TimeoutError) as exc:
        fail(say("mailbox_port_busy", rt.locale, host=host, port=port, error=exc))
    console.print(
        say("mailbox_running", rt.locale, host=host, port=controller.port, dir=folder),
        highlight=False,
    )
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()
    console.print(say("mailbox_stopped", rt.locale))


@app.command()
def outbox(
    pending: Annotated[bool, typer.Option("--pending", help="Chỉ thư đang chờ gửi")] = False,
    failed: Annotated[
        bool,
        typer.Option("--failed", help="Chỉ thư lỗi (cùng --retry: đưa thư lỗi trở lại hàng đợi)"),
    ] = False,
    unknown: Annotated[
        bool, typer.Option("--unknown", help="Chỉ thư đã gửi đi nhưng chưa rõ kết quả")
    ] = False,
    retry: Annotated[bool, typer.Option("--retry", help="Gửi ngay các thư đang chờ")] = False,
    resend: Annotated[
        list[str] | None,
        typer.Option(help="Gửi lại thư chưa rõ kết quả hoặc bị lỗi (số hoặc khóa của thư)"),
    ] = None,
    limit: Annotated[int, typer.Option(help="Số dòng tối đa")] = 50,
    wide: Annotated[bool, typer.Option("--wide", help="Hiện mọi cột, không xuống dòng")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="In dạng JSON")] = False,
) -> None:
    """Xem hàng đợi thư; --retry gửi ngay các thư đang chờ; --resend gửi lại một thư."""
    rt = runtime()
    if pending + failed + unknown > 1 and not retry:
        fail(say("outbox_choose_one", rt.locale))
    with user_errors():
        ensure_ready()
    if resend:
        _resend(rt, resend)
    elif retry:
        _retry(rt, requeue=failed)
    else:
        chosen = {"pending": pending, "failed": failed, "unknown": unknown}
        states = next((_STATES[name] for name, on in chosen.items() if on), ())
        _list(rt, states=states, limit=limit, wide=wide, as_json=as_json)


@mail_app.command("preview")
def preview(
    kind: Annotated[str, typer.Argument(help="Loại thư: " + ", ".join(MAIL_KINDS))],
    locale: Annotated[str | None, typer.Option(help="Ngôn ngữ: vi hoặc en")] = None,
) -> None:
    """Ghi bản xem trước của một mẫu thư (HTML và văn bản) vào var/preview/."""
    from notifications.previews import sample_context
    from notifications.render import render

    rt = runtime()
    locale = locale or rt.locale
    if kind not in MAIL_KINDS or locale not in ("vi", "en"):
        fail(
            say(
                "unknown_mail_kind",
                rt.locale,
                kind=kind if kind not in MAIL_KINDS else locale,
                kinds=", ".join(MAIL_KINDS),
            )
        )
    with user_errors():
        context = sample_context(kind, org=rt.org, base_url=rt.settings.base_url)
    mail = render(kind, locale, context)
    folder = rt.settings.preview_dir
    folder.mkdir(parents=True, exist_ok=True)
    html, text = folder / f"{kind}.{locale}.html", folder / f"{kind}.{locale}.txt"
    html.write_text(mail.html + "\n", encoding="utf-8")
    text.write_text(f"{mail.subject}\n\n{mail.text}", encoding="utf-8")
    console.print(say("preview_written", rt.locale, subject=mail.subject), highlight=False)
    console.print(f"  {html}\n  {text}", highlight=False, soft_wrap=True)


@mail_app.command("send-test")
def send_test(
    to: Annotated[str, typer.Argument(metavar="TO", help="Địa chỉ nhận thư thử nghiệm")],
    locale: Annotated[str | None, typer.Option(help="Ngôn ngữ: vi hoặc en")] = None,
) -> None:
    """Gửi một thư thử nghiệm (qua hàng đợi) để kiểm tra cấu hình gửi thư."""
    from notifications.outgoing import OutgoingMail, enqueue, mail_key
    from notifications.render import render

    rt = runtime()
    s = rt.settings
    with user_errors():
        ensure_ready()
    now = rt.now()
    context = {
        "org": rt.org.name,
        "today": now.date(),
        "departments": {},
        "server": f"{s.smtp_host}:{s.smtp_port}",
        "sent_at": now,
    }
    key = mail_key("test", to, now.strftime("%Y%m%dT%H%M%S%f"))
    try:
        message = OutgoingMail.of(
            render("test", locale or rt.locale, context), key=key, kind="test", to=[to]
        )
    except ValueError:
        fail(say("bad_address", rt.locale, value=to))
    with rt.session() as session:
        enqueue(session, message, now=now)
    _deliver(rt, keys=[key])


def _retry(rt: Runtime, *, requeue: bool) -> None:
    """Make pending mail due now (and failed mail pending again), then deliver."""
    from store.outbox import make_due, requeue_failed

    now = rt.now()
    with rt.session() as session:
        if requeue:
            console.print(say("outbox_requeued", rt.locale, n=requeue_failed(session, now=now)))
        make_due(session, now=now)
    _deliver(rt, keys=None)


def _resend(rt: Runtime, refs: list[str]) -> None:
    """A person's decision: send these unknown or failed messages again, now."""
    from store.outbox import resend

    with rt.session() as session:
        keys = resend(session, refs, now=rt.now())
    if not keys:
        fail(say("outbox_resend_none", rt.locale, refs=", ".join(refs)))
    console.print(say("outbox_resent", rt.locale, n=len(keys), keys=", ".join(keys)))
    _deliver(rt, keys=keys)


def _list(rt: Runtime, *, states: tuple[str, ...], limit: int, wide: bool, as_json: bool) -> None:
    from store.outbox import list_outbox
    from workplan.cli.mail_table import print_outbox

    rows = read(lambda session: list_outbox(session, states=states, limit=limit))
    if as_json:
        skip = {"html", "text", "attachments"}  # attachments: names only, not their content
        names = [{"attachments": [a.get("filename") for a in r.attachments]} for r in rows]
        print_json([r.model_dump(exclude=skip) | n for r, n in zip(rows, names, strict=True)])
    elif not rows:
        empty = "outbox_unknown_empty" if states == ("unknown",) else "outbox_empty"
        console.print(say(empty, rt.locale))
    else:
        print_outbox(rt, rows, wide=wide)
        if states == ("unknown",):
            console.print(say("outbox_unknown_hint", rt.locale), highlight=False)


@mail_app.command("request")
def request(
    depts: Annotated[
        list[str] | None, typer.Argument(metavar="[DEPT]...", help="Mã đơn vị (mặc định: tất cả)")
    ] = None,
    period: Annotated[
        str, typer.Option(help='Kỳ cần báo cáo, vd. 2020-Q3 hoặc "Quý III/2020"')
    ] = ...,
) -> None:
    """Gửi thư đề nghị các đơn vị cập nhật tiến độ (kèm đường dẫn riêng), mỗi tuần một lần."""
    from domain.periods import parse_period
    from services.status_requests import request_status

    rt = runtime()
    with user_errors():
        ensure_ready()
        chosen = parse_period(period)
        codes = [rt.org.department(d).code for d in depts] if depts else list(rt.org.codes)
        for code in codes:
            queued = request_status(rt, dept=code, period=chosen)
            message = "request_queued" if queued else "request_skipped"
            name = rt.org.department(code).name  # people read the unit's name, not its code
            console.print(say(message, rt.locale, dept=name, period=chosen.name(rt.locale)),
                          highlight=False)
    _deliver(rt, keys=None)


def _deliver(rt: Runtime, *, keys: list[str] | None) -> None:
    from notifications.mailer import RUN_LIMIT
    from services.delivery import deliver

    report = deliver(rt, keys=keys)
    server = f"{rt.settings.smtp_host}:{rt.settings.smtp_port}"
    if not (report.sent or report.retrying or report.failed or report.unknown):
        console.print(say("delivery_nothing", rt.locale))
        return
    console.print(
        say(
            "delivery_summary",
            rt.locale,
            sent=len(report.sent),
            server=server,
            retrying=len(report.retrying),
            failed=len(report.failed),
        ),
        highlight=False,
    )
    for key, error in report.retrying:
        console.print(say("delivery_retrying", rt.locale, key=key, error=error), highlight=False)
    for key, error in report.failed:
        console.print(say("delivery_failed", rt.locale, key=key, error=error), highlight=False)
    for key, error in report.unknown:
        console.print(say("delivery_unknown", rt.locale, key=key, error=error), highlight=False)
    if report.unknown:
        console.print(say("delivery_unknown_count", rt.locale, n=len(report.unknown)))
    if report.left:
        console.print(say("delivery_left", rt.locale, n=report.left, limit=RUN_LIMIT))
    if not report.ok:
        raise typer.Exit(1)
