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

Fate = Literal["on_time", "late", "extension", "unfinished"]
CHANCES: tuple[tuple[Fate, float], ...] = (
    ("on_time", 0.70), ("late", 0.12), ("extension", 0.08), ("unfinished", 0.10),
)
EXTENSION_DAYS = 5  # working days asked for beyond the due date


@dataclass(frozen=True)
class Plan:
    """When an item will be finished (``None``: never, within the replay)."""

    fate: Fate
    finish_on: date | None
    ask_on: date | None = None  # the day the unit asks for an extension
    new_due: date | None = None


@dataclass
class Departments:
    """The simulated departments: their plans, who never answers, what they did."""

    seed: int
    silent: str
    plans: dict[int, Plan] = field(default_factory=dict)
    updates: int = 0
    finished: int = 0
    refused: int = 0
    extensions: int = 0
    pending: list[int] = field(default_factory=list)  # extension requests to decide

    def answer(self, rt: Runtime, calendar: WorkCalendar) -> None:
        """Today's answers: items planned for today are reported done; on the day the
        weekly request is due (Friday), the others' progress too."""
        today = rt.today()
        self._decide_extensions(rt)
        for item in _open_items(rt):
            if item.lead == self.silent or item.period.start > today:
                continue
            plan = self.plans.get(item.id) or self._plan(item, today, calendar)
            if plan.ask_on is not None and plan.ask_on <= today and plan.new_due is not None:
                self._ask_extension(rt, item, plan)
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
        elif fate == "extension":
            new_due = calendar.add_working_days(item.due, EXTENSION_DAYS)
            ask_on = max(today, calendar.add_working_days(item.due, -3))
            self.plans[item.id] = Plan(fate, calendar.add_working_days(new_due, -1), ask_on,
                                       new_due)
            return self.plans[item.id]
        else:
            finish = None
        self.plans[item.id] = Plan(fate, finish)
        return self.plans[item.id]

    def _ask_extension(self, rt: Runtime, item: ItemView, plan: Plan) -> None:
        """The lead unit asks for more time (once); leadership decides the next day."""
        from services.extensions import request_extension

        self.plans[item.id] = Plan(plan.fate, plan.finish_on)  # asked: not again
        try:
            asked = request_extension(
                rt, item_id=item.id, actor=item.lead, new_due=plan.new_due,  # type: ignore[arg-type]
                reason="Cần thêm thời gian hoàn thiện hồ sơ (mô phỏng).",
                by=f"Cán bộ {item.lead} (mô phỏng)", channel="web",
            )
        except (NotAllowed, InputError):
            self.refused += 1
            return
        if asked.extension is not None:
            self.pending.append(asked.extension.id)

    def _decide_extensions(self, rt: Runtime) -> None:
        """Leadership approves yesterday's requests."""
        from services.extensions import decide_extension

        for request_id in self.pending:
            try:
                decide_extension(rt, request_id=request_id, approve=True, note=None,
                                 by="Giám đốc Sở (mô phỏng)", channel="web")
                self.extensions += 1
            except (NotAllowed, InputError):
                self.refused += 1
        self.pending = []

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
