"""Reading a programme file (.md, .txt, .docx) into the text the parser reads.

A ``.docx`` becomes Markdown-like text: paragraphs in body order, one blank line apart,
headings as ``# …``, wholly bold paragraphs as ``**…**``, list paragraphs with their
marker (``-``, ``1.``, ``I.``, ``a)``) and indented by their level, tables as pipe tables;
paragraphs, rows and cells inside content controls (``w:sdt``) are read where they stand.
Each line of that text knows where it came from (:class:`~domain.parsing.places.Place`:
the document's n-th paragraph with text, or table t's row r), so that warnings name it.
Other files are text in UTF-8 (with or without BOM) or Windows-1258.

Before anything is parsed: the path must be a regular file that can be read (not a
directory, a pipe or a device), at most :data:`LIMIT_MB` MB, read in a bounded read
whatever its stated size; a ``.docx`` (a zip) must unzip to at most
:data:`UNZIPPED_LIMIT_MB` MB, checked on the sizes its directory declares and then on
the bytes it really holds, before python-docx opens it. Names shown in messages have
their control characters (ANSI escapes) made visible, never sent to the terminal.
"""

from __future__ import annotations

import errno
import io
import math
import re
import stat
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import docx
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from domain.parsing.places import Place
from domain.problems import InputError
from domain.text import nfc, squeeze

LIMIT_MB = 10
UNZIPPED_LIMIT_MB = 50
_LIMIT = LIMIT_MB * 1024 * 1024
_UNZIPPED_LIMIT = UNZIPPED_LIMIT_MB * 1024 * 1024
_ZIP_MEMBERS = 2000  # a document has a few dozen parts
_BINARY_MAGIC = (  # PDF, Word 97-2003, PNG, JPEG, GIF, gzip, RAR
    b"%PDF", b"\xd0\xcf\x11\xe0", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b", b"Rar!",
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def shown(name: str) -> str:
    """A file name as it may be printed: control characters as ``\\x1b`` and the like."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m[0]):02x}", name)


class Read(NamedTuple):
    """A document's text, and where each of its lines was in the original (a ``.docx``;
    empty for a text file, whose lines are its own)."""

    text: str
    places: dict[int, Place]


def read_document(path: Path) -> str:
    """The text of the file at ``path``; :class:`InputError` when it cannot be read as one."""
    return read_placed(path).text


def read_placed(path: Path) -> Read:
    """:func:`read_document`, with where each line of the text was in the document."""
    name = shown(path.name)
    try:
        info = path.stat()
    except OSError as exc:
        raise _problem(exc, shown(str(path))) from None
    if not stat.S_ISREG(info.st_mode):
        raise InputError("not_a_file", name=shown(str(path)))
    _check_size(name, info.st_size)
    try:
        with path.open("rb") as file:
            data = file.read(_LIMIT + 1)  # /proc files say 0 bytes: never trust the size
    except OSError as exc:
        raise _problem(exc, name) from None
    return read_bytes_placed(name, data)


def _problem(exc: OSError, name: str) -> InputError:
    if exc.errno in (errno.ENOENT, errno.ENOTDIR, errno.ENAMETOOLONG, errno.ELOOP):
        return InputError("file_not_found", name=name)
    if exc.errno in (errno.EACCES, errno.EPERM):
        return InputError("file_unreadable", name=name)
    if exc.errno == errno.EISDIR:
        return InputError("not_a_file", name=name)
    return InputError("file_read_error", name=name)


def read_bytes(name: str, data: bytes) -> str:
    """The text of a file called ``name`` holding ``data`` (also for web uploads)."""
    return read_bytes_placed(name, data).text


def read_bytes_placed(name: str, data: bytes) -> Read:
    """:func:`read_bytes`, with where each line of the text was in the document."""
    name = shown(name)
    places: dict[int, Place] = {}
    _check_size(name, len(data))
    if not data.strip():
        raise InputError("empty_file", name=name)
    is_zip = data.startswith(b"PK\x03\x04")
    if name.lower().endswith(".docx") or (is_zip and b"word/document.xml" in data):
        text, places = _docx_text(name, data)
    elif is_zip or data.startswith(_BINARY_MAGIC):
        raise InputError("binary_file", name=name)
    elif _utf16(data):
        raise InputError("utf16_file", name=name)
    elif b"\x00" in data:
        raise InputError("binary_file", name=name)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1258")  # tones as combining marks: NFC composes them
            except UnicodeDecodeError:
                raise InputError("undecodable_file", name=name) from None
    text = nfc(text)
    if not text.strip():
        raise InputError("empty_file", name=name)
    return Read(text, places)


def _utf16(data: bytes) -> bool:
    """A UTF-16 text: its byte-order mark, or a NUL in every other byte."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    sample = data[:4096]
    nuls = max(sample[0::2].count(0), sample[1::2].count(0))
    return len(sample) >= 16 and nuls > len(sample) // 3


