"""E-mails from Jinja2 templates: a subject, one-line HTML with inlined CSS, plain text.

Each kind is written once for every locale: ``<kind>.txt`` (the plain-text part, whose
``subject`` block is the subject) and ``<kind>.html``; their words come from the ``mail``
catalogue through Jinja2's i18n extension (``_("key", name=value)``, ``ngettext``), in
the recipient's locale. The context holds plain
values: dates, the dataclasses of :mod:`domain.report` (``Summary``, ``DeptCounts``,
``Overdue``, ``ItemSnapshot``), :class:`domain.periods.Period`, strings, lists, dicts.

Keys every kind reads: ``org`` (organisation name), ``today`` (date), ``departments``
(code -> name). Per kind:

- ``due-soon``: ``dept`` (code), ``items`` (ItemSnapshot), ``link`` (department page)
- ``overdue``: ``dept``, ``overdue`` (Overdue), ``link``
- ``escalation``: ``overdue`` (Overdue, any department), ``link`` (leadership board)
- ``status-request``: ``dept``, ``period``, ``items``, ``reply_by`` (date), ``link``
- ``chaser``: ``dept``, ``period``, ``items``, ``requested_on``, ``reply_by``, ``link``
- ``digest``: ``summary`` (Summary), ``period``, ``week_start``, ``week_end``, ``link``;
  optional ``done_this_week`` (ItemSnapshot)
- ``report``: ``summary``, ``period``, ``link``; optional ``carried`` (int),
  ``next_period``, ``attachment`` (file name)
- ``test``: ``server`` (host:port), ``sent_at`` (datetime)
"""

from __future__ import annotations

import logging
import re
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import (
    Environment,
    FileSystemLoader,
    StrictUndefined,
    pass_context,
    select_autoescape,
)

from domain.periods import Period, parse_period
from domain.status import REPORT_LABELS, ReportClass, label
from notifications.kinds import MAIL_KINDS, TEST_KIND
from texts import gettext_callables
from texts.formatting import day, number, percent

TEMPLATES = Path(__file__).with_name("templates")
KINDS = (*MAIL_KINDS, TEST_KIND)
LOCALES = ("vi", "en")
MAIL_DOMAINS = ("mail", "labels")


@dataclass(frozen=True)
class RenderedMail:
    subject: str
    html: str
    text: str


def render(kind: str, locale: str, context: Mapping[str, Any]) -> RenderedMail:
    """Render the mail ``kind`` in ``locale`` (unknown locales fall back to Vietnamese)."""
    if kind not in KINDS:
        raise ValueError(f"unknown mail kind {kind!r}; kinds: {', '.join(KINDS)}")
    locale = locale if locale in LOCALES else "vi"
    env = _environment()
    values = {
        **context, "locale": locale, **_helpers(locale, context),
        **gettext_callables(MAIL_DOMAINS, locale),
    }
    text_template = env.get_template(f"{kind}.txt")
    subject_block = text_template.blocks["subject"](text_template.new_context(values))
    subject = " ".join("".join(subject_block).split())
    text = _tidy_text(text_template.render(values))
    page = env.get_template(f"{kind}.html").render({**values, "subject": subject})
    return RenderedMail(subject=subject, html=one_line(inline_css(page)), text=text)


def inline_css(page: str) -> str:
    """Move the ``<style>`` rules onto the elements (what Outlook and Gmail honour)."""
    from premailer import Premailer

    return Premailer(
        page,
        keep_style_tags=False,
        strip_important=False,
        allow_network=False,
        disable_validation=True,
        cssutils_logging_level=logging.CRITICAL,
    ).transform()


_PRE = re.compile(r"(<pre\b.*?</pre>)", re.S | re.I)
_NEWLINE_RUN = re.compile(r"[ \t\r\f\v]*\n\s*")
_BLOCK_TAG = (
    r"/?(?:html|head|meta|title|style|body|table|thead|tbody|tfoot|tr|td|th|div|p|h[1-6]"
    r"|ul|ol|li|center)\b"
)
_BEFORE_BLOCK = re.compile(r">\s+<(?=" + _BLOCK_TAG + ")", re.I)
_AFTER_PRE = re.compile(r"^\s+(?=<" + _BLOCK_TAG + ")", re.I)


def one_line(page: str) -> str:
    """The same document on one line, so no mailer can turn its newlines into ``<br>``.

    A whitespace run holding a newline means one space to HTML, and none before a
    block-level tag; inside ``<pre>`` a newline is kept as the reference ``&#10;``.
    """
    parts = _PRE.split(page.replace("\r\n", "\n"))
    for i, part in enumerate(parts):
        if i % 2:
            parts[i] = part.replace("\n", "&#10;")
        else:
            part = _BEFORE_BLOCK.sub("><", _NEWLINE_RUN.sub(" ", part))
            parts[i] = _AFTER_PRE.sub("", part) if i else part
    return "".join(parts).strip()


_BULLET = re.compile(r"(\s*)(- |\d+\. |• )?")


def _tidy_text(text: str, width: int = 76) -> str:
    """Long lines wrapped under their bullet, at most one blank line in a row."""
    lines = [
        line if line == "-- " else _wrap_line(line.rstrip(), width)  # "-- ": signature
        for line in text.replace("\r\n", "\n").split("\n")
    ]
    tidy = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    return tidy + "\n"


def _wrap_line(line: str, width: int) -> str:
    if len(line) <= width:
        return line
    lead = _BULLET.match(line)
    first = lead.group(0) if lead else ""
    return wrap(line[len(first) :], width, first=first, rest=" " * len(first))


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.filters.update(
        dmy=pass_context(lambda ctx, value: day(value, ctx.get("locale", "vi"))),
        number=pass_context(lambda ctx, value: number(value, ctx.get("locale", "vi"))),
        percent=pass_context(lambda ctx, value: percent(value, ctx.get("locale", "vi"))),
        wrap=wrap, bar_text=bar_text,
    )
    return env


def _helpers(locale: str, context: Mapping[str, Any]) -> dict[str, Any]:
    names: Mapping[str, str] = context.get("departments") or {}
    return {
        "dept_name": lambda code: names.get(code, code),
        "status_label": lambda status: label(status, locale),
        "class_label": lambda klass: REPORT_LABELS[locale][ReportClass(klass)],
        "report_classes": list(ReportClass),
        "period_name": lambda period: _period(period).name(locale),
    }


def _period(period: Period | str) -> Period:
    return period if isinstance(period, Period) else parse_period(period)


def dmy(value: date | datetime | None) -> str:
    """Dates as Vietnamese documents write them: 05/08/2020 (datetimes add hh:mm)."""
    return day(value)


def wrap(text: str, width: int = 72, first: str = "", rest: str | None = None) -> str:
    """Wrap a paragraph for the plain-text part, with a bullet or indent on the first line.

    Links are never broken, even when longer than ``width``.
    """
    rest = " " * len(first) if rest is None else rest
    return (
        "\n".join(
            textwrap.wrap(
                " ".join(str(text).split()),
                width=width,
                initial_indent=first,
                subsequent_indent=rest,
                break_on_hyphens=False,
                break_long_words=False,
            )
        )
        or first.rstrip()
    )


def bar_text(percent: int, width: int = 10) -> str:
    """A progress bar in plain text: ``[######----]``."""
    filled = round(max(0, min(100, percent)) * width / 100)
    return "[" + "#" * filled + "-" * (width - filled) + "]"
