"""Periods in the database and how many items each holds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func, select
from sqlmodel import Session, col

from domain.periods import Period as DomainPeriod
from store.models import Period, WorkItem


@dataclass(frozen=True)
class PeriodView:
    key: str
    kind: str
    start: date
    end: date
    closed: bool
    items: int
    done: int

    def name(self, locale: str = "vi") -> str:
        return self.period.name(locale)

    @property
    def period(self) -> DomainPeriod:
        return DomainPeriod.from_key(self.key)



def list_periods(session: Session, *, open_only: bool = False) -> list[PeriodView]:
    """Periods in time order (a month before its quarter), with item counts."""
    done = func.sum(case((col(WorkItem.status) == "done", 1), else_=0))
    counts = {
        row.period: (row.n, row.done or 0)
        for row in session.execute(
            select(col(WorkItem.period), func.count().label("n"), done.label("done")).group_by(
                col(WorkItem.period)
            )
        )
    }
    query = select(Period)
    if open_only:
        query = query.where(col(Period.closed_at).is_(None))
    views = [
        PeriodView(
            p.key, p.kind, p.start, p.end, p.closed_at is not None, *counts.get(p.key, (0, 0))
        )
        for p in session.execute(query).scalars()
    ]
    return sorted(views, key=lambda v: v.period.sort_key)