def _check_size(name: str, size: int) -> None:
    if size > _LIMIT:
        raise InputError("file_too_large", name=name, size=_megabytes(size), limit=LIMIT_MB)


def _megabytes(size: int) -> float:
    return math.ceil(size / (1024 * 1024) * 10) / 10


# -- .docx --------------------------------------------------------------------
def _docx_text(name: str, data: bytes) -> tuple[str, dict[int, Place]]:
    """The document's text, and the place of each of its lines (numbered from 1)."""
    _check_unzipped(name, data)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # a broken package fails in many ways (zip, XML, parts)
        raise InputError("bad_docx", name=name) from error
    writer = _Writer(document)
    blocks: list[str] = []
    places: dict[int, Place] = {}
    line, paragraphs, tables = 1, 0, 0
    for child in _within_controls(document.element.body, (qn("w:p"), qn("w:tbl"))):
        if child.tag == qn("w:p"):
            text = writer.paragraph(Paragraph(child, document))
            paragraphs += 1 if text else 0
            rows = [paragraphs] * (text.count("\n") + 1)
        else:
            tables += 1
            text, rows = writer.table(child, document)
        if not text:
            continue
        for n, origin in enumerate(rows):
            number = line + n
            places[number] = (
                Place.paragraph(number, origin)
                if child.tag == qn("w:p")
                else Place.table_row(number, tables, origin)
            )
        blocks.append(text)
        line += len(rows) + 1  # and the blank line between blocks
    return "\n\n".join(blocks), places


_CONTROL_CONTENT = (qn("w:sdt"), qn("w:sdtContent"))


def _within_controls(parent: Any, tags: tuple[str, ...]) -> Iterator[Any]:
    """The children of ``parent`` with one of ``tags``, those inside block-level content
    controls (``w:sdt`` / ``w:sdtContent``) in their place among them."""
    for child in parent.iterchildren():
        if child.tag in tags:
            yield child
        elif child.tag in _CONTROL_CONTENT:
            yield from _within_controls(child, tags)


