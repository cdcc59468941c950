"""The words people read, in Vietnamese (default) and English: gettext catalogues managed
with Babel (``texts/locales/<locale>/LC_MESSAGES/<domain>.po``, compiled by
``make install``), looked up by symbolic msgid, and Babel's locale-aware formatting
(:mod:`texts.formatting`).

Importing this package installs the catalogues as the domain's wording
(:func:`domain.messages.use`), so problem codes and labels render everywhere.
"""

from __future__ import annotations

from typing import Any

from domain import messages
from texts.catalogues import (
    DEFAULT,
    LOCALES,
    gettext_callables,
    lookup,
    supported,
    text,
    translations,
)

__all__ = [
    "DEFAULT", "LOCALES", "gettext_callables", "lookup", "render", "supported", "text",
    "translations",
]

PROBLEMS = ("problems", "labels")


def _wording(code: str, locale: str) -> str | None:
    return lookup(PROBLEMS, code, locale)


messages.use(_wording)


def render(code: str, locale: str = "vi", /, **params: Any) -> str:
    """A problem code or label key in ``locale`` (see :func:`domain.messages.render`)."""
    return messages.render(code, locale, **params)
