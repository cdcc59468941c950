"""Typer's usage messages ("Missing option", "No such option", "Usage:", "Show this message
and exit.") in the CLI's locale, from the ``click`` catalogue.

Typer vendors click as ``typer._click``: its few ``gettext`` calls (panel titles such as
"Options", "Commands", "Missing command.") read ``typer.core._``, and its other messages
are English f-strings. :func:`install` points the first at the catalogue and matches the
second against the catalogue's msgids — click's English wording with ``{name}`` where a
value goes — as they are printed. Nothing is loaded until a message is printed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any

from texts.catalogues import supported, translations

DOMAIN = "click"


@cache
def _patterns(locale: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    """Each msgid of the catalogue with a placeholder as a regular expression, longest
    first, with its translation."""
    catalogue: dict[str, str] = translations(DOMAIN, locale)._catalog  # type: ignore[attr-defined]
    found = []
    for msgid, msgstr in catalogue.items():
        if isinstance(msgid, str) and msgid and "{" in msgid and msgstr:
            parts = re.split(r"\{(\w+)\}", msgid)
            regex = "".join(
                f"(?P<{part}>.+?)" if i % 2 else re.escape(part) for i, part in enumerate(parts)
            )
            found.append((re.compile(regex + r"\Z", re.S), msgstr))
    return tuple(sorted(found, key=lambda pair: -len(pair[0].pattern)))


def translate(line: str, locale: str) -> str:
    """``line`` as click prints it, in ``locale`` when the catalogue knows its wording."""
    catalogue = translations(DOMAIN, locale)
    whole = catalogue._catalog.get(line)  # type: ignore[attr-defined]
    if whole:
        return str(whole)
    for pattern, words in _patterns(locale):
        match = pattern.match(line)
        if match:
            values = {k: translate(v, locale) for k, v in match.groupdict().items()}
            return words.format(**values)
    return line


def translate_text(text: str, locale: str) -> str:
    """Every line of ``text`` translated on its own (indentation kept)."""
    lines = []
    for line in text.split("\n"):
        body = line.lstrip(" ")
        lines.append(line[: len(line) - len(body)] + translate(body, locale) if body else line)
    return "\n".join(lines)


def install(current_locale: Callable[[], str]) -> None:
    """Print Typer's own messages in the locale ``current_locale()`` names when they are
    printed (Vietnamese unless ``en``)."""
    import typer.core
    from typer._click import core, exceptions, formatting

    def tr(message: str) -> str:
        return translate(message, supported(current_locale()))

    typer.core._ = tr

    echo: Callable[..., None] = exceptions.echo

    def translated_echo(message: Any = None, *args: Any, **kwargs: Any) -> None:
        if isinstance(message, str):
            message = translate_text(message, supported(current_locale()))
        echo(message, *args, **kwargs)

    exceptions.echo = translated_echo

    write_usage = formatting.HelpFormatter.write_usage

    def usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        write_usage(self, prog, args, tr("Usage: ") if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = usage  # type: ignore[method-assign]

    help_option = core.Command.get_help_option

    def translated_help_option(self: Any, ctx: Any) -> Any:
        option = help_option(self, ctx)
        if option is not None and option.help:
            option.help = tr(option.help)
        return option

    core.Command.get_help_option = translated_help_option  # type: ignore[method-assign]
