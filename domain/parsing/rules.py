"""Stage 2: what each line of the body is, decided by a table of named rules.

The first rule of :data:`RULES` that holds for a line decides its kind; the assembler
(:mod:`domain.parsing.body`) acts on the kind alone. A new layout is a new rule (and its
test), and a line's rule name says why it was read as it was.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from domain.parsing.lines import Line
from domain.parsing.text_rules import (
    RECIPIENTS_HEADING,
    all_caps,
    is_signer_title,
    opens_body,
    subsection_kind,
)
from domain.text import fold

Kind = Literal[
    "recipients", "signer", "recipient", "signer_name", "restart", "boilerplate", "skip",
    "section", "heading", "group", "attribute", "intro", "continuation", "join", "item",
]  # fmt: skip


@dataclass
class Open:
    """The item being read: where it started and how it was marked."""

    indent: int
    marker: str | None
    last: str  # the text of its last line
    first: str = ""  # the text of its first line, when it has several


@dataclass
class View:
    """What a rule sees of a line: the line, its folded start, and the reader's state."""

    line: Line
    folded: str
    text_folded: str  # the text without its marker, folded (its first 80 characters)
    after_blank: bool
    item: Open | None
    group: Open | None  # the heading the current items stand under
    trailer: str | None  # "recipients" or "signer" once the tasks are over
    skipping: str | None  # "section", "heading" (a part without tasks), "preamble"
    next: Line | None  # the next line that is not blank


_BOILERPLATE = re.compile(
    r"(?:dieu \d+\s*[.:]|can cu\b|xet de nghi|quyet dinh\s*:?$|theo de nghi cua"
    r"|.*co hieu luc (?:thi hanh )?(?:ke )?tu ngay|.*chiu trach nhiem thi hanh"
    r"|\(?ban hanh kem theo)"
)
_NO_TASKS = re.compile(
    r"(?:muc dich|yeu cau|muc tieu|can cu|to chuc thuc hien|kinh phi thuc hien|danh gia"
    r"|ket qua thuc hien|tinh hinh thuc hien)\b"
)
_ATTACHMENT = re.compile(r"(?:ke hoach|chuong trinh|danh muc|phu luc|lich cong tac)\b")
ATTRIBUTE = re.compile(
    r"(?P<key>don vi chu tri|chu tri|don vi phoi hop|phoi hop|thoi gian hoan thanh|thoi gian"
    r"|thoi han|thanh phan|dia diem|san pham)\s*:\s*(?P<value>.*)$"
)
_TERMINAL = (".", ";", "!", "?", ":", "./.")


def _is_sub(ln: Line, parent: Open) -> bool:
    """A marked line one level under ``parent`` (deeper, ``+`` under ``-``, ``a)`` under 1.)."""
    if not ln.bullet:
        return False
    if ln.indent > parent.indent or (ln.bullet == "+" and parent.marker != "+"):
        return True
    if ln.bullet == "a" and parent.marker == "1":
        return True
    open_ended = not (parent.first or parent.last).endswith((".", ";", "!", "?"))
    return ln.bullet in ("-", "*", "•") and parent.marker == "1" and open_ended


def _attachment(v: View) -> bool:
    """A document title after the signature: the task list a decision attaches."""
    return all_caps(v.line.text) and bool(_ATTACHMENT.match(v.folded))


def _capital(text: str) -> bool:
    return text[:1].isupper()


def _opens_group(v: View) -> bool:
    """A line without a final period whose next line is a capitalised item under it."""
    ln, nxt = v.line, v.next
    if nxt is None or ln.text.endswith(".") or not _capital(nxt.text):
        return False
    if v.item is not None and not (ln.bullet or v.after_blank):  # a wrapped line goes on
        return False
    if not ln.bullet and ln.text.endswith(":") and nxt.bullet:  # "Công tác đo lường gồm:"
        return len(ln.text) <= 80
    return _is_sub(nxt, Open(ln.indent, ln.bullet or None, ln.text))


