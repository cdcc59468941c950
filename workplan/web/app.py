"""The web face: ``create_app(runtime)`` builds the FastAPI app (pages, API, static files)."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, nullcontext
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from domain.status import Status
from services.runtime import Runtime
from workplan.web import api, board, department, errors, links, reports
from workplan.web.context import WebState, make_env, render
from workplan.web.direction import install as install_direction
from workplan.web.docs import api_docs
from workplan.web.schemas import PERIOD

STATIC = Path(__file__).with_name("static")
_HEADERS = [
    (b"referrer-policy", b"no-referrer"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
]
# API answers carry data behind a token: no cache may keep them.
_NO_STORE = (b"cache-control", b"no-store")
# Pages run no script at all; the API docs page (/api/docs) sets its own policy.
_CSP = (
    b"content-security-policy",
    b"default-src 'self'; script-src 'none'; style-src 'self' 'unsafe-inline'; "
    b"frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
)


def create_app(runtime: Runtime) -> FastAPI:
    """The app serving ``runtime``'s database, on ``runtime``'s clock."""
    app = FastAPI(
        title="workplan", version="1", description="Work items of the agency's work programmes.",
        openapi_url="/openapi.json", docs_url=None, redoc_url=None, lifespan=_lifespan,
    )
    app.state.web = WebState(
        runtime=runtime,
        secret=runtime.settings.secret(),
        env=make_env(runtime.clock),
        write_lock=threading.Lock() if runtime.engine.dialect.name == "sqlite" else nullcontext(),
    )
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    # The API first: a status update, the busiest request, then finds its route at once.
    for module in (api, department, board, reports, links):
        app.include_router(module.router)
    app.add_api_route("/", home, include_in_schema=False, response_class=HTMLResponse)
    app.add_api_route("/api/docs", api_docs, include_in_schema=False, response_class=HTMLResponse)
    app.openapi = lambda: _schema(app, runtime)  # type: ignore[method-assign]
    errors.install(app)
    install_direction(app)
    app.add_middleware(SecurityHeaders)
    return app


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """On shutdown, close the connection the event loop writes status updates on (made on
    the first update: :func:`workplan.web.api._loop_connection`)."""
    yield
    conn = getattr(app.state, "loop_connection", None)
    if conn is not None and not conn.closed:
        conn.close()


def home(request: Request) -> HTMLResponse:
    """A plain page for whoever opens the bare address."""
    return render(request, "home.html")


def _schema(app: FastAPI, runtime: Runtime) -> dict[str, Any]:
    """The OpenAPI schema, saying which values the item filters take: the organisation's
    department codes, the statuses, the periods' keys and names."""
    if app.openapi_schema is None:
        schema = get_openapi(
            title=app.title, version=app.version, description=app.description, routes=app.routes
        )
        accepted = {
            "dept": {"enum": list(runtime.org.codes)},
            "status": {"enum": [s.value for s in Status]},
            "period": {"pattern": PERIOD},
        }
        for parameter in schema["paths"]["/api/v1/items"]["get"]["parameters"]:
            if parameter["name"] in accepted:
                values = {"type": "string", **accepted[parameter["name"]]}
                parameter["schema"] = {"anyOf": [values, {"type": "null"}]}
        app.openapi_schema = schema
    return app.openapi_schema


class SecurityHeaders:
    """Adds referrer, framing and script policies to every response (plain ASGI: no overhead)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        if path.startswith("/api/docs"):
            extra = _HEADERS
        elif path.startswith("/api/") or path == "/openapi.json":
            extra = [*_HEADERS, _CSP, _NO_STORE]
        else:
            extra = [*_HEADERS, _CSP]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)
