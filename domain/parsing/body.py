"""The pass over the body: sections and subsections, items, tasks; then recipients, signer."""

from __future__ import annotations

from dataclasses import dataclass, field

from domain.parsing.header import Header, read_header
from domain.parsing.lines import Line, Row
from domain.parsing.text_rules import (
    RECIPIENTS_HEADING,
    SIGNED,
    all_caps,
    check_dates,
    is_signer_title,
    months_within,
    opens_body,
    periods_in,
    split_sentences,
    subsection_kind,
)
from domain.periods import Period
from domain.problems import InputError
from domain.programme import Programme, Section, Task
from domain.text import fold, squeeze


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


class Parser:
    """Fed the lines one by one, header first; :meth:`finish` gives the programme."""

    def __init__(self, fallback: Period | None, split: bool) -> None:
        self.fallback, self.split = fallback, split
        self.header: list[Line] = []
        self.head: Header | None = None  # read when the body starts
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

    def feed(self, line: Line | Row) -> None:
        if isinstance(line, Line) and not line.text:
            self.after_blank = True
            return
        if self.head is None:
            if isinstance(line, Line) and not (line.roman or line.bullet or opens_body(line)):
                self.header.append(line)
                return
            self._start_body()
        if isinstance(line, Row):
            self._row(line)
        else:
            self._line(line)
        self.after_blank = False

    def finish(self) -> Programme:
        self._close()
        head = self.head or read_header(self.header, self.fallback)
        periods = head.periods or ((self.fallback,) if self.fallback else ())
        return Programme(
            title=head.title, periods=periods, tasks=tuple(self.tasks), issuer=head.issuer,
            number=head.number,
            place=head.place, issued_on=head.issued_on, issued_text=head.issued_text,
            recipients=tuple(self.recipients), signer_title=" / ".join(self.titles) or None,
            signer_name=self.name,
        )  # fmt: skip

    def _start_body(self) -> None:
        self.head = head = read_header(self.header, self.fallback)
        if not head.periods:
            if self.fallback is None:
                raise InputError("missing_period")
            self.fixed, self.current = True, self.fallback
        elif len(head.periods) == 1 or self.fallback is None:
            self.current = head.periods[0]

    def _line(self, ln: Line) -> None:
        short = len(ln.full) <= 60 or ":" in ln.full[:16]  # trailer lines are, or start so
        folded = fold(ln.full[:61]) if short else ""
        if RECIPIENTS_HEADING.match(folded):
            self._close()
            self.trailer = "recipients"
            self._recipient(ln.full.partition(":")[2])
        elif is_signer_title(ln, folded):
            self._close()
            self.trailer = "signer"
            self.titles += [ln.full] if self.name is None else []
        elif self.trailer == "recipients":
            self._recipient(ln.text)
        elif self.trailer:
            if self.name is None and not SIGNED.match(folded):
                self.name = squeeze(ln.text)
        elif ln.roman:
            self._section(ln.text, ln.roman)
        else:
            self._body_line(ln)

    def _body_line(self, ln: Line) -> None:
        item = self.item
        heading = ln.bullet in (None, "1", "a") and not ln.text.endswith(".")
        continuing = (
            item is not None and not ln.bullet and (not self.after_blank or ln.indent > item.indent)
        )
        if heading and (ln.marked or all_caps(ln.text)):
            self._subsection(subsection_kind(ln.text) or "task", ln.text)
        elif heading and not continuing and (kind := subsection_kind(ln.text)):
            self._subsection(kind, ln.text)
        elif item is not None and (continuing or self._is_sub(ln, item)):
            item.parts.append((ln.no, ln.text))
        else:
            self._close()
            if ln.bullet or not ln.text.endswith(":"):  # "…như sau:" introduces, is no task
                where = (ln.no, ln.indent, ln.bullet, ln.number)
                self.item = _Item(*where, self.current, self.kind, [(ln.no, ln.text)])

    @staticmethod
    def _is_sub(ln: Line, item: _Item) -> bool:
        return bool(ln.bullet) and (
            ln.indent > item.indent
            or (ln.bullet == "+" and item.marker != "+")
            or (ln.bullet == "a" and item.marker == "1")
        )

    def _row(self, row: Row) -> None:
        self._close()
        stt, text = row.stt, row.content.text
        plain = not any(row.hints.values())
        if self.trailer or not (stt or text):
            return
        if not text or (
            plain and not stt.isdigit() and (stt or row.content.marked or all_caps(text))
        ):
            group = Line.of(row.no, f"{stt}. {text}" if stt and text else stt or text)
            if group.roman:
                self._section(group.text, group.roman)
            else:
                self._subsection(subsection_kind(group.text) or "task", group.text)
        elif plain and (kind := subsection_kind(text)):
            self._subsection(kind, text)
        else:
            number = int(stt) if stt.isdigit() else None
            parts = [(row.no, text)]
            self._emit(_Item(row.no, 0, "1", number, self.current, self.kind, parts, row.hints))

    def _section(self, text: str, rank: int) -> None:
        self._close()
        self.kind = subsection_kind(text) or "task"  # "II. CÁC CUỘC HỌP" names its kind too
        if self.fixed:
            return
        assert self.head is not None
        own, header = periods_in(text, self.head.year), self.head.periods
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
        own = [p for p in periods_in(text, self.head.year) if p.kind != "year"]
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
            check_dates(text, no, item.period.year)
        if item.hints.get("due_hint"):
            check_dates(item.hints["due_hint"] or "", item.line, item.period.year)
        text = squeeze(" ".join(text for _, text in item.parts))
        key = (item.period, item.kind)
        bullet = self.last[key] = item.number or self.last.get(key, 0) + 1
        sentences = split_sentences(text) if self.split and not item.hints else [text]
        for part, sentence in enumerate(sentences, 1):
            periods = [item.period]
            if item.kind == "meeting":  # into each month it names inside its period
                periods = months_within(sentence, item.period) or periods
            for period in periods:
                task = Task(period, item.kind, bullet, part, sentence, item.line, **item.hints)
                self.tasks.append(task)