def _heading(v: View) -> bool:
    ln = v.line
    plain_heading = ln.bullet in (None, "1", "a") and not ln.text.endswith(".")
    if plain_heading and (ln.marked or all_caps(ln.text)):
        return True
    continuing = v.item is not None and not ln.bullet and not v.after_blank
    return plain_heading and not continuing and bool(subsection_kind(ln.text, v.text_folded))


def _continues(v: View) -> bool:
    ln, item = v.line, v.item
    if item is None or ln.bullet:
        return False
    if not v.after_blank or ln.indent > item.indent:
        return True
    return ln.text[:1].islower() and not item.last.endswith(_TERMINAL)  # cut by a page break


Rule = tuple[str, Kind, Callable[[View], bool]]
RULES: tuple[Rule, ...] = (
    ("recipients heading", "recipients", lambda v: bool(RECIPIENTS_HEADING.match(v.folded))),
    ("signer title", "signer", lambda v: is_signer_title(v.line, v.folded)),
    ("attachment title", "restart", lambda v: v.trailer is not None and _attachment(v)),
    ("recipient list", "recipient", lambda v: v.trailer == "recipients"),
    ("signer name", "signer_name", lambda v: v.trailer == "signer"),
    ("legal boilerplate", "boilerplate", lambda v: bool(_BOILERPLATE.match(v.folded))),
    ("roman section", "section", lambda v: bool(v.line.roman)),
    ("attachment head", "skip", lambda v: v.skipping == "preamble" and not v.line.bullet),
    ("section without tasks", "skip", lambda v: v.skipping == "section"),
    ("part without tasks", "skip", lambda v: v.skipping == "heading" and not _heading(v)),
    ("attribute line", "attribute",
     lambda v: v.item is not None and bool(ATTRIBUTE.match(v.text_folded))),
    ("heading", "heading", _heading),
    ("group heading", "group", _opens_group),
    ("continued line", "continuation", _continues),
    ("enumeration under an item", "join",
     lambda v: v.item is not None and _is_sub(v.line, v.item) and not _capital(v.line.text)),
    ("introduction", "intro", lambda v: not v.line.bullet and v.line.text.endswith(":")),
    ("item", "item", lambda v: True),
)  # fmt: skip


def classify(v: View) -> tuple[str, Kind]:
    """The name of the first rule that holds for the line, and the kind it gives."""
    for name, kind, test in RULES:
        if test(v):
            return name, kind
    raise AssertionError("the last rule holds for every line")


def no_tasks_in(text: str) -> bool:
    """A section whose heading says it holds no tasks ("III. TỔ CHỨC THỰC HIỆN")."""
    return bool(_NO_TASKS.match(fold(text)))


HINT_OF = {"chu tri": "lead_hint", "don vi chu tri": "lead_hint", "phoi hop": "support_hint",
            "don vi phoi hop": "support_hint", "thoi gian": "due_hint", "thoi han": "due_hint",
            "thoi gian hoan thanh": "due_hint"}  # fmt: skip


def attribute_hint(ln: Line) -> tuple[str | None, str | None]:
    """The hint an attribute line gives its item ("Đơn vị chủ trì: …" → lead), and its value."""
    m = ATTRIBUTE.match(fold(ln.text[:40]))
    hint = HINT_OF.get(m["key"]) if m else None
    return hint, ln.text.partition(":")[2].strip(" .;") or None


def under(ln: Line, group: Open) -> bool:
    """A marked line that stays under the group heading."""
    return bool(ln.bullet) and (ln.bullet != group.marker or group.marker is None)


def starts_body(ln: Line) -> bool:
    """A line that ends the header: a subsection heading, ``Nơi nhận:``, ``Điều 1.``."""
    if opens_body(ln):
        return True
    folded = fold(ln.full[:40])
    return bool(RECIPIENTS_HEADING.match(folded)) or folded.startswith("dieu 1")
