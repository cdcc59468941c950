"""Programme parser: a work programme's text → periods, tasks, recipients, signer.

``parse`` reads the Markdown or plain text that people write, or that
:mod:`workplan.documents` makes of a ``.docx``, in one pass:

* the *header* is what comes before the first section, subsection, bullet, numbered item or
  task table: the number (``Số: …``), the place and issue date, the title and the periods
  the title names (``Công tác tháng 7 và Quý III năm 2020`` → 2020-07, 2020-Q3);
* roman-numeral *sections* (``I.``, ``II -``) set the period; numbered, lettered, bold or
  ``#`` *subsection* headings set the kind: ``Các cuộc họp, hội nghị, hội thảo`` is
  "meeting", anything else "task";
* each bullet (``-`` ``+`` ``*`` ``•``), numbered item (``1.`` ``2)`` ``3-``) or plain
  paragraph of the body is an *item*; the lines that wrap it, and its sub-bullets (indented,
  or ``+`` under ``-``), continue it, joined with a space;
* a task table (``| STT | Nội dung | Chủ trì | Phối hợp | Thời hạn |``) gives one item per
  row, with the hints; any other table (the layout of header or signature) is read as lines;
* ``Nơi nhận:`` / ``Bản điện tử:`` start the recipients; a title such as ``GIÁM ĐỐC`` and the
  name after it are the signer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from domain.periods import Period, find_periods
from domain.problems import InputError, Notice
from domain.text import fold, nfc, squeeze

Section = Literal["task", "meeting"]


@dataclass(frozen=True)
class Task:
    """One task (or meeting) as the document writes it, in one period."""

    period: Period
    section: Section
    bullet: int  # 1-based number of the bullet within its period and section
    part: int  # 1-based sentence number within the bullet (1 when not split)
    text: str  # as written, Markdown marks dropped
    line: int  # 1-based source line where the bullet starts
    lead_hint: str | None = None  # a table's "Đơn vị chủ trì" cell
    support_hint: str | None = None  # a table's "Đơn vị phối hợp" cell
    due_hint: str | None = None  # a table's "Thời gian hoàn thành" cell


@dataclass(frozen=True)
class Programme:
    title: str
    periods: tuple[Period, ...]
    tasks: tuple[Task, ...]
    number: str | None = None  # "Số: /CTr-KHCN"
    place: str | None = None  # "Bắc Giang"
    issued_on: date | None = None
    issued_text: str | None = None  # "Bắc Giang, ngày tháng 6 năm 2020" as written
    recipients: tuple[str, ...] = ()
    signer_title: str | None = None
    signer_name: str | None = None
    notices: tuple[Notice, ...] = field(default=())


def parse(text: str, *, period: Period | None = None, split: bool = True) -> Programme:
    """Read a work programme.

    Periods: a section takes the period its heading names (the year from the header), else
    the header's period of the same rank (section I the first, II the second...), else
    ``period``. Items before any section take the header's period when it names one only,
    else ``period`` if given, else the header's first. When the header names no period,
    every item goes into ``period`` (``missing_period`` without it).

    A meeting whose sentence names months inside its section's period goes into each of
    those months (``kỳ tháng 7, 8, 9/2020`` in Quý III → 2020-07, 2020-08, 2020-09).
    ``bullet`` counts within the section's period and kind; ``1.`` keeps its number.

    With ``split`` a bullet becomes one task per sentence: a sentence ends at ``. `` or ``; ``
    before a capital, outside parentheses and not after an abbreviation (``TP.``, ``TS.``),
    and keeps its final mark as written. Sub-bullets and wrapped lines join their item with
    a space before the split. Table rows are never split. Dates written d/m/yyyy, or d/m
    that look like dates, must exist (``bad_date``). A text without any item gives a
    programme without tasks.
    """
    parser = _Parser(period, split)
    for line in _lines(nfc(text).replace("\ufeff", "").replace("\u00a0", " ")):
        parser.feed(line)
    return parser.finish()


# -- lines -------------------------------------------------------------------
_HEADING_MARK = re.compile(r"^#{1,6}\s+")
_BOLD_LINE = re.compile(r"^(?:\*\*|__).*(?:\*\*|__)$")
_EMPH_OPEN = re.compile(r"(?<![\w\\])(?:\*+|_+)(?=\S)")
_EMPH_CLOSE = re.compile(r"(?<=[^\s\\])(?:\*+|_+)(?!\w)")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_BULLET = re.compile(r"^(?:([-+*•–])\s+|([-–•])(?=[^\W\d_]))")
_ROMAN = re.compile(r"^(?=[IVX])(X{0,3}(?:IX|IV|V?I{0,3}))(?:\s*[.):]|\s*[-–](?=\s))\s*")
_NUMBERED = re.compile(r"^(\d{1,3})(?:[.)]|\s*[-–])\s*(?=[^\W\d_]|[(“\"])")
_LETTERED = re.compile(r"^([a-zđ][.)]|[A-ZĐ]\.)\s+(?=\S)")
_ROMAN_VALUE = {"I": 1, "V": 5, "X": 10}


@dataclass
class _Line:
    no: int
    text: str  # marks and the bullet or number dropped; "" for a blank line
    indent: int = 0
    marked: bool = False  # a "#" heading or a wholly bold line
    bullet: str | None = None  # "-", "+", "*", "•"; "1" numbered; "a" lettered
    number: int | None = None
    roman: int | None = None
    full: str = ""  # the text with its bullet or number

    @classmethod
    def of(cls, no: int, raw: str) -> _Line:
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
class _Row:
    no: int
    stt: str
    content: _Line
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


def _lines(text: str):
    """The text's lines, with each task table's rows as :class:`_Row`."""
    raw = text.splitlines()
    i = 0
    while i < len(raw):
        j = i
        while j < len(raw) and raw[j].lstrip().startswith("|"):
            j += 1
        if j == i:
            yield _Line.of(i + 1, raw[i])
            i += 1
            continue
        yield from _table(raw[i:j], i + 1)
        i = j


def _table(block: list[str], first: int):
    rows = []
    for no, line in enumerate(block, first):
        body = line.strip()[1:]
        body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", body)]
        if not all(_SEPARATOR.fullmatch(c) for c in cells):
            rows.append((no, cells))
    names = [fold(_clean(cell)[0]).strip(" :.") for cell in rows[0][1]] if rows else []
    columns: dict[str, int] = {}
    for index, name in enumerate(names):
        key = next((k for k, pattern in _COLUMNS if pattern.match(name)), None)
        if key and key not in columns:
            columns[key] = index
    if "content" not in columns:  # a layout table: its cells are lines
        for no, cells in rows:
            for cell in cells:
                yield from (_Line.of(no, piece) for piece in _BR.split(cell))
                yield _Line(no, "")
        return
    for no, cells in rows[1:]:
        cell = {k: cells[i] if i < len(cells) else "" for k, i in columns.items()}
        hints = {k: _clean(cell.get(k, ""))[0] or None for k in _HINTS}
        stt = _clean(cell.get("stt", ""))[0].rstrip(".")
        yield _Row(no, stt, _Line.of(no, cell["content"]), hints)


# -- what lines are ----------------------------------------------------------
_TASK_HEADING = re.compile(
    r"(?:cac )?(?:nhiem vu|cong tac|cong viec) (?:trong tam|chu yeu|cu the|thuong xuyen|khac)\b"
)
_MEETING_HEADING = re.compile(
    r"(?:cac )?cuoc hop|lich hop|(?:cac )?(?:hop|hoi nghi)\s*(?:,|va)\s*hoi (?:nghi|thao)"
)
_RECIPIENTS = re.compile(r"(?:noi nhan|ban dien tu)\s*(?::|$)")
_SIGNER = re.compile(
    r"(?:kt|tm|tl|q|tuq|ktl)\.\s*\S|(?:pho )?(?:giam doc|chu tich|truong|chanh van phong"
    r"|thu truong|bi thu|vien truong|cuc truong|tong giam doc)\b"
)
_SIGNED = re.compile(r"\(?\s*(?:da )?ky\b")
_NUMBER = re.compile(r"so\s*:")
_ISSUED = re.compile(
    r"[^,]{2,80},\s*ngay\b\s*(\d{1,2})?\s*(?:thang|/)\s*(\d{1,2})?\s*(?:nam|/)\s*(\d{4})"
)
_GROUNDS = re.compile(r"can cu|thuc hien")
_DOC_TYPE = re.compile(r"(?:chuong trinh|ke hoach|lich cong tac)\b")
_DATE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?:/(\d{4}))?(?![\d/])")
_ABBREVIATIONS = {"tp", "tx", "tt", "q", "p", "ts", "ths", "pgs", "gs", "ks", "bs", "tr", "v.v"}
_TIME_WORD = re.compile(r"\b(?:thang|quy|nam) \w")
_SENTENCE_END = re.compile(r"[.;] (?=[^\W\d_])")


def _subsection_kind(text: str) -> Section | None:
    if len(text) > 80:
        return None
    folded = fold(text).rstrip(":. ")
    if _MEETING_HEADING.match(folded):
        return "meeting"
    return "task" if _TASK_HEADING.match(folded) else None


def _opens_body(line: _Line) -> bool:
    """An unnumbered subsection heading; one that names a time is the title's second line."""
    return bool(_subsection_kind(line.text)) and not _TIME_WORD.search(fold(line.text))