def _check_unzipped(name: str, data: bytes) -> None:
    """Refuse a zip that would unzip to more than the limit (a zip bomb), by the sizes it
    declares and then by the bytes it really gives, read in bounded chunks."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            members = package.infolist()
            declared = sum(member.file_size for member in members)
            if len(members) > _ZIP_MEMBERS:
                raise InputError("bad_docx", name=name)
            if declared > _UNZIPPED_LIMIT:
                raise _too_large_inside(name, declared)
            budget = _UNZIPPED_LIMIT
            for member in members:
                with package.open(member) as part:
                    while chunk := part.read(1024 * 1024):
                        budget -= len(chunk)
                        if budget < 0:
                            raise _too_large_inside(name, _UNZIPPED_LIMIT - budget)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError):
        raise InputError("bad_docx", name=name) from None
    except RuntimeError:  # an encrypted member
        raise InputError("bad_docx", name=name) from None


def _too_large_inside(name: str, size: int) -> InputError:
    return InputError(
        "docx_too_large_inside", name=name, size=_megabytes(size), limit=UNZIPPED_LIMIT_MB
    )


class _Writer:
    def __init__(self, document: Any) -> None:
        try:
            self.numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError):  # no numbering part
            self.numbering = None
        self.counts: dict[str, list[int]] = {}  # numId → count per level

    def paragraph(self, paragraph: Paragraph) -> str:
        pieces = [squeeze(piece) for piece in _accepted_text(paragraph._p).split("\n")]
        pieces = [piece for piece in pieces if piece]
        if not pieces:
            return ""
        marker, indent = self._marker(paragraph)
        if marker:
            pieces[0] = f"{marker} {pieces[0]}"
        style = paragraph.style.name if paragraph.style is not None else ""
        if style.startswith(("Heading", "Title")):
            return "\n".join(f"# {piece}" for piece in pieces)
        if _bold(paragraph):
            pieces = [f"**{piece}**" for piece in pieces]
        return "\n".join(indent + piece for piece in pieces)

    def table(self, tbl: Any, parent: Any) -> tuple[str, list[int]]:
        """A pipe table, and the row (from 1, as in the document) each of its lines shows;
        a cell merged down over rows repeats its text in each of them, the paragraphs of
        a cell are joined by ``<br>``."""
        rows: list[list[str]] = []
        numbers: list[int] = []
        above: dict[int, str] = {}  # grid column → the text of the cell a merge continues
        for number, tr in enumerate(_within_controls(tbl, (qn("w:tr"),)), 1):
            cells: list[str] = []
            for tc in _within_controls(tr, (qn("w:tc"),)):
                column = len(cells)
                if tc.vMerge == "continue":
                    text = above.get(column, "")
                else:
                    lines = [self.paragraph(Paragraph(p, parent)).replace("\n", "<br>")
                             for p in tc.iter(qn("w:p"))]  # fmt: skip
                    text = "<br>".join(line for line in lines if line).replace("|", "\\|")
                above[column] = text
                cells += [text] + [""] * (tc.grid_span - 1)
            if any(cells):
                rows.append(cells)
                numbers.append(number)
        if not rows:
            return "", []
        width = max(len(cells) for cells in rows)
        lines = ["| " + " | ".join(cells) + " |" for cells in rows]
        lines.insert(1, "|" + " --- |" * width)
        numbers.insert(1, numbers[0])  # the separator line: the heading row's
        return "\n".join(lines), numbers

    def _marker(self, paragraph: Paragraph) -> tuple[str, str]:
        """The list marker (``-``, ``3.``, ``II.``, ``b)``) and indent of a list paragraph."""
        num_pr: Any = None
        style = paragraph.style
        ppr = paragraph._p.pPr
        if ppr is not None and ppr.numPr is not None:
            num_pr = ppr.numPr
        while num_pr is None and style is not None:
            spr = style.element.pPr
            num_pr = spr.numPr if spr is not None else None
            style = style.base_style
        if num_pr is None or num_pr.numId is None or not num_pr.numId.val:
            return "", ""
        num_id = str(num_pr.numId.val)
        level = min(num_pr.ilvl.val, 8) if num_pr.ilvl is not None else 0
        fmt, start, left = self._level(num_id, level)
        counts = self.counts.setdefault(num_id, [0] * 9)
        counts[level] = (counts[level] or start - 1) + 1
        counts[level + 1 :] = [0] * (8 - level)
        n = counts[level]
        indent = " " * (left // 180 if left else 2 * level)
        marker = {
            "bullet": "-",
            "none": "",
            "upperRoman": f"{_roman(n)}.",
            "lowerRoman": f"{_roman(n).lower()}.",
            "upperLetter": f"{chr(64 + min(n, 26))}.",
            "lowerLetter": f"{chr(96 + min(n, 26))})",
        }.get(fmt, f"{n}.")
        return marker, indent

    def _level(self, num_id: str, level: int) -> tuple[str, int, int]:
        """Format, start and left indent (twips) of a numbering level."""
        abstract = [] if self.numbering is None else self.numbering.xpath(
            f'w:num[@w:numId="{num_id}"]/w:abstractNumId/@w:val'
        )
        if not abstract:
            return "bullet", 1, 0
        lvl = f'w:abstractNum[@w:abstractNumId="{abstract[0]}"]/w:lvl[@w:ilvl="{level}"]'
        fmt, start, left = (
            self.numbering.xpath(f"{lvl}/{path}")
            for path in ("w:numFmt/@w:val", "w:start/@w:val", "w:pPr/w:ind/@w:left")
        )
        return (fmt or ["bullet"])[0], int((start or [1])[0]), int((left or [0])[0])


_SKIPPED = {qn("w:del"), qn("w:moveFrom")}  # tracked deletions: the accepted text lacks them
_TEXT = {qn("w:t"): None, qn("w:tab"): " ", qn("w:br"): "\n", qn("w:cr"): "\n"}


def _accepted_text(element: Any) -> str:
    """A paragraph's text as if its tracked changes were accepted, content controls and
    hyperlinks included."""
    out: list[str] = []

    def walk(node: Any) -> None:
        for child in node.iterchildren():
            if child.tag in _SKIPPED:
                continue
            if child.tag in _TEXT:
                out.append(_TEXT[child.tag] or child.text or "")
            else:
                walk(child)

    walk(element)
    return "".join(out)


def _bold(paragraph: Paragraph) -> bool:
    style_bold = bool(paragraph.style is not None and paragraph.style.font.bold)
    runs = [run for run in paragraph.runs if run.text.strip()]
    return bool(runs) and all(style_bold if run.bold is None else run.bold for run in runs)


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out
