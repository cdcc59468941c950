"""What a line's words say: subsection kinds, signer, periods, sentences, dates."""

from __future__ import annotations

import re
from datetime import date

from domain.due import BARE_DAY_INTRO
from domain.parsing.lines import Line
from domain.periods import Period, find_periods
from domain.problems import InputError
from domain.programme import Section
from domain.text import fold, fold_aligned

_TASK_HEADING = re.compile(
    r"(?:cac )?(?:nhiem vu|cong tac|cong viec) (?:trong tam|chu yeu|cu the|thuong xuyen|khac)\b"
)
_MEETING_HEADING = re.compile(
    r"(?:cac )?cuoc hop|lich hop|(?:cac )?(?:hop|hoi nghi)\s*(?:,|va)\s*hoi (?:nghi|thao)"
)
RECIPIENTS_HEADING = re.compile(r"(?:noi nhan|ban dien tu)\s*(?::|$)")  # of a folded line
SIGNED = re.compile(r"\(?\s*(?:da )?ky\b")  # "(Đã ký)" folded, where the signature goes
_SIGNER = re.compile(
    r"(?:kt|tm|tl|q|tuq|ktl)\.\s*\S|(?:pho )?(?:giam doc|chu tich|truong|chanh van phong"
    r"|thu truong|bi thu|vien truong|cuc truong|tong giam doc)\b"
)
_DATE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?:/(\d{4}))?(?![\d/])")  # not 1-2/9
_ABBREVIATIONS = {"tp", "tx", "tt", "q", "p", "ts", "ths", "pgs", "gs", "ks", "bs", "tr", "v.v"}
_TIME_WORD = re.compile(r"\b(?:thang|quy|nam) \w")
_SENTENCE_END = re.compile(r"[.;] (?=[^\W\d_])")


def subsection_kind(text: str, folded: str | None = None) -> Section | None:
    """ "meeting" or "task" for a subsection heading that names its kind, else None
    (``folded``: the text folded already)."""
    if len(text) > 80:
        return None
    folded = (fold(text) if folded is None else folded).rstrip(":. ")
    if _MEETING_HEADING.match(folded):
        return "meeting"
    return "task" if _TASK_HEADING.match(folded) else None


def opens_body(line: Line) -> bool:
    """An unnumbered subsection heading; one that names a time is the title's second line."""
    return bool(subsection_kind(line.text)) and not _TIME_WORD.search(fold(line.text))


def all_caps(text: str) -> bool:
    """An upper-case line of two words or more (``GIÁM ĐỐC``), not an acronym."""
    words = [w for w in text.split() if any(ch.isalpha() for ch in w)]
    return len(words) >= 2 and not any(ch.islower() for ch in text)


def is_signer_title(line: Line, folded: str) -> bool:
    """``GIÁM ĐỐC``, ``KT. GIÁM ĐỐC``; ``Q. GIÁM ĐỐC`` reads as lettered, hence ``full``."""
    short_caps = line.bullet in (None, "a") and len(line.full) <= 60 and all_caps(line.full)
    return short_caps and bool(_SIGNER.match(folded))


def periods_in(text: str, year: int | None) -> list[Period]:
    """The periods the text names, each once, in order; none for a text like "tháng 13"."""
    try:
        return list(dict.fromkeys(find_periods(text, default_year=year)))
    except InputError:  # "tháng 13": not a period
        return []


_IMPOSSIBLE = re.compile(r"\b(?:thang\s+(\d{1,3})|quy\s+([ivxlc]+|\d{1,2}))\b(?:\s*/\s*\d{4})?")
_ROMAN_QUARTERS = ("i", "ii", "iii", "iv")


def impossible_period(text: str) -> str | None:
    """A month or quarter the text names that does not exist ("tháng 13", "Quý V"), as written."""
    flat = fold_aligned(text)
    for m in _IMPOSSIBLE.finditer(flat):
        month, quarter = m[1], m[2]
        bad_month = month is not None and not 1 <= int(month) <= 12
        bad_quarter = (
            quarter is not None
            and quarter not in _ROMAN_QUARTERS
            and not (quarter.isdigit() and 1 <= int(quarter) <= 4)
        )
        if bad_month or bad_quarter:
            return text[m.start() : m.end()]
    return None


def months_within(text: str, period: Period) -> list[Period]:
    """The months the text names inside ``period`` (where a meeting goes, each of them)."""
    named = periods_in(text, period.year)
    return [p for p in named if p.kind == "month" and p.within(period)]


def split_sentences(text: str) -> list[str]:
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


def check_dates(text: str, line: int, year: int, context: str = "") -> None:
    """Refuse a date that does not exist; a bare d/m only after a word introducing a date
    ("trước 31/02"), not a fraction ("1/2 số cửa hàng"). ``context`` is the text before."""
    dates = _DATE.finditer(text) if "/" in text else ()  # the pattern needs one
    for m in dates:
        day, month = int(m[1]), int(m[2])
        before = fold_aligned((context + " " + text[: m.start()])[-24:])
        if m[3] is None and not (1 <= day <= 31 and 1 <= month <= 12):
            continue  # a ratio or a number, not a date
        if m[3] is None and not BARE_DAY_INTRO.search(before):
            continue
        try:
            date(int(m[3] or year), month, day)
        except ValueError:
            raise InputError("bad_date", text=m[0], line=line) from None
