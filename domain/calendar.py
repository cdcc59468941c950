"""Working days: Vietnam's public holidays (with substitutes and make-up Saturdays)
from the ``holidays`` package, plus the organisation's own days off and working days."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property, lru_cache

from domain.periods import Period


@dataclass(frozen=True)
class WorkCalendar:
    """Answers "is this a working day?" for one organisation."""

    extra_days_off: frozenset[date] = field(default_factory=frozenset)
    extra_working_days: frozenset[date] = field(default_factory=frozenset)

    @classmethod
    def from_lists(cls, days_off: Iterable[date], working_days: Iterable[date]) -> WorkCalendar:
        return cls(frozenset(days_off), frozenset(working_days))

    @cached_property
    def _national(self):  # type: ignore[no-untyped-def]
        import holidays  # imported on first use: commands that need no calendar start faster

        return holidays.country_holidays("VN", language="vi")

    def holiday_name(self, day: date) -> str | None:
        """The holiday's Vietnamese name, or ``None`` on an ordinary day."""
        return self._national.get(day)

    def is_working_day(self, day: date) -> bool:
        if day in self.extra_working_days:
            return True
        if day in self.extra_days_off:
            return False
        return bool(self._national.is_working_day(day))

    def add_working_days(self, day: date, count: int) -> date:
        """The day ``count`` working days after ``day`` (before it when negative)."""
        step = timedelta(days=1 if count >= 0 else -1)
        remaining = abs(count)
        while remaining:
            day += step
            if self.is_working_day(day):
                remaining -= 1
        return day

    def on_or_before(self, day: date) -> date:
        """``day`` itself when it is a working day, else the working day before it."""
        while not self.is_working_day(day):
            day -= timedelta(days=1)
        return day

    def last_working_day(self, period: Period) -> date:
        return _last_working_day(self, period)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` (negative if reversed)."""
        if end < start:
            return -self.working_days_between(end, start)
        return sum(
            self.is_working_day(start + timedelta(days=n)) for n in range(1, (end - start).days + 1)
        )


@lru_cache(maxsize=256)
def _last_working_day(calendar: WorkCalendar, period: Period) -> date:
    """Remembered: an import asks it once per task."""
    return calendar.on_or_before(period.end)
