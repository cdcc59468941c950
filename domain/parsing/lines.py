"""Source lines read as :class:`Line`: Markdown marks dropped, bullet or number noted; tables."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from domain.text import fold

_HEADING_MARK = re.compile(r"^#{1,6}\s+")
_BOLD_LINE = re.compile(r"^(?:\*\*|__).*(?:\*\*|__)$")
_EMPH_OPEN = re.compile(r"(?<![\w\\])(?:\*+|_+)(?=\S)")
_EMPH_CLOSE = re.compile(r"(?<=[^\s\\])(?:\*+|_+)(?!\w)")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_BULLET = re.compile(r"^(?:([-+*•–])\s+|([-–•])(?=[^\W\d_]))")
_ROMAN = re.compile(r"^(?=[IVX])(X{0,3}(?:IX|IV|V?I{0,3}))(?:\s*[.):]|\s*[-–](?=\s))\s*")
# "1.", "12)", "1001." — but not a year opening a wrapped line ("2020. Tổ chức …").
_NUMBERED = re.compile(
    r"^(\d{1,3}|(?!(?:19|20)\d\d\D)\d{4,5})(?:[.)]|\s*[-–])\s*(?=[^\W\d_]|[(“\"])"
)
_LETTERED = re.compile(r"^([a-zđ][.)]|[A-ZĐ]\.)\s+(?=\S)")
_ROMAN_VALUE = {"I": 1, "V": 5, "X": 10}


@dataclass
class Line:
    no: int
    text: str  # marks and the bullet or number dropped; "" for a blank line
    indent: int = 0
    marked: bool = False  # a "#" heading or a wholly bold line
    bullet: str | None = None  # "-", "+", "*", "•"; "1" numbered; "a" lettered
    number: int | None = None
    roman: int | None = None
    full: str = ""  # the text with its bullet or number

    @classmethod
    def of(cls, no: int, raw: str) -> Line:
        expanded = raw.expandtabs(4)
        text, marked = _clean(expanded)
        line = cls(no, text, len(expanded) - len(expanded.lstrip()), marked, full=text)
        m = None
        if not any(ch.isalnum() for ch in text):
            line.text = ""
        elif m := _BULLET.match(text):
            line.bullet = "-" if (m[1] or m[2]) == "–" else m[1] or m[2]
        elif m := _ROMAN.match(text):
            total = 0
            for ch, nxt in zip(m[1], m[1][1:] + " ", strict=True):
                value = _ROMAN_VALUE[ch]
                total += -value if _ROMAN_VALUE.get(nxt, 0) > value else value
            line.roman = total
        elif m := _NUMBERED.match(text):
            line.bullet, line.number = "1", int(m[1])
        elif m := _LETTERED.match(text):
            line.bullet = "a"
        if m and line.text:
            line.text = text[m.end() :].strip()
        return line


def _clean(raw: str) -> tuple[str, bool]:
    """Text without Markdown marks, and whether the line was a heading or wholly bold."""
    text = (_BR.sub(" ", raw) if "<" in raw else raw).strip()
    marked = text.startswith("#") and bool(_HEADING_MARK.match(text))
    if marked:
        text = re.sub(r"\s+#+$", "", _HEADING_MARK.sub("", text))
    if "*" in text or "_" in text:  # the checks spare the common plain line a few passes
        marked = marked or bool(_BOLD_LINE.match(text))
        text = _EMPH_CLOSE.sub("", _EMPH_OPEN.sub("", text))
    if "\\" in text:
        text = _ESCAPE.sub(r"\1", text)
    return text.strip(), marked


@dataclass
class Row:
    """A task table's row: its number (STT), its content and the hints of the other cells."""

    no: int
    stt: str
    content: Line
    hints: dict[str, str | None]


_SEPARATOR = re.compile(r":?-+:?")
_HINTS = ("lead_hint", "support_hint", "due_hint")
_COLUMNS = (
    ("stt", re.compile(r"(?:so )?(?:stt|tt|so thu tu)$")),
    ("due_hint", re.compile(r"(?:thoi gian|thoi han|tien do)")),
    ("support_hint", re.compile(r".*phoi hop")),
    ("lead_hint", re.compile(r".*(?:chu tri|thuc hien)")),
    ("content", re.compile(r"(?:noi dung|nhiem vu|ten nhiem vu|cong viec)")),
)


def read_lines(source: list[tuple[int, str]]) -> Iterator[Line | Row]:
    """The (numbered) lines as :class:`Line`, with each task table's rows as :class:`Row`."""
    i = 0
    while i < len(source):
        j = i
        while j < len(source) and source[j][1].lstrip().startswith("|"):
            j += 1
        if j == i:
            yield Line.of(*source[i])
            i += 1
            continue
        yield from _table(source[i:j])
        i = j


def unrecognised_tables(source: list[tuple[int, str]]) -> list[tuple[int, list[str]]]:
    """Tables of three columns or more without a content column: (line, column names)."""
    found, i = [], 0
    while i < len(source):
        j = i
        while j < len(source) and source[j][1].lstrip().startswith("|"):
            j += 1
        rows = _rows(source[i:j]) if j > i else []
        if rows and len(rows[0][1]) >= 3 and "content" not in _columns(rows):
            found.append((rows[0][0], [_clean(cell)[0] for cell in rows[0][1]]))
        i = max(j, i + 1)
    return found


def _rows(block: list[tuple[int, str]]) -> list[tuple[int, list[str]]]:
    rows = []
    for no, line in block:
        body = line.strip()[1:]
        body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", body)]
        if not all(_SEPARATOR.fullmatch(c) for c in cells):
            rows.append((no, cells))
    return rows


def _columns(rows: list[tuple[int, list[str]]]) -> dict[str, int]:
    names = [fold(_clean(cell)[0]).strip(" :.") for cell in rows[0][1]] if rows else []
    columns: dict[str, int] = {}
    for index, name in enumerate(names):
        key = next((k for k, pattern in _COLUMNS if pattern.match(name)), None)
        if key and key not in columns:
            columns[key] = index
    return columns


def _table(block: list[tuple[int, str]]) -> Iterator[Line | Row]:
    """A task table's rows; a layout table (no content column) as plain lines."""
    rows = _rows(block)
    columns = _columns(rows)
    if "content" not in columns:  # a layout table: its cells are lines
        for no, cells in rows:
            for cell in cells:
                yield from (Line.of(no, piece) for piece in _BR.split(cell))
                yield Line(no, "")
        return
    for no, cells in rows[1:]:
        named = {k: cells[i] if i < len(cells) else "" for k, i in columns.items()}
        hints = {k: _clean(named.get(k, ""))[0] or None for k in _HINTS}
        stt = _clean(named.get("stt", ""))[0].rstrip(".")
        yield Row(no, stt, Line.of(no, named["content"]), hints)
