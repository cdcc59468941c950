"""Stage 3: the tree assembled from classified lines — sections, groups, items, attributes —
then the recipients (``Nơi nhận:``) and the signer."""

from __future__ import annotations

from dataclasses import dataclass, field

from domain.parsing.extract import emit
from domain.parsing.header import Header, read_header
from domain.parsing.lines import Line, Row
from domain.parsing.rules import (
    Open,
    View,
    attribute_hint,
    classify,
    no_tasks_in,
    starts_body,
    under,
)
from domain.parsing.text_rules import (
    all_caps,
    periods_in,
    subsection_kind,
)
from domain.parsing.trailer import TrailerReader
from domain.periods import Period
from domain.problems import InputError, Notice
from domain.programme import Programme, Section, Task
from domain.text import fold


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
    group: str | None = None


class Parser(TrailerReader):
    """Fed the lines one by one (with the next one), header first; :meth:`finish` gives
    the programme."""

    def __init__(self, fallback: Period | None, split: bool, skip_bad: bool = False) -> None:
        self.fallback, self.split, self.skip_bad = fallback, split, skip_bad
        self.notices: list[Notice] = []
        self.header: list[Line] = []
        self.head: Header | None = None  # read when the body starts
        self.fixed = False  # the header names no period: everything goes into ``fallback``
        self.current: Period = fallback  # type: ignore[assignment]
        self.kind: Section = "task"
        self.item: _Item | None = None
        self.group: Open | None = None
        self.after_blank = False
        self.last: dict[tuple[Period, str], int] = {}
        self.tasks: list[Task] = []
        self.recipients: list[str] = []
        self.titles: list[str] = []
        self.name: str | None = None
        self.trailer: str | None = None
        self.skipping: str | None = None

    def feed(self, line: Line | Row, nxt: Line | None) -> None:
        if isinstance(line, Line) and not line.text:
            self.after_blank = True
            return
        if self.head is None:
            if isinstance(line, Line) and not (line.roman or line.bullet or starts_body(line)):
                self.header.append(line)
                return
            self._start_body()
        if isinstance(line, Row):
            self._row(line)
        else:
            self._line(line, nxt)
        self.after_blank = False

    def finish(self) -> Programme:
        self._close()
        head = self.head or read_header(self.header, self.fallback)
        periods = head.periods or ((self.fallback,) if self.fallback else ())
        return Programme(
            title=head.title, periods=periods, tasks=tuple(self.tasks), issuer=head.issuer,
            number=head.number, place=head.place, issued_on=head.issued_on,
            issued_text=head.issued_text, recipients=tuple(self.recipients),
            signer_title=" / ".join(self.titles) or None, signer_name=self.name,
            notices=tuple(self.notices),
        )  # fmt: skip

    def _start_body(self) -> None:
        self.head = head = read_header(self.header, self.fallback)
        if not head.periods:
            if self.fallback is None:
                raise InputError("missing_period")
            self.fixed, self.current = True, self.fallback
        elif len(head.periods) == 1 or self.fallback is None:
            self.current = head.periods[0]

    def _line(self, ln: Line, nxt: Line | None) -> None:
        short = len(ln.full) <= 60 or ":" in ln.full[:16]  # trailer lines are, or start so
        folded = fold(ln.full[:80]) if short or ln.bullet in (None, "1") else ""
        item = self.item
        opened = (
            Open(item.indent, item.marker, item.parts[-1][1], item.parts[0][1]) if item else None
        )
        text_folded = fold(ln.text[:80])
        view = View(ln, folded, text_folded, self.after_blank, opened, self.group,
                    self.trailer, self.skipping, nxt)  # fmt: skip
        _, kind = classify(view)
        if kind in ("continuation", "join"):
            self.item.parts.append((ln.no, ln.text))  # type: ignore[union-attr]
        elif kind == "attribute":
            self._attribute(ln, folded)
        elif kind == "item":
            self._item(ln)
        else:
            self._close()
            getattr(self, f"_on_{kind}")(ln, folded)

    # -- what each kind of line does ------------------------------------------
    def _on_boilerplate(self, ln: Line, folded: str) -> None:
        pass

    _on_skip = _on_intro = _on_boilerplate

    def _on_section(self, ln: Line, folded: str) -> None:
        self._section(ln.text, ln.roman or 0)
        self.skipping = "section" if no_tasks_in(ln.text) else None

    def _on_heading(self, ln: Line, folded: str) -> None:
        kind = subsection_kind(ln.text)
        self._subsection(kind or "task", ln.text)
        self.skipping = "heading" if no_tasks_in(ln.text) else None
        self.group = None if kind else Open(-1, None, ln.text)

    def _on_group(self, ln: Line, folded: str) -> None:
        self.skipping = None
        self.group = Open(ln.indent, ln.bullet, ln.text)

    def _item(self, ln: Line) -> None:
        self._close()
        group = self.group
        if group is not None and not (ln.indent > group.indent or under(ln, group)):
            self.group = group = None
        self.skipping = None
        where = (ln.no, ln.indent, ln.bullet, ln.number)
        text = group.last.rstrip(" :") if group else None
        self.item = _Item(*where, self.current, self.kind, [(ln.no, ln.text)], group=text)

    def _attribute(self, ln: Line, folded: str) -> None:
        """``Chủ trì: …``, ``Thời gian: …`` under an item: its hints, not its text."""
        assert self.item is not None
        hint, value = attribute_hint(ln)
        if hint and not self.item.hints.get(hint):
            self.item.hints[hint] = value

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
        self.kind = subsection_kind(text) or "task"  # "II. CÁC CUỘC HỌP" names its kind too
        self.group = None
        if self.fixed:
            return
        assert self.head is not None
        own, header = periods_in(text, self.head.year), self.head.periods
        if own:
            self.current = own[0]
        elif 0 < rank <= len(header):
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

    def _close(self) -> None:
        if self.item is not None:
            self._emit(self.item)
            self.item = None

    def _emit(self, item: _Item) -> None:
        try:
            tasks = emit(item.period, item.kind, self._bullet(item), item.line, item.parts,
                         item.hints, item.group, self.split)  # fmt: skip
        except InputError as error:
            if not (self.skip_bad and error.code == "bad_date"):
                raise
            self.notices.append(Notice("skipped_bad_date", error.params))
            return
        self.tasks += tasks

    def _bullet(self, item: _Item) -> int:
        key = (item.period, item.kind)
        self.last[key] = item.number or self.last.get(key, 0) + 1
        return self.last[key]
