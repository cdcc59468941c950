"""What every handler needs: the app's state, the request's locale, and page rendering."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape

from domain.status import REPORT_LABELS, Status, label
from services.clock import Clock
from services.runtime import Runtime
from texts import gettext_callables
from texts.formatting import day, number, percent
from workplan.web.i18n import DOMAINS, pick_locale, t

TEMPLATES = Path(__file__).with_name("templates")


@dataclass
class WebState:
    """The app's collaborators, built once by ``create_app``."""

    runtime: Runtime
    secret: str
    env: Environment
    # SQLite writers of this process queue on a lock rather than in SQLite's busy
    # handler, which sleeps up to 100 ms between tries.
    write_lock: AbstractContextManager[object] = field(default_factory=nullcontext)
    # When each client asked for a new link lately (see workplan.web.links).
    link_requests: dict[str, deque[float]] = field(default_factory=dict)

    def now(self) -> datetime:
        return self.runtime.now()

    def today(self) -> date:
        """Today in the organisation's time zone, whatever the server's."""
        return self.runtime.today()


def make_env(clock: Clock) -> Environment:
    """The Jinja2 environment; autoescape is on for every template; times are shown in
    the organisation's zone."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True),
        trim_blocks=True, lstrip_blocks=True, extensions=["jinja2.ext.i18n"],
    )
    env.filters["dmy"] = pass_context(lambda ctx, d: day(d, ctx.get("lang", "vi")))
    env.filters["local"] = pass_context(
        lambda ctx, moment: day(clock.local(moment), ctx.get("lang", "vi")) if moment else "")
    env.filters["number"] = pass_context(lambda ctx, n: number(n, ctx.get("lang", "vi")))
    env.filters["percent"] = pass_context(lambda ctx, n: percent(n, ctx.get("lang", "vi")))
    env.filters["upfirst"] = lambda s: s[:1].upper() + s[1:]
    return env


def state(request: Request) -> WebState:
    return request.app.state.web


def page_locale(request: Request) -> str:
    """``?lang=`` when given, else the configured locale."""
    return pick_locale(request.query_params.get("lang"), default=state(request).runtime.locale)


def api_locale(request: Request) -> str:
    """``?lang=``, else ``Accept-Language``, else the configured locale."""
    return pick_locale(
        request.query_params.get("lang"),
        request.headers.get("accept-language"),
        default=state(request).runtime.locale,
    )


def link_for(request: Request) -> Callable[..., str]:
    """A URL builder that keeps an explicit ``?lang=`` across links and forms."""
    lang = request.query_params.get("lang")

    def link(path: str, **params: Any) -> str:
        query = {k: v for k, v in params.items() if v is not None}
        if lang in ("vi", "en"):
            query["lang"] = lang
        return f"{path}?{urlencode(query)}" if query else path

    return link


def render(
    request: Request, name: str, /, *, status_code: int = 200, **context: Any
) -> HTMLResponse:
    """Render a page in the request's locale, never cached (its URL carries a token); the
    templates' ``_("key", name=value)`` (Jinja2's i18n extension) reads the ``web``
    catalogue in that locale."""
    locale = page_locale(request)
    web = state(request)
    other = "en" if locale == "vi" else "vi"
    kept = {k: v for k, v in request.query_params.items() if k not in ("lang", "saved")}
    explicit = request.query_params.get("lang")
    html = web.env.get_template(name).render(
        lang=locale,
        **gettext_callables(DOMAINS, locale),
        link=link_for(request),
        status_label=lambda s: label(s, locale),
        statuses=[(s.value, label(s, locale)) for s in Status],
        class_labels=REPORT_LABELS.get(locale, REPORT_LABELS["vi"]),
        org_name=web.runtime.org.short_name,
        path=request.url.path,
        switch_url=f"{request.url.path}?{urlencode({**kept, 'lang': other})}",
        other_lang=other,
        lang_param=explicit if explicit in ("vi", "en") else None,
        today=web.today(),
        deadline=lambda i: deadline(i.due, web.today(), i.status, i.done_on, locale),
        **context,
    )
    headers = {"Cache-Control": "no-store"}
    return HTMLResponse(html, status_code=status_code, headers=headers)


def deadline(
    due: date, today: date, status: str, done_on: date | None, locale: str
) -> tuple[str, str]:
    """A CSS class and the words for how an item stands against its due date."""
    if status == Status.DONE:
        finished = done_on or due
        late = (finished - due).days
        if late > 0:
            return "late", t("done_late_on", locale, date=f"{finished:%d/%m/%Y}", n=late)
        return "ok", t("done_on", locale, date=f"{finished:%d/%m/%Y}")
    if status == Status.CANCELLED:
        return "muted", label(status, locale)
    days = (due - today).days
    if days < 0:
        return "late", t("overdue_days", locale, n=-days)
    if days == 0:
        return "soon", t("due_today", locale)
    return ("soon" if days <= 3 else "ok"), t("days_left", locale, n=days)


def local_time(clock: Clock, moment: datetime | None) -> str:
    """A stored moment as people read it: dd/mm/yyyy HH:MM in the organisation's zone."""
    return day(clock.local(moment)) if moment else ""
