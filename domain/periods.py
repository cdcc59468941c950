"""Reporting periods: months, quarters, halves and years, named as documents name them."""

from __future__ import annotations

import calendar as _cal
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal, Protocol, TypeVar

from domain.problems import InputError
from domain.text import fold

Kind = Literal["month", "quarter", "half", "year"]

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
ROMAN_OF = {v: k.upper() for k, v in ROMAN.items()}
_KIND_ORDER = {"month": 0, "quarter": 1, "half": 2, "year": 3}
_EN_MONTHS = [_cal.month_name[m] for m in range(13)]


@dataclass(frozen=True, order=True)
class Period:
    """A month (index 1-12), quarter (1-4), half-year (1-2) or year (index 1)."""

    year: int
    kind: Kind
    index: int = 1

    def __post_init__(self) -> None:
        limit = {"month": 12, "quarter": 4, "half": 2, "year": 1}[self.kind]
        if not (1 <= self.index <= limit) or not (1900 <= self.year <= 2999):
            raise InputError("unknown_period", text=f"{self.kind} {self.index}/{self.year}")

    # -- construction -------------------------------------------------------
    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(year, "month", month)

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        return cls(year, "quarter", quarter)

    @classmethod
    def of(cls, kind: Kind, day: date) -> Period:
        """The period of ``kind`` that contains ``day``."""
        index = {
            "month": day.month,
            "quarter": (day.month - 1) // 3 + 1,
            "half": (day.month - 1) // 6 + 1,
            "year": 1,
        }[kind]
        return cls(day.year, kind, index)

    @classmethod
    def from_key(cls, key: str) -> Period:
        """The period of a stored key (``2020-07``, ``2020-Q3``, ``2020-H1``, ``2020``)."""
        match = _KEY.match(key.lower())
        if match is None or key != key.strip():
            raise InputError("unknown_period", text=key)
        year, month, quarter, half = (_int(g) for g in match.groups())
        assert year is not None
        if month is not None:
            return cls(year, "month", month)
        if quarter is not None:
            return cls(year, "quarter", quarter)
        if half is not None:
            return cls(year, "half", half)
        return cls(year, "year")

    # -- naming -------------------------------------------------------------
    @property
    def key(self) -> str:
        """Stable key: ``2020-07``, ``2020-Q3``, ``2020-H1``, ``2020``."""
        if self.kind == "month":
            return f"{self.year}-{self.index:02d}"
        if self.kind == "quarter":
            return f"{self.year}-Q{self.index}"
        if self.kind == "half":
            return f"{self.year}-H{self.index}"
        return str(self.year)

    def name(self, locale: str = "vi") -> str:
        """How people write it: ``tháng 7/2020``, ``Quý III/2020``; English as second locale."""
        if locale == "en":
            return {
                "month": f"{_EN_MONTHS[self.index]} {self.year}",
                "quarter": f"Q{self.index} {self.year}",
                "half": f"H{self.index} {self.year}",
                "year": str(self.year),
            }[self.kind]
        return {
            "month": f"tháng {self.index}/{self.year}",
            "quarter": f"Quý {ROMAN_OF.get(self.index, '')}/{self.year}",
            "half": f"6 tháng {'đầu' if self.index == 1 else 'cuối'} năm {self.year}",
            "year": f"năm {self.year}",
        }[self.kind]

    def __str__(self) -> str:
        return self.key

    # -- calendar -----------------------------------------------------------
    @property
    def months(self) -> tuple[int, ...]:
        span = {"month": 1, "quarter": 3, "half": 6, "year": 12}[self.kind]
        first = 1 if self.kind == "year" else (self.index - 1) * span + 1
        return tuple(range(first, first + span))

    @property
    def start(self) -> date:
        return date(self.year, self.months[0], 1)

    @property
    def end(self) -> date:
        last = self.months[-1]
        return date(self.year, last, _cal.monthrange(self.year, last)[1])

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def next(self) -> Period:
        """The period of the same kind that follows this one."""
        limit = {"month": 12, "quarter": 4, "half": 2, "year": 1}[self.kind]
        if self.index < limit:
            return Period(self.year, self.kind, self.index + 1)
        return Period(self.year + 1, self.kind, 1)

    @property
    def parent(self) -> Period | None:
        """The quarter of a month, the half of a quarter, the year of a half."""
        if self.kind == "year":
            return None
        parent_kind: Kind = {"month": "quarter", "quarter": "half", "half": "year"}[self.kind]  # type: ignore[assignment]
        return Period.of(parent_kind, self.start)

    def within(self, other: Period) -> bool:
        """True when this period lies inside ``other`` (or is it)."""
        return other.start <= self.start and self.end <= other.end

    @property
    def sort_key(self) -> tuple[date, int]:
        return (self.start, _KIND_ORDER[self.kind])