def _caps(text: str) -> bool:
    """An upper-case line of two words or more (``GIÁM ĐỐC``), not an acronym."""
    words = [w for w in text.split() if any(ch.isalpha() for ch in w)]
    return len(words) >= 2 and not any(ch.islower() for ch in text)


def _signer_title(line: _Line, folded: str) -> bool:
    """``GIÁM ĐỐC``, ``KT. GIÁM ĐỐC``; ``Q. GIÁM ĐỐC`` reads as lettered, hence ``full``."""
    short_caps = line.bullet in (None, "a") and len(line.full) <= 60 and _caps(line.full)
    return short_caps and bool(_SIGNER.match(folded))


def _periods(text: str, year: int | None) -> list[Period]:
    try:
        return list(dict.fromkeys(find_periods(text, default_year=year)))
    except InputError:  # "tháng 13": not a period
        return []


def _sentences(text: str) -> list[str]:
    """Split at ". " / "; " before a capital, outside parentheses, not after an abbreviation."""
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        end = m.start()
        before = text[start:end]
        if not text[m.end()].isupper() or before.count("(") > before.count(")"):
            continue
        if text[end] == "." and fold(before.rsplit(" ", 1)[-1]).lstrip("(") in _ABBREVIATIONS:
            continue
        out.append(before + text[end])
        start = m.end()
    out.append(text[start:])
    return [s.strip() for s in out if s.strip()]


