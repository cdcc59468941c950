"""The web face: ``create_app(runtime)`` builds the FastAPI app (pages, API, static files)."""

from __future__ import annotations

import threading
from contextlib import nullcontext
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from services.runtime import Runtime
from workplan.web import api, board, department, errors
from workplan.web.context import WebState, make_env, render

STATIC = Path(__file__).with_name("static")
_HEADERS = [
    (b"referrer-policy", b"no-referrer"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
]
# Pages run no script at all; the API docs page (/api/docs) loads its own, so it is left out.
_CSP = (
    b"content-security-policy",
    b"default-src 'self'; script-src 'none'; style-src 'self' 'unsafe-inline'; "
    b"frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
)


def create_app(runtime: Runtime) -> FastAPI:
    """The app serving ``runtime``'s database, on ``runtime``'s clock."""
    app = FastAPI(
        title="workplan", version="1", description="Work items of the agency's work programmes.",
        openapi_url="/openapi.json", docs_url="/api/docs", redoc_url=None,
    )
    app.state.web = WebState(
        runtime=runtime,
        secret=runtime.settings.secret(),
        env=make_env(runtime.clock),
        write_lock=threading.Lock() if runtime.engine.dialect.name == "sqlite" else nullcontext(),
    )
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in (department, board, api):
        app.include_router(module.router)
    app.add_api_route("/", home, include_in_schema=False, response_class=HTMLResponse)
    errors.install(app)
    app.add_middleware(SecurityHeaders)
    return app


def home(request: Request) -> HTMLResponse:
    """A plain page for whoever opens the bare address."""
    return render(request, "home.html")


class SecurityHeaders:
    """Adds referrer, framing and script policies to every response (plain ASGI: no overhead)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = _HEADERS if scope["path"].startswith("/api/docs") else [*_HEADERS, _CSP]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)
