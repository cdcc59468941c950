"""How refusals reach people: a plain page, or JSON ``{"detail", "code"}`` under ``/api``."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlmodel import Session
from starlette.exceptions import HTTPException

from domain.messages import render as message
from domain.problems import InputError
from services.shapes import item_json
from store.items import get_item
from workplan.web.auth import Forbidden
from workplan.web.context import api_locale, page_locale, render, state
from workplan.web.i18n import t
from workplan.web.links import help_context

_INPUT_STATUS = {"unknown_item": 404, "stale_version": 409}
_LINK_PROBLEMS = ("expired_link", "bad_link")  # pages that offer a new link


def install(app: FastAPI) -> None:
    """Register the handlers on ``app``."""
    app.add_exception_handler(Forbidden, _forbidden)  # type: ignore[arg-type]
    app.add_exception_handler(InputError, _input_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _invalid)  # type: ignore[arg-type]
    app.add_exception_handler(HTTPException, _http_error)  # type: ignore[arg-type]


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _forbidden(request: Request, exc: Forbidden) -> Response:
    if _is_api(request):
        detail = t(exc.code, api_locale(request), **exc.params)
        headers = {"WWW-Authenticate": "Bearer"} if exc.status_code == 401 else None
        return JSONResponse({"detail": detail, "code": exc.code}, exc.status_code, headers=headers)
    text = t(exc.code, page_locale(request), **exc.params)
    more = help_context(request) if exc.code in _LINK_PROBLEMS else {}
    return _page(request, exc.status_code, "forbidden_title", text, **more)


def _input_error(request: Request, exc: InputError) -> Response:
    status = _INPUT_STATUS.get(exc.code, 422 if _is_api(request) else 400)
    if not _is_api(request):
        title = "not_found_title" if status == 404 else "forbidden_title"
        return _page(request, status, title, message(exc.code, page_locale(request), **exc.params))
    detail = message(exc.code, api_locale(request), **exc.params)
    body: dict[str, object] = {"detail": detail, "code": exc.code}
    item_id = request.path_params.get("item_id")
    if exc.code == "stale_version" and item_id is not None:
        with Session(state(request).runtime.engine) as session:
            item = get_item(session, int(item_id))
            body["item"] = item_json(item, state(request).runtime.clock)
    return JSONResponse(body, status)


def _invalid(request: Request, exc: RequestValidationError) -> Response:
    if not _is_api(request):
        return _page(request, 400, "forbidden_title", t("invalid_request", page_locale(request)))
    errors = jsonable_encoder(exc.errors(), exclude={"url", "ctx"})
    detail = t("invalid_request", api_locale(request))
    return JSONResponse({"detail": detail, "code": "invalid_request", "errors": errors}, 422)


def _http_error(request: Request, exc: HTTPException) -> Response:
    if _is_api(request) or exc.status_code != 404:
        detail = exc.detail
        if exc.status_code in (400, 404):
            key = "not_found" if exc.status_code == 404 else "invalid_request"
            detail = t(key, api_locale(request))
        body = {"detail": detail, "code": str(exc.status_code)}
        return JSONResponse(body, exc.status_code, headers=exc.headers)  # 405 keeps its Allow
    return _page(request, 404, "not_found_title", t("not_found", page_locale(request)))


def _page(request: Request, status: int, title_key: str, text: str, **more: object) -> Response:
    return render(request, "error.html", status_code=status, title_key=title_key, text=text,
                  **more)  # fmt: skip