def _check_dates(text: str, line: int, year: int) -> None:
    """Refuse a date that does not exist; a bare d/m only when it looks like a date."""
    for m in _DATE.finditer(text):
        day, month = int(m[1]), int(m[2])
        if m[3] is None and not (1 <= day <= 31 and 1 <= month <= 12):
            continue  # a ratio or a number, not a date
        try:
            date(int(m[3] or year), month, day)
        except ValueError:
            raise InputError("bad_date", text=m[0], line=line) from None


# -- header ------------------------------------------------------------------
@dataclass
class _Header:
    title: str = ""
    periods: tuple[Period, ...] = ()
    year: int | None = None
    number: str | None = None
    place: str | None = None
    issued_on: date | None = None
    issued_text: str | None = None


def _read_header(lines: list[_Line], fallback: Period | None) -> _Header:
    head, rest = _Header(), []
    for ln in lines:
        folded = fold(ln.text)
        if head.number is None and _NUMBER.match(folded):
            head.number = ln.text
        elif head.issued_text is None and (m := _ISSUED.match(folded)):
            head.place, head.issued_text = ln.text.split(",")[0].strip(), ln.text
            head.year = int(m[3])
            if m[1] and m[2]:
                try:
                    head.issued_on = date(int(m[3]), int(m[2]), int(m[1]))
                except ValueError:
                    raise InputError("bad_date", text=ln.text, line=ln.no) from None
        elif ln.text:
            rest.append(ln)
    year = head.year or (fallback.year if fallback else None)
    start = next((i for i, ln in enumerate(rest) if _DOC_TYPE.match(fold(ln.text))), None)
    if start is not None:
        title = [rest[start]]
        for ln in rest[start + 1 :]:
            if not (ln.no == title[-1].no + 1 or (ln.marked and title[-1].marked)):
                break
            title.append(ln)
        head.title = squeeze(" ".join(ln.text for ln in title))
    periods = _periods(head.title, year)
    # Else the first line that names a period: headings first, and not "Căn cứ …" grounds.
    others = sorted(rest, key=lambda ln: not (ln.marked or _caps(ln.text)))
    for ln in others if not periods else ():
        if not _GROUNDS.match(fold(ln.text[:12])) and (periods := _periods(ln.text, year)):
            head.title = head.title or squeeze(ln.text)
            break
    head.periods = tuple(periods)
    head.year = periods[0].year if periods else year
    return head


