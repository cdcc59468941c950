"""Due dates: the date a task's hint or text names, else the period's last working day.

A named day is the due date as written ("trước ngày 25/11/2021" is due on 25/11/2021,
not the working day before it); a named month or quarter ("trong tháng 8", "Quý IV/2020")
is due on its last working day. When several dates appear, the one introduced by
"trước", then "hạn", "hoàn thành", "dự kiến", "trong"/"đến", "ngày" wins, then the first.
Not due dates: dates of legal documents ("Thông tư số 23/2013/TT-BKHCN ngày 26/9/2013"),
past days not named as deadlines, fractions ("1/2 số cửa hàng": a bare d/m needs a word
such as "ngày" or "trước" before it) and start dates ("từ ngày ..."). A range ("ngày
15-16/9/2020", "tháng 8 và tháng 9/2020") is due at its later end. In the text, a month
or quarter counts only when introduced ("trong tháng 8", "hoàn thành trước Quý IV"); in a
hint, always. A hint's date wins over the text's. A date before the period, or more than
``_GRACE`` after it, is kept with a ``due_outside_period`` notice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from domain.calendar import WorkCalendar
from domain.periods import Period, find_periods
from domain.problems import InputError, Notice
from domain.text import fold_aligned, nfc, squeeze


@dataclass(frozen=True)
class Due:
    day: date
    explicit: bool  # named by the text/hint
    notices: tuple[Notice, ...]


_DAY = re.compile(
    r"(?<![\d/.\-])\d{1,2}\s*-\s*(?P<d4>\d{1,2})/(?P<m4>\d{1,2})(?:/(?P<y4>\d{4}))?(?![\d/])"
    r"|(?<![\d/.\-])(?P<d>\d{1,2})(?P<sep>[/.\-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4})(?![\d/])"
    r"|(?<![\d/.\-])(?P<d2>\d{1,2})/(?P<m2>\d{1,2})(?![\d/])"
    r"|\bngay\s+(?P<d3>\d{1,2})\s+thang\s+(?P<m3>\d{1,2})(?:\s+nam\s+(?P<y3>\d{4}))?\b"
)
_SPAN = re.compile(
    r"\b(?:thang\s+\d{1,2}(?:\s*(?:,|va|-|den)\s*(?:thang\s+)?\d{1,2}\b)*"
    r"|quy\s+(?:iv|iii|ii|i|[1-4])\b)"
    r"(?:\s*(?:/|nam)\s*\d{4})?"
)
# Cheap tests that rule out most texts before the full patterns run.
_DAY_MARK = re.compile(r"\d[/.\-]\d")
_DAY_WORD = re.compile(r"\bngay\s+\d")
_INTRO = re.compile(r"\b(truoc|cham nhat|han|hoan thanh|xong|du kien|trong|den|ngay)\b")
_RANK = {"truoc": 0, "cham nhat": 0, "han": 1, "hoan thanh": 2, "xong": 2, "du kien": 3}
_RANK |= {"trong": 4, "den": 4, "ngay": 5}
_NONE = 6
_DOC = (
    r"thong tu|nghi dinh|quyet dinh|cong van|ke hoach|chi thi|nghi quyet|thong bao|luat"
    r"|van ban|to trinh"
)
_REF = re.compile(
    rf"(?:\b(?:{_DOC})(?:\s+lien tich)?(?:\s+so)?|\d+[-/]\S*[a-z]\S*)\s*,?\s*(?:ngay\s*)?$"
)
# A day without its year is a date only after a word that introduces one: "1/2 số cửa
# hàng", "3/5 chợ" are fractions.
BARE_DAY_INTRO = re.compile(
    r"(?:ngay|truoc|han|den|tu|vao|hoan thanh|xong|du kien|cham nhat|sang|chieu|toi|\(|-)\s*$"
)
_NUMBER_SIGN = re.compile(r"\bs[ốo]\s*$")  # "số 15/3" (not "Sở")
_START = re.compile(r"\btu\s*(?:ngay\s*)?$")
_GRACE = timedelta(days=15)  # due dates this soon after the period are not flagged
_WINDOW = 40


def due_date(
    text: str, period: Period, calendar: WorkCalendar, *, hint: str | None = None, line: int = 0
) -> Due:
    """When a task is due: a date its hint or text names, else the period's last working day."""
    best = _best(hint, period, calendar, line, spans_need_intro=False) if hint else None
    if best is None:
        best = _best(text, period, calendar, line, spans_need_intro=True)
    if best is None:
        return Due(calendar.last_working_day(period), False, ())
    notices: tuple[Notice, ...] = ()
    if best < period.start or best > period.end + _GRACE:
        params = {
            "due": best.strftime("%d/%m/%Y"),
            "text": squeeze(text)[:60],
            "line": line,
            "period": period.name("vi"),
        }
        notices = (Notice("due_outside_period", params),)
    return Due(best, True, notices)


