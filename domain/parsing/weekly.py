"""A weekly schedule (*lịch công tác tuần*): each entry a meeting on its day.

Day headings ("Thứ Hai (24/3)", "THỨ BA, NGÀY 25/3/2025") give each entry its date, half-day
headings ("SÁNG:", "CHIỀU:") its part of the day; "Thành phần:", "Địa điểm:", "Chủ trì:",
"Chuẩn bị:" lines belong to the entry above. An entry goes into the month of its day, due
that day; its day heading is its group. A layout that cannot be read with confidence (no
day heading, an entry before any day, a weekday that does not match its date, no year)
is refused with what was not understood.
"""

from __future__ import annotations

import re
from datetime import date

from domain.parsing.header import read_header
from domain.parsing.lines import Line, Row
from domain.parsing.text_rules import RECIPIENTS_HEADING, all_caps, is_signer_title
from domain.periods import Period
from domain.problems import InputError
from domain.programme import Programme, Task
from domain.text import fold, squeeze

_TITLE = re.compile(r"(?:lich (?:cong tac|lam viec)(?: cua [^\n]*)? tuan)")
_WEEKDAYS = {"thu hai": 0, "thu ba": 1, "thu tu": 2, "thu nam": 3, "thu sau": 4,
             "thu bay": 5, "chu nhat": 6}  # fmt: skip
_DAY = re.compile(
    r"(thu (?:hai|ba|tu|nam|sau|bay)|chu nhat)\b[^\d\n]{0,12}(\d{1,2})\s*/\s*(\d{1,2})"
    r"(?:\s*/\s*(\d{4}))?\)?\s*:?$"
)
_HALF = re.compile(r"(?:buoi )?(sang|chieu|toi)\s*:?$")
_TIME = re.compile(r"\d{1,2}\s*(?:h|gio)\s*\d{0,2}\b")
_ATTRIBUTE = re.compile(r"(thanh phan|dia diem|chu tri|chuan bi|moi)\s*:")
_YEAR = re.compile(r"\b\d{1,2}/\d{1,2}/(\d{4})\b|\bnam (\d{4})\b")


def is_weekly(lines: list[Line | Row]) -> bool:
    """True for a weekly schedule: its title says so."""
    head = [fold(ln.text) for ln in lines[:25] if isinstance(ln, Line) and ln.text]
    return any(_TITLE.match(text) for text in head)


def parse_weekly(lines: list[Line | Row]) -> Programme:
    """The schedule's entries as meetings, each in the month of its day, due that day."""
    plain = [ln for ln in lines if isinstance(ln, Line) and ln.text]
    first_day = next((i for i, ln in enumerate(plain) if _DAY.match(fold(ln.text))), None)
    if first_day is None:
        where = next((ln.no for ln in plain if _TITLE.match(fold(ln.text))), 1)
        raise InputError("unreadable_schedule", what="không thấy tiêu đề ngày", line=where)
    stray = next((ln for ln in plain[:first_day] if ln.bullet), None)
    if stray is not None:  # an entry before any day
        _add([], [(stray.no, stray.text)], None, "")
    head = read_header(plain[:first_day], None)
    year = _year(plain[:first_day])
    tasks: list[Task] = []
    day: date | None = None
    group, entry = "", []  # type: ignore[var-annotated]
    for ln in plain[first_day:]:
        folded = fold(ln.full)
        if RECIPIENTS_HEADING.match(folded) or is_signer_title(ln, folded):
            break
        if all_caps(ln.text) and not ln.bullet and not _DAY.match(fold(ln.text)):
            break  # "VĂN PHÒNG SỞ" signs the schedule
        if m := _DAY.match(fold(ln.text)):
            _add(tasks, entry, day, group)
            entry, day, group = [], _date(m, year, ln), squeeze(ln.text).rstrip(":")
        elif _HALF.match(folded):
            _add(tasks, entry, day, group)
            entry = []
        elif _ATTRIBUTE.match(fold(ln.text)) and entry:
            continue  # "Thành phần: …", "Địa điểm: …" describe the entry; they are no entry
        elif ln.bullet or not entry or _TIME.match(folded):
            _add(tasks, entry, day, group)
            entry = [(ln.no, ln.text)]
        else:
            entry.append((ln.no, ln.text))
    _add(tasks, entry, day, group)
    periods = tuple(sorted({t.period for t in tasks}, key=lambda p: p.sort_key))
    title = squeeze(" ".join(ln.text for ln in plain[:first_day] if _in_title(ln)))
    return Programme(title=title or head.title, periods=periods, tasks=tuple(tasks),
                     issuer=head.issuer, number=head.number, place=head.place,
                     issued_on=head.issued_on, issued_text=head.issued_text)  # fmt: skip


def _in_title(ln: Line) -> bool:
    folded = fold(ln.text)
    return bool(_TITLE.match(folded)) or folded.lstrip("(").startswith(("tu ngay", "tuan"))


def _year(lines: list[Line]) -> int:
    for ln in lines:
        if m := _YEAR.search(fold(ln.text)):
            return int(m[1] or m[2])
    raise InputError("unreadable_schedule", what="không rõ năm của lịch", line=1)


def _date(m: re.Match[str], year: int, ln: Line) -> date:
    try:
        day = date(int(m[4] or year), int(m[3]), int(m[2]))
    except ValueError:
        raise InputError("bad_date", text=ln.text, line=ln.no) from None
    if day.weekday() != _WEEKDAYS[m[1]]:
        what = f"“{squeeze(ln.text)}” không đúng thứ của ngày {day:%d/%m/%Y}"
        raise InputError("unreadable_schedule", what=what, line=ln.no)
    return day


def _add(tasks: list[Task], entry: list[tuple[int, str]], day: date | None, group: str) -> None:
    if not entry:
        return
    if day is None:
        what = f"mục “{squeeze(entry[0][1])[:60]}” không thuộc ngày nào"
        raise InputError("unreadable_schedule", what=what, line=entry[0][0])
    text = squeeze(" ".join(text for _, text in entry))
    period = Period.of("month", day)
    bullet = sum(1 for t in tasks if t.period == period) + 1
    due = f"{day:%d/%m/%Y}"
    tasks.append(Task(period, "meeting", bullet, 1, text, entry[0][0], due_hint=due, group=group))
