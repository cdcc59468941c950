"""Who a request speaks for: signed link tokens (path or Bearer header) and CSRF tokens."""

from __future__ import annotations

import hashlib
import hmac

from fastapi import Request
from fastapi.openapi.models import HTTPBearer
from fastapi.security.base import SecurityBase
from fastapi.security.utils import get_authorization_scheme_param
from itsdangerous import BadSignature, URLSafeSerializer

from notifications.links import Audience, BadToken, read_token
from workplan.web.context import state

_CSRF_SALT = "workplan.csrf.v1"


class Forbidden(Exception):
    """Access refused; ``code`` names the text shown (see :mod:`workplan.web.i18n`)."""

    def __init__(self, code: str, status_code: int = 403, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.status_code = status_code
        self.params = params


def audience(request: Request, token: str) -> Audience:
    """Who ``token`` speaks for; :class:`Forbidden` when forged, tampered with or expired."""
    web = state(request)
    try:
        return read_token(web.secret, token, now=web.now())
    except BadToken as exc:
        raise Forbidden("expired_link" if exc.expired else "bad_link") from None


def department_of(request: Request, token: str) -> str:
    """The department code a page token names (leadership tokens are refused here)."""
    who = audience(request, token)
    if who.dept is None:
        raise Forbidden("wrong_page")
    return who.dept


def require_leadership(request: Request, token: str) -> None:
    if not audience(request, token).is_leadership:
        raise Forbidden("wrong_page")


class BearerAudience(SecurityBase):
    """The API caller, from ``Authorization: Bearer <token>`` (401 when absent).

    One dependency that the OpenAPI schema names as the HTTP bearer scheme. ``async``
    only so that it runs on the event loop: it does no I/O, and a sync dependency would
    cost the request a hop to the threadpool of its own.
    """

    def __init__(self) -> None:
        self.model = HTTPBearer(description="The token of a department or leadership link")
        self.scheme_name = "HTTPBearer"

    async def __call__(self, request: Request) -> Audience:
        scheme, token = get_authorization_scheme_param(request.headers.get("Authorization"))
        if not token or scheme.lower() != "bearer":
            raise Forbidden("missing_token", status_code=401)
        return audience(request, token)


api_audience = BearerAudience()


def csrf_token(secret: str, link_token: str) -> str:
    """A form token bound to the link it was served under."""
    return URLSafeSerializer(secret, salt=_CSRF_SALT).dumps(_digest(link_token))


def check_csrf(request: Request, link_token: str, value: str | None) -> None:
    """Refuse a form post whose CSRF token is missing or not that of this link."""
    try:
        bound = URLSafeSerializer(state(request).secret, salt=_CSRF_SALT).loads(value or "")
    except BadSignature:
        raise Forbidden("bad_csrf") from None
    if not isinstance(bound, str) or not hmac.compare_digest(bound, _digest(link_token)):
        raise Forbidden("bad_csrf")


def _digest(link_token: str) -> str:
    return hashlib.sha256(link_token.encode("utf-8")).hexdigest()[:32]
