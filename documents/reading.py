"""Reading a programme file (.md, .txt, .docx) into the text the parser reads.

A ``.docx`` becomes Markdown-like text: paragraphs in body order, one blank line apart,
headings as ``# …``, wholly bold paragraphs as ``**…**``, list paragraphs with their
marker (``-``, ``1.``, ``I.``, ``a)``) and indented by their level, tables as pipe tables.
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
from pathlib import Path
from typing import Any

import docx
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

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


def read_document(path: Path) -> str:
    """The text of the file at ``path``; :class:`InputError` when it cannot be read as one."""
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
    return read_bytes(name, data)


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
    name = shown(name)
    _check_size(name, len(data))
    if not data.strip():
        raise InputError("empty_file", name=name)
    is_zip = data.startswith(b"PK\x03\x04")
    if name.lower().endswith(".docx") or (is_zip and b"word/document.xml" in data):
        text = _docx_text(name, data)
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
    return text


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
def _docx_text(name: str, data: bytes) -> str:
    _check_unzipped(name, data)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # a broken package fails in many ways (zip, XML, parts)
        raise InputError("bad_docx", name=name) from error
    writer = _Writer(document)
    blocks = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            blocks.append(writer.paragraph(Paragraph(child, document)))
        elif child.tag == qn("w:tbl"):
            blocks.append(writer.table(child, document))
    return "\n\n".join(block for block in blocks if block)


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

    def table(self, tbl: Any, parent: Any) -> str:
        """A pipe table; a cell merged down over rows repeats its text in each of them,
        the paragraphs of a cell are joined by ``<br>``."""
        rows: list[list[str]] = []
        above: dict[int, str] = {}  # grid column → the text of the cell a merge continues
        for tr in tbl.tr_lst:
            cells: list[str] = []
            for tc in tr.tc_lst:
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
        if not rows:
            return ""
        width = max(len(cells) for cells in rows)
        lines = ["| " + " | ".join(cells) + " |" for cells in rows]
        lines.insert(1, "|" + " --- |" * width)
        return "\n".join(lines)

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
