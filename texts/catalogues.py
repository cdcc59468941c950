"""The compiled gettext catalogues (``locales/<locale>/LC_MESSAGES/<domain>.mo``), loaded
once per process per domain and locale, and the lookup of a symbolic msgid through them.

Domains: ``cli`` (the command line), ``web`` (pages and API errors), ``problems`` (the
domain's problem codes, :mod:`domain.problems`), ``labels`` (statuses, report classes,
roles, direction actions), ``mail`` (e-mails) and ``click`` (the usage messages of
Typer's vendored click). Vietnamese is the default and the fallback of every text.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any

LOCALEDIR = Path(__file__).with_name("locales")
LOCALES = ("vi", "en")
DEFAULT = "vi"


class CataloguesNotCompiled(RuntimeError):
    """The ``.mo`` files are build output: ``make install`` compiles them."""


def supported(locale: str | None) -> str:
    """``locale`` when it is one of :data:`LOCALES`, else Vietnamese."""
    return locale if locale in LOCALES else DEFAULT


@cache
def translations(domain: str, locale: str) -> gettext.GNUTranslations:
    """The compiled catalogue of ``domain`` in ``locale`` (read once)."""
    try:
        found = gettext.translation(domain, LOCALEDIR, languages=[supported(locale)])
    except FileNotFoundError as exc:
        raise CataloguesNotCompiled(
            f"no compiled catalogue {domain!r} for {locale!r} in {LOCALEDIR}: "
            "run `make install` (or `pybabel compile -d texts/locales`)"
        ) from exc
    assert isinstance(found, gettext.GNUTranslations)
    return found


def lookup(domains: Iterable[str], key: str, locale: str) -> str | None:
    """The text of ``key`` in the first of ``domains`` that has it, in ``locale``, then in
    Vietnamese; ``None`` when no catalogue has it."""
    domains = tuple(domains)
    for wanted in dict.fromkeys((supported(locale), DEFAULT)):
        for domain in domains:
            text = translations(domain, wanted)._catalog.get(key)  # type: ignore[attr-defined]
            if text:
                return str(text)
    return None


def text(domains: Iterable[str], key: str, locale: str, /, **params: Any) -> str:
    """``key`` in ``locale`` formatted with ``params`` (``{name}`` placeholders); the key
    itself when no catalogue has it."""
    template = lookup(domains, key, locale)
    if template is None:
        return key
    return template.format(**params) if params else template


def gettext_callables(domains: Iterable[str], locale: str) -> dict[str, Callable[..., str]]:
    """What Jinja2's i18n extension calls in a template rendered in ``locale``:
    ``_("key", name=value)`` (and ``gettext``), and ``ngettext(one, other, n)``. Pass them
    in the render context, so each render has its own locale. A key ending in ``_html``
    holds markup: its values are escaped and the result is not escaped again."""
    domains = tuple(domains)

    def gettext(key: str, **params: Any) -> str:
        if key.endswith("_html"):
            from markupsafe import Markup, escape

            template = lookup(domains, key, locale) or key
            return Markup(template.format(**{k: escape(v) for k, v in params.items()}))
        return text(domains, key, locale, **params)

    def ngettext(singular: str, plural: str, n: int, **params: Any) -> str:
        return gettext(singular if n == 1 else plural, n=n, **params)

    return {"_": gettext, "gettext": gettext, "ngettext": ngettext}
