"""Dates, times, numbers and percentages as people read them in each locale, by Babel:
"3.000" and "45%" in Vietnamese, "3,000" in English; days and moments the way the
organisation's documents write them in both ("28/11/2026", "28/11/2026 07:40").

Babel is imported on first use, not when the CLI starts.
"""

from __future__ import annotations

from datetime import date, datetime

from texts.catalogues import supported

DAY = "dd/MM/yyyy"
MOMENT = "dd/MM/yyyy HH:mm"


def number(value: float, locale: str = "vi") -> str:
    """``3000`` → "3.000" (vi), "3,000" (en)."""
    from babel.numbers import format_decimal

    return format_decimal(value, locale=supported(locale))


def percent(value: float, locale: str = "vi") -> str:
    """A share out of 100 (``45`` → "45%"), as the locale writes it."""
    from babel.numbers import format_percent

    return format_percent(value / 100, locale=supported(locale))


def day(value: date | datetime | None, locale: str = "vi") -> str:
    """A date: "28/11/2026"; a datetime adds the time: "28/11/2026 07:40"; None: ""."""
    if value is None:
        return ""
    from babel.dates import format_date, format_datetime

    if isinstance(value, datetime):
        return format_datetime(value, MOMENT, locale=supported(locale))
    return format_date(value, DAY, locale=supported(locale))
