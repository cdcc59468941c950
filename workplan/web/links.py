"""Getting a new link (*gửi lại đường dẫn*): a form on the expired-link page and on its own
page; the answer is the same whether or not the address is registered; a client asking
too often is told to wait."""

from __future__ import annotations

import time
from collections import deque
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Form, Request
from fastapi.responses import HTMLResponse
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner

from services.delivery import deliver
from services.links import resend_link
from services.mailing import is_address
from services.runtime import Runtime
from workplan.web.auth import Forbidden
from workplan.web.context import page_locale, render, state

router = APIRouter(include_in_schema=False)
_SALT = "workplan.resend.v1"
FORM_AGE = 3600  # seconds a form stays usable
WINDOW, PER_CLIENT = 600, 5  # at most 5 requests from one client in 10 minutes


@router.get("/links/new", response_class=HTMLResponse)
def new_link_page(request: Request) -> HTMLResponse:
    """The form asking for a new link."""
    return render(request, "link_help.html", **help_context(request))


@router.post("/links/new", response_class=HTMLResponse)
def new_link(
    request: Request, background: BackgroundTasks, email: Annotated[str, Form()] = "",
    form: Annotated[str, Form()] = "",
) -> HTMLResponse:
    """Queue a fresh link for a registered address and send it after answering."""
    _check_form(request, form)
    address = email.strip()[:254]
    if not _allowed(request):
        return render(request, "link_help.html", status_code=429, problem="link_wait",
                      **help_context(request, address))  # fmt: skip
    if not is_address(address):
        return render(request, "link_help.html", status_code=400, problem="link_bad_address",
                      **help_context(request, address))  # fmt: skip
    web = state(request)
    key = resend_link(web.runtime, address=address, locale=page_locale(request))
    if key is not None:
        background.add_task(_send, web.runtime, key)
    return render(request, "link_help.html", sent=address, **help_context(request))


def help_context(request: Request, typed: str = "") -> dict[str, Any]:
    """What the link help needs: the office's contact, a fresh form token, the address."""
    web = state(request)
    signer = TimestampSigner(web.secret, salt=_SALT)
    return {"contact": web.runtime.org.contact, "form_token": signer.sign(b"new-link").decode(),
            "typed": typed}  # fmt: skip


def _check_form(request: Request, value: str) -> None:
    try:
        TimestampSigner(state(request).secret, salt=_SALT).unsign(value, max_age=FORM_AGE)
    except (BadSignature, SignatureExpired):
        raise Forbidden("bad_csrf") from None


def _allowed(request: Request) -> bool:
    """Whether this client may ask again (at most :data:`PER_CLIENT` in :data:`WINDOW`)."""
    seen, now = state(request).link_requests, time.monotonic()
    if len(seen) > 1000:  # forget the clients that asked long ago
        for old in [c for c, times in seen.items() if times[-1] < now - WINDOW]:
            del seen[old]
    times = seen.setdefault(request.client.host if request.client else "?", deque())
    while times and times[0] < now - WINDOW:
        times.popleft()
    if len(times) >= PER_CLIENT:
        return False
    times.append(now)
    return True


def _send(runtime: Runtime, key: str) -> None:
    """Deliver the link mail now (a failure leaves it queued for the next delivery run)."""
    deliver(runtime, keys=[key])
