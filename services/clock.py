"""The one clock: every write and every decision asks it for ``now`` or ``today``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from domain.problems import InputError


@dataclass(frozen=True)
class Clock:
    """Time in the organisation's zone.

    ``source`` replaces the system clock: a fixed moment for a replay (``WORKPLAN_NOW``,
    ``--as-of``) or a clock a test moves by hand.
    """

    zone: ZoneInfo
    source: Callable[[], datetime] | None = None

    @classmethod
    def of(cls, zone: str, fixed: datetime | None = None) -> Clock:
        try:
            tz = ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise InputError("unknown_timezone", zone=zone) from exc
        return cls(tz) if fixed is None else cls(tz).at(fixed)

    def now(self) -> datetime:
        """The current moment, aware, in the organisation's zone."""
        if self.source is None:
            return datetime.now(self.zone)
        return self.local(self.source())

    def today(self) -> date:
        return self.now().date()

    def at(self, moment: datetime | date) -> Clock:
        """A clock stopped at ``moment`` (a naive time is read in the organisation's zone)."""
        if not isinstance(moment, datetime):
            moment = datetime.combine(moment, time(0))
        fixed = moment.replace(tzinfo=self.zone) if moment.tzinfo is None else moment
        return Clock(self.zone, lambda: fixed)

    def local(self, moment: datetime) -> datetime:
        """``moment`` in the organisation's zone (a naive one is taken as UTC)."""
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(self.zone)
