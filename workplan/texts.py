"""Short interface texts of the CLI, in Vietnamese (default) and English: the ``cli``
catalogue, then the shared ``labels`` (see :mod:`texts`)."""

from __future__ import annotations

from typing import Any

from texts import text

DOMAINS = ("cli", "labels")


def t(key: str, locale: str = "vi", /, **params: Any) -> str:
    """The interface text ``key`` in ``locale`` (Vietnamese when missing)."""
    return text(DOMAINS, key, locale, **params)