# -- parsing ----------------------------------------------------------------
_KEY = re.compile(r"^(\d{4})(?:-(?:(\d{1,2})|q([1-4])|h([12])))?$")
_TOKENS = re.compile(
    r"(?P<half>(?:6|sau)\s+thang\s+(?P<side>dau|cuoi)\s+nam(?:\s+(?P<hyear>\d{4}))?)"
    r"|(?P<quarter>quy\s+(?P<q>iv|iii|ii|i|[1-4])\b(?:\s*(?:/|nam)\s*(?P<qyear>\d{4}))?)"
    r"|(?P<months>thang\s+(?P<mlist>\d{1,2}(?:\s*(?:,|va|&|-)\s*\d{1,2}\b)*)"
    r"(?:\s*(?:/|nam)\s*(?P<myear>\d{4}))?)"
    r"|(?P<year>nam\s+(?P<y>\d{4}))"
    r"|(?P<qkey>\bq(?P<qk>[1-4])\s*[/ ]\s*(?P<qkyear>\d{4}))"
)


def find_periods(text: str, *, default_year: int | None = None) -> list[Period]:
    """All periods a text names, in order: ``tháng 7 và Quý III năm 2020`` → [2020-07, 2020-Q3].

    A period written without its year (``tháng 7 và Quý III năm 2020``) takes the next
    year the text names, else the previous one, else ``default_year``; without any, it is
    left out.
    """
    found: list[tuple[Kind, list[int], int | None]] = []
    years: list[tuple[int, int]] = []  # (position, year)
    for m in _TOKENS.finditer(fold(text)):
        if m["half"]:
            found.append(("half", [1 if m["side"] == "dau" else 2], _int(m["hyear"])))
        elif m["quarter"]:
            q = m["q"]
            found.append(("quarter", [ROMAN.get(q) or int(q)], _int(m["qyear"])))
        elif m["months"]:
            nums = [int(n) for n in re.findall(r"\d{1,2}", m["mlist"])]
            found.append(("month", nums, _int(m["myear"])))
        elif m["qkey"]:
            found.append(("quarter", [int(m["qk"])], int(m["qkyear"])))
        else:
            years.append((len(found), int(m["y"])))
            continue
        if found[-1][2] is not None:
            years.append((len(found) - 1, found[-1][2]))

    periods: list[Period] = []
    for pos, (kind, indexes, year) in enumerate(found):
        if year is None:
            after = [y for p, y in years if p >= pos]
            before = [y for p, y in years if p < pos]
            year = after[0] if after else before[-1] if before else default_year
        if year is None:
            continue
        for index in indexes:
            periods.append(Period(year, kind, index))
    return periods


def parse_period(text: str, *, default_year: int | None = None) -> Period:
    """One period from a key (``2020-Q4``) or as written (``Quý IV/2020``, ``tháng 7/2020``).

    Raises :class:`InputError` ``unknown_period`` when the text names no single period.
    """
    raw = fold(text)
    m = _KEY.match(raw)
    try:
        if m:
            year = int(m[1])
            if m[2]:
                return Period(year, "month", int(m[2]))
            if m[3]:
                return Period(year, "quarter", int(m[3]))
            if m[4]:
                return Period(year, "half", int(m[4]))
            return Period(year, "year")
        found = find_periods(text, default_year=default_year)
        if not found:
            bare = re.fullmatch(r"(?:nam\s+)?(\d{4})", raw)
            if bare:
                return Period(int(bare[1]), "year")
        if len(found) == 1:
            return found[0]
    except InputError:
        pass
    raise InputError("unknown_period", text=text)


def _int(value: str | None) -> int | None:
    return int(value) if value else None


class PeriodLike(Protocol):
    """What :func:`choose_period` needs of a stored period."""

    @property
    def key(self) -> str: ...
    @property
    def start(self) -> date: ...
    @property
    def end(self) -> date: ...
    @property
    def closed(self) -> bool: ...


P = TypeVar("P", bound=PeriodLike)


def choose_period(periods: Sequence[P], wanted: str | None, today: date) -> P | None:
    """The period asked for; else the open month (or quarter) holding today; else the
    earliest open period; else the latest one. Raises ``unknown_period`` for bad input."""
    if wanted:
        key = parse_period(wanted).key
        return next((p for p in periods if p.key == key), None)
    open_ = [p for p in periods if not p.closed]
    current = [p for p in open_ if p.start <= today <= p.end]
    if current:
        return min(current, key=lambda p: p.end - p.start)
    return open_[0] if open_ else (periods[-1] if periods else None)
