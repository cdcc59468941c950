"""Texts of the web pages and API errors, in Vietnamese (default) and English: the ``web``
catalogue, then the shared ``labels`` and the refusals of ``problems`` (see :mod:`texts`)."""

from __future__ import annotations

from typing import Any

from texts import LOCALES, text

__all__ = ["DOMAINS", "LOCALES", "pick_locale", "t"]

DOMAINS = ("web", "labels", "problems")


def t(key: str, locale: str = "vi", **params: Any) -> str:
    """The text ``key`` in ``locale`` (Vietnamese when missing), formatted with ``params``."""
    return text(DOMAINS, key, locale, **params)


def pick_locale(*candidates: str | None, default: str = "vi") -> str:
    """The first candidate that is a supported locale (``en-US`` counts as ``en``)."""
    for value in candidates:
        if value:
            tag = value.split(",")[0].split(";")[0].strip().lower()[:2]
            if tag in LOCALES:
                return tag
    return default
