"""The header before the body: number, place and issue date, title and its periods."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from domain.parsing.lines import Line
from domain.parsing.text_rules import all_caps, impossible_period, periods_in
from domain.periods import Period
from domain.problems import InputError
from domain.text import fold, squeeze

_NUMBER = re.compile(r"so\s*:")
_ISSUED = re.compile(
    r"[^,]{2,80},\s*ngay\b\s*(\d{1,2})?\s*(?:thang|/)\s*(\d{1,2})?\s*(?:nam|/)\s*(\d{4})"
)
_GROUNDS = re.compile(r"can cu|thuc hien")
_YEAR = re.compile(r"\bnam (\d{4})\b")
_DOC_TYPE = re.compile(r"(?:chuong trinh|ke hoach|lich cong tac)\b")
_ISSUER = re.compile(
    r"(?:so|ubnd|uy ban|ban|chi cuc|trung tam|phong|van phong|cuc|bo|tong cuc|vien|truong"
    r"|hoi dong|thanh tra|dang uy|tinh uy|huyen uy)\b"
)


@dataclass
class Header:
    title: str = ""
    periods: tuple[Period, ...] = ()
    year: int | None = None
    number: str | None = None
    place: str | None = None
    issued_on: date | None = None
    issued_text: str | None = None
    issuer: str | None = None


def read_header(lines: list[Line], fallback: Period | None) -> Header:
    """Read the header's lines; ``fallback`` gives the year when no issue date does."""
    head, rest = Header(), []
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
    for ln in rest[:start]:
        if all_caps(ln.text) and _ISSUER.match(fold(ln.text)):
            head.issuer = squeeze(ln.text)  # the last one: the body that issues, under its parent
    title_lines: list[Line] = []
    if start is not None:
        title = title_lines = [rest[start]]
        for ln in rest[start + 1 :]:
            if not (ln.no == title[-1].no + 1 or (ln.marked and title[-1].marked)):
                break
            title.append(ln)
        head.title = squeeze(" ".join(ln.text for ln in title))
    periods = periods_in(head.title, year)
    if not periods and (whole := _YEAR.search(fold(head.title))):  # "Công tác năm 2021"
        periods = [Period(int(whole[1]), "year")]
    # Else the first line that names a period: headings first, and not "Căn cứ …" grounds.
    others = sorted(rest, key=lambda ln: not (ln.marked or all_caps(ln.text)))
    for ln in others if not periods else ():
        if not _GROUNDS.match(fold(ln.text[:12])) and (periods := periods_in(ln.text, year)):
            head.title = head.title or squeeze(ln.text)
            break
    for ln in title_lines + ([] if periods else rest):
        written = impossible_period(ln.text)
        if written and not _GROUNDS.match(fold(ln.text[:12])):
            raise InputError("invalid_period", text=written, line=ln.no)
    head.periods = tuple(periods)
    head.year = periods[0].year if periods else year
    return head