# -- the pass ----------------------------------------------------------------
@dataclass
class _Item:
    line: int
    indent: int
    marker: str | None
    number: int | None
    period: Period
    kind: Section
    parts: list[tuple[int, str]]  # (line, text) of the item and what continues it
    hints: dict[str, str | None] = field(default_factory=dict)


class _Parser:
    def __init__(self, fallback: Period | None, split: bool) -> None:
        self.fallback, self.split = fallback, split
        self.header: list[_Line] = []
        self.head: _Header | None = None  # read when the body starts
        self.fixed = False  # the header names no period: everything goes into ``fallback``
        self.current: Period = fallback  # type: ignore[assignment]
        self.kind: Section = "task"
        self.item: _Item | None = None
        self.after_blank = False
        self.last: dict[tuple[Period, str], int] = {}
        self.tasks: list[Task] = []
        self.recipients: list[str] = []
        self.titles: list[str] = []
        self.name: str | None = None
        self.trailer: str | None = None  # "recipients" or "signer" once the tasks are over

    def feed(self, line: _Line | _Row) -> None:
        if isinstance(line, _Line) and not line.text:
            self.after_blank = True
            return
        if self.head is None:
            if isinstance(line, _Line) and not (line.roman or line.bullet or _opens_body(line)):
                self.header.append(line)
                return
            self._start_body()
        if isinstance(line, _Row):
            self._row(line)
        else:
            self._line(line)
        self.after_blank = False

    def finish(self) -> Programme:
        self._close()
        head = self.head or _read_header(self.header, self.fallback)
        periods = head.periods or ((self.fallback,) if self.fallback else ())
        return Programme(
            title=head.title, periods=periods, tasks=tuple(self.tasks), number=head.number,
            place=head.place, issued_on=head.issued_on, issued_text=head.issued_text,
            recipients=tuple(self.recipients), signer_title=" / ".join(self.titles) or None,
            signer_name=self.name,
        )  # fmt: skip

    def _start_body(self) -> None:
        self.head = head = _read_header(self.header, self.fallback)
        if not head.periods:
            if self.fallback is None:
                raise InputError("missing_period")
            self.fixed, self.current = True, self.fallback
        elif len(head.periods) == 1 or self.fallback is None:
            self.current = head.periods[0]

    def _line(self, ln: _Line) -> None:
        short = len(ln.full) <= 60 or ":" in ln.full[:16]  # trailer lines are, or start so
        folded = fold(ln.full[:61]) if short else ""
        if _RECIPIENTS.match(folded):
            self._close()
            self.trailer = "recipients"
            self._recipient(ln.full.partition(":")[2])
        elif _signer_title(ln, folded):
            self._close()
            self.trailer = "signer"
            self.titles += [ln.full] if self.name is None else []
        elif self.trailer == "recipients":
            self._recipient(ln.text)
        elif self.trailer:
            if self.name is None and not _SIGNED.match(folded):
                self.name = squeeze(ln.text)
        elif ln.roman:
            self._section(ln.text, ln.roman)
        else:
            self._body_line(ln)

    def _body_line(self, ln: _Line) -> None:
        item = self.item
        heading = ln.bullet in (None, "1", "a") and not ln.text.endswith(".")
        continuing = item is not None and not ln.bullet and (
            not self.after_blank or ln.indent > item.indent
        )
        if heading and (ln.marked or _caps(ln.text)):
            self._subsection(_subsection_kind(ln.text) or "task", ln.text)
        elif heading and not continuing and (kind := _subsection_kind(ln.text)):
            self._subsection(kind, ln.text)
        elif item is not None and (continuing or self._is_sub(ln, item)):
            item.parts.append((ln.no, ln.text))
        else:
            self._close()
            if ln.bullet or not ln.text.endswith(":"):  # "…như sau:" introduces, is no task
                where = (ln.no, ln.indent, ln.bullet, ln.number)
                self.item = _Item(*where, self.current, self.kind, [(ln.no, ln.text)])

    @staticmethod
    def _is_sub(ln: _Line, item: _Item) -> bool:
        return bool(ln.bullet) and (
            ln.indent > item.indent
            or (ln.bullet == "+" and item.marker != "+")
            or (ln.bullet == "a" and item.marker == "1")
        )

    def _row(self, row: _Row) -> None:
        self._close()
        stt, text = row.stt, row.content.text
        plain = not any(row.hints.values())
        if self.trailer or not (stt or text):
            return
        if not text or (plain and not stt.isdigit() and (stt or row.content.marked or _caps(text))):
            group = _Line.of(row.no, f"{stt}. {text}" if stt and text else stt or text)
            if group.roman:
                self._section(group.text, group.roman)
            else:
                self._subsection(_subsection_kind(group.text) or "task", group.text)
        elif plain and (kind := _subsection_kind(text)):
            self._subsection(kind, text)
        else:
            number = int(stt) if stt.isdigit() else None
            parts = [(row.no, text)]
            self._emit(_Item(row.no, 0, "1", number, self.current, self.kind, parts, row.hints))

    def _section(self, text: str, rank: int) -> None:
        self._close()
        self.kind = _subsection_kind(text) or "task"  # "II. CÁC CUỘC HỌP" names its kind too
        if self.fixed:
            return
        assert self.head is not None
        own, header = _periods(text, self.head.year), self.head.periods
        if own:
            self.current = own[0]
        elif rank <= len(header):
            self.current = header[rank - 1]
        elif self.fallback is not None:
            self.current = self.fallback

    def _subsection(self, kind: Section, text: str) -> None:
        self._close()
        self.kind = kind
        assert self.head is not None
        own = [p for p in _periods(text, self.head.year) if p.kind != "year"]
        if not self.fixed and len(own) == 1:
            self.current = own[0]

    def _recipient(self, text: str) -> None:
        text = text.strip().lstrip("-–•+* ").rstrip(" ;.,")
        if text:
            self.recipients.append(squeeze(text))

    def _close(self) -> None:
        if self.item is not None:
            self._emit(self.item)
            self.item = None

    def _emit(self, item: _Item) -> None:
        for no, text in item.parts:
            _check_dates(text, no, item.period.year)
        if item.hints.get("due_hint"):
            _check_dates(item.hints["due_hint"] or "", item.line, item.period.year)
        text = squeeze(" ".join(text for _, text in item.parts))
        key = (item.period, item.kind)
        bullet = self.last[key] = item.number or self.last.get(key, 0) + 1
        sentences = _sentences(text) if self.split and not item.hints else [text]
        for part, sentence in enumerate(sentences, 1):
            for period in self._spread(sentence, item):
                task = Task(period, item.kind, bullet, part, sentence, item.line, **item.hints)
                self.tasks.append(task)

    def _spread(self, sentence: str, item: _Item) -> list[Period]:
        """A meeting goes into each month it names inside its period."""
        if item.kind != "meeting":
            return [item.period]
        named = _periods(sentence, item.period.year)
        return [p for p in named if p.kind == "month" and p.within(item.period)] or [item.period]
