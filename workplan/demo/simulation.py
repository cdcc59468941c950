"""Departments' answers, simulated and deterministic for a seed: most items finished on
time, some late, a few left unfinished (carried over), and one department that never
answers. Every answer goes through :func:`services.updates.record_update`, as a page
or the API would send it."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from domain.calendar import WorkCalendar
from domain.problems import InputError
from services.runtime import Runtime
from services.updates import NotAllowed, record_update
from store.items import ItemView, list_items
from store.periods import list_periods

Fate = Literal["on_time", "late", "unfinished"]
CHANCES: tuple[tuple[Fate, float], ...] = (("on_time", 0.74), ("late", 0.14), ("unfinished", 0.12))


@dataclass(frozen=True)
class Plan:
    """When an item will be finished (``None``: never, within the replay)."""

    fate: Fate
    finish_on: date | None


@dataclass
class Departments:
    """The simulated departments: their plans, who never answers, what they did."""

    seed: int
    silent: str
    plans: dict[int, Plan] = field(default_factory=dict)
    updates: int = 0
    finished: int = 0
    refused: int = 0

    def answer(self, rt: Runtime, calendar: WorkCalendar) -> None:
        """Today's answers: items planned for today are reported done; on the day the
        weekly request is due (Friday), the others' progress too."""
        today = rt.today()
        for item in _open_items(rt):
            if item.lead == self.silent or item.period.start > today:
                continue
            plan = self.plans.get(item.id) or self._plan(item, today, calendar)
            if plan.finish_on is not None and plan.finish_on <= today:
                self._send(rt, item, status="done", progress=100, done_on=today)
            elif today.weekday() == 4 and item.status != "done":
                self._send(rt, item, status="in_progress", progress=_progress(item, plan, today))

    def _plan(self, item: ItemView, today: date, calendar: WorkCalendar) -> Plan:
        rng = random.Random(f"{self.seed}:{item.id}")
        fate = rng.choices([f for f, _ in CHANCES], [w for _, w in CHANCES])[0]
        if item.section == "meeting":
            fate = "on_time" if fate != "unfinished" else "late"
        if fate == "on_time":
            earliest = max(today, calendar.add_working_days(item.due, -10))
            span = max(calendar.working_days_between(earliest, item.due), 0)
            finish = calendar.add_working_days(earliest, rng.randint(0, span)) if span else item.due
        elif fate == "late":
            finish = calendar.add_working_days(item.due, rng.randint(1, 8))
        else:
            finish = None
        self.plans[item.id] = Plan(fate, finish)
        return self.plans[item.id]

    def _send(self, rt: Runtime, item: ItemView, **change: object) -> None:
        try:
            record_update(
                rt, item_id=item.id, actor=item.lead, by=f"Cán bộ {item.lead} (mô phỏng)",
                channel="web", **change,  # type: ignore[arg-type]
            )
        except (NotAllowed, InputError):
            self.refused += 1
            return
        self.updates += 1
        self.finished += change["status"] == "done"


def choose_silent(rt: Runtime, seed: int) -> str:
    """The department that never answers: one of those leading items, chosen by ``seed``."""
    leads = sorted({item.lead for item in _open_items(rt)})
    return leads[seed % len(leads)]


def _open_items(rt: Runtime) -> list[ItemView]:
    with rt.session() as session:
        keys = [p.key for p in list_periods(session, open_only=True)]
        items = list_items(session, periods=keys)
    return [i for i in items if i.status not in ("done", "cancelled")]


def _progress(item: ItemView, plan: Plan, today: date) -> int:
    """Progress in step with the time left until the planned finish (90 % at most)."""
    end = plan.finish_on or item.period.end
    total = max((end - item.period.start).days, 1)
    done = (today - item.period.start).days
    return max(item.progress, min(90, max(10, round(100 * done / total) // 10 * 10)))