def _best(
    source: str, period: Period, calendar: WorkCalendar, line: int, *, spans_need_intro: bool
) -> date | None:
    """The preferred due date ``source`` names, or ``None``."""
    orig = nfc(source)
    flat, lowered = _flat(orig), ""  # lowered when a day is found (most texts name none)
    found: list[tuple[int, int, date]] = []  # (rank, position, day)
    taken: list[tuple[int, int]] = []
    prev = 0
    may_name_day = _DAY_MARK.search(flat) or ("ngay" in flat and _DAY_WORD.search(flat))
    days = _DAY.finditer(flat) if may_name_day else ()
    for m in days:
        taken.append(m.span())
        prefix = flat[max(prev, m.start() - _WINDOW) : m.start()]
        prev = m.end()
        lowered = lowered or orig.lower()
        if _REF.search(prefix) or _NUMBER_SIGN.search(lowered[: m.start()]):
            continue
        if _START.search(prefix) or (m["d2"] and not BARE_DAY_INTRO.search(prefix)):
            continue
        day = _day(m, period.year, orig, line)
        if day is not None and day < period.start and _rank(prefix) >= _RANK["trong"]:
            continue  # a past day not named as a deadline: "Thông tư … ngày 26/9/2013"
        if day is not None:
            rank = min(_rank(prefix), _RANK["ngay"]) if m["d3"] else _rank(prefix)
            found.append((rank, m.start(), day))
    prev = 0
    spans = _SPAN.finditer(flat) if "thang" in flat or "quy" in flat else ()
    for m in spans:
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        rank = _rank(flat[max(prev, m.start() - _WINDOW) : m.start()])
        rank = min(rank, _RANK["den"]) if " den " in m[0] else rank  # "từ tháng 7 đến tháng 8"
        prev = m.end()
        periods = find_periods(m[0], default_year=period.year)
        if periods and (rank < _RANK["ngay"] or not spans_need_intro):
            found.append((rank, m.start(), calendar.last_working_day(max(periods, key=_end))))
    if not found and not spans_need_intro:
        periods = find_periods(orig, default_year=period.year)
        if periods:
            found.append((_NONE, 0, calendar.last_working_day(max(periods, key=_end))))
    return min(found)[2] if found else None


def _end(period: Period) -> date:
    return period.end


def _flat(text: str) -> str:
    """Folded ``text`` keeping one character per character, so positions line up."""
    return fold_aligned(text)


def _rank(prefix: str) -> int:
    """How strongly the words before a date mark it as the due date (0 strongest)."""
    cut = max(prefix.rfind(c) for c in ";()\n") + 1
    ranks = [_RANK[m[1]] for m in _INTRO.finditer(prefix[cut:])]
    return min(ranks, default=_NONE)


def _day(m: re.Match[str], year: int, orig: str, line: int) -> date | None:
    """The date a match names; raise ``bad_date`` for an impossible one."""
    d = m["d"] or m["d2"] or m["d3"] or m["d4"]
    mo, y = m["m"] or m["m2"] or m["m3"] or m["m4"], m["y"] or m["y3"] or m["y4"]
    if y is None and not (1 <= int(d) <= 31 and 1 <= int(mo) <= 12):
        return None  # "50/100": not a date at all
    try:
        return date(int(y) if y else year, int(mo), int(d))
    except ValueError:
        written = orig[m.start() : m.end()]
        written = re.sub(r"^\S+\s+", "", written) if m["d3"] else written
        raise InputError("bad_date", text=written, line=line) from None
