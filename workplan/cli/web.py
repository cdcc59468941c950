"""Commands of the web face: ``link`` prints signed links, ``web`` serves the pages.

fastapi and uvicorn are imported inside ``web`` only, so other commands start fast.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated

import typer

from workplan.cli.base import app, console, ensure_ready, err_console, fail, runtime, user_errors
from workplan.texts import t

_DEPT = "Mã đơn vị, vd. TTRA"
_LEADERSHIP = "Liên kết bảng theo dõi của Lãnh đạo Sở"
_DAYS = "Số ngày đường dẫn còn dùng được, từ 1 đến 365 (mặc định: WORKPLAN_LINK_DAYS)"


@app.command()
def link(
    dept: Annotated[str | None, typer.Argument(metavar="DEPT", help=_DEPT)] = None,
    leadership: Annotated[bool, typer.Option("--leadership", help=_LEADERSHIP)] = False,
    days: Annotated[int | None, typer.Option(help=_DAYS)] = None,
) -> None:
    """In liên kết (đã ký) tới trang của một đơn vị, hoặc bảng theo dõi của Lãnh đạo Sở."""
    from domain.messages import render
    from notifications.links import MAX_DAYS, department_url, leadership_url, make_token

    rt = runtime()
    if leadership == (dept is not None):
        fail(t("link_needs_target", rt.locale))
    lifetime = days if days is not None else rt.settings.link_days
    if not 1 <= lifetime <= MAX_DAYS:
        fail(render("link_days_out_of_range", rt.locale, value=lifetime, maximum=MAX_DAYS))
    with user_errors():
        name = rt.org.short_name if leadership else rt.org.department(dept or "").name
    secret = _secret()
    base = rt.settings.base_url
    if leadership:
        url = leadership_url(base, make_token(secret, leadership=True, days=lifetime))
    else:
        url = department_url(base, make_token(secret, dept=dept, days=lifetime))
    # A link's life is counted on the system clock, whatever WORKPLAN_NOW says.
    signed = datetime.now(rt.clock.zone)
    until = (signed + timedelta(days=lifetime)).strftime("%d/%m/%Y")
    err_console.print(t("link_info", rt.locale, name=name, until=until), highlight=False)
    console.print(url, highlight=False, soft_wrap=True)


@app.command()
def web(
    host: Annotated[str, typer.Option(help="Địa chỉ lắng nghe")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Cổng")] = 8000,
) -> None:
    """Chạy trang web cho các đơn vị và Lãnh đạo Sở (FastAPI + uvicorn)."""
    from workplan.web.app import create_app
    from workplan.web.server import serve

    rt = runtime()
    with user_errors():
        ensure_ready()
        _secret()
        application = create_app(rt)
    console.print(t("web_serving", rt.locale, url=f"http://{host}:{port}"), highlight=False)
    serve(application, host=host, port=port)


def _secret() -> str:
    try:
        return runtime().settings.secret()
    except LookupError:
        fail(t("no_secret", runtime().locale))
