"""Signed links: a token names a department (or leadership) and expires.

Tokens are signed with the settings' secret (itsdangerous); rotating the secret revokes
every link ever sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer

LEADERSHIP = "*leadership*"
_SALT = "workplan.link.v1"
MAX_DAYS = 365  # a link lives at most a year (the settings refuse a longer WORKPLAN_LINK_DAYS)


@dataclass(frozen=True)
class Audience:
    """Who a valid token speaks for."""

    dept: str | None  # a department code, or None for leadership

    @property
    def is_leadership(self) -> bool:
        return self.dept is None


class BadToken(Exception):
    """A token that is forged, tampered with or expired (``expired`` tells which)."""

    def __init__(self, expired: bool = False) -> None:
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def make_token(
    secret: str, *, dept: str | None = None, leadership: bool = False, days: int = 30
) -> str:
    """A token for one department's page, or for the leadership dashboard, valid ``days``."""
    if leadership == (dept is not None):
        raise ValueError("a token is for one department or for leadership")
    if not 1 <= days <= MAX_DAYS:
        raise ValueError(f"a link lives from 1 to {MAX_DAYS} days")
    subject = LEADERSHIP if leadership else str(dept).upper()
    return URLSafeTimedSerializer(secret, salt=_SALT).dumps({"s": subject, "d": days})


def read_token(secret: str, token: str, *, now: datetime | None = None) -> Audience:
    """Who ``token`` speaks for; raises :class:`BadToken` when it must not be trusted."""
    try:
        data, signed_at = _signed(secret, token)
    except BadSignature as exc:
        raise BadToken() from exc
    if not isinstance(data, dict):
        raise BadToken()
    subject, days = data.get("s"), data.get("d")
    if not isinstance(subject, str) or not subject or not isinstance(days, int):
        raise BadToken()
    if not 1 <= days <= MAX_DAYS:  # signed before the limit: no link outlives a year
        raise BadToken(expired=days > MAX_DAYS)
    if (now or datetime.now(UTC)) > signed_at + timedelta(days=days):
        raise BadToken(expired=True)
    return Audience(None if subject == LEADERSHIP else subject)


@lru_cache(maxsize=1024)
def _signed(secret: str, token: str) -> tuple[Any, datetime]:
    """A token's payload and signing time, once its signature holds (else ``BadSignature``).

    Kept for the tokens read lately: an API client sends its token with every request,
    and checking the signature is most of reading it. Only what the signature proves is
    kept; whether the token has expired is decided on every read.
    """
    return URLSafeTimedSerializer(secret, salt=_SALT).loads(token, return_timestamp=True)


def department_url(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/d/{token}"


def leadership_url(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/board/{token}"
