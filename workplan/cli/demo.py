"""``workplan demo``: a quarter replayed on embedded defaults, in its own home."""

from __future__ import annotations

import time
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated

import typer

from workplan.cli.base import app, console, fail, runtime, user_errors
from workplan.texts import t

if TYPE_CHECKING:
    from rich.progress import Progress


@app.command()
def demo(
    start: Annotated[datetime, typer.Option("--from", formats=["%Y-%m-%d"], help="Ngày bắt đầu")] = datetime(2020, 7, 1),  # noqa: E501
    end: Annotated[datetime, typer.Option("--to", formats=["%Y-%m-%d"], help="Ngày kết thúc")] = datetime(2020, 10, 5),  # noqa: E501
    seed: Annotated[int, typer.Option(help="Hạt giống mô phỏng (cùng hạt giống, cùng kết quả)")] = 7,  # noqa: E501
    serve: Annotated[bool, typer.Option("--serve", help="Sau đó mở trang web trên dữ liệu mô phỏng")] = False,  # noqa: E501
) -> None:
    """Chạy thử cả một quý: nhập chương trình mẫu, chạy các việc theo lịch từng ngày."""
    from notifications.mailbox import start_mailbox
    from services.runtime import Runtime
    from workplan.demo.output import print_summary
    from workplan.demo.replay import demo_settings, fresh_home, replay
    from workplan.demo.summary import summarise

    base = runtime()
    locale = base.locale
    first, last = start.date(), end.date()
    if last <= first:
        fail(t("demo_bad_dates", locale, start=_dmy(first), end=_dmy(last)))
    home = base.settings.home / "demo"
    fresh_home(home)
    mailbox = start_mailbox(home / "mail", "127.0.0.1", 0)
    rt = Runtime(demo_settings(base.settings, home, mailbox.port), base.clock)
    began = time.monotonic()
    try:
        with user_errors():
            rt.settings.secret(create=True)
            console.print(t("demo_home", locale, home=home), highlight=False)
            with _progress() as bar:
                task = bar.add_task("", total=None)

                def step(moment, n, total):  # type: ignore[no-untyped-def]
                    what = t("demo_answers", locale) if moment.what == "answers" else moment.what
                    day = moment.at.strftime("%d/%m/%Y %H:%M")
                    bar.update(task, completed=n, total=total,
                               description=t("demo_progress", locale, day=day, what=what))

                done = replay(rt, start=first, end=last, seed=seed, step=step)
            console.print(t("demo_replay", locale, start=_dmy(first), end=_dmy(last), seed=seed,
                            silent=rt.org.department(done.silent).name), highlight=False)
            print_summary(console.rich(), rt, done, summarise(rt, start=first, end=last), locale)
        console.print(t("demo_took", locale, seconds=time.monotonic() - began))
        if serve:
            _serve(rt, locale)
        else:
            console.print(t("demo_real_use", locale), highlight=False)
    finally:
        mailbox.stop()
        rt.close()


def _progress() -> Progress:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    console=console.rich(), transient=True, disable=not console.is_terminal)


def _serve(rt, locale: str) -> None:  # type: ignore[no-untyped-def]
    import uvicorn

    from notifications.links import leadership_url, make_token
    from services.clock import Clock
    from workplan.web.app import create_app
    from workplan.web.server import config

    live = rt.with_clock(Clock(rt.clock.zone))
    token = make_token(rt.settings.secret(), leadership=True, days=30)
    console.print(t("demo_serving", locale, url=leadership_url(rt.settings.base_url, token)),
                  highlight=False, soft_wrap=True)
    uvicorn.Server(config(create_app(live), host="127.0.0.1", port=8000,
                          log_level="warning")).run()


def _dmy(day: date) -> str:
    return day.strftime("%d/%m/%Y")
