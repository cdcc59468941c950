"""From a parsed programme to the work items an import will create.

Routing picks the departments, the due-date rules the deadline; tasks repeated in one
period are merged (with a notice) and a month task that repeats a task of its quarter
is linked to it (``part_of``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from domain.due import due_date
from domain.organisation import Organisation
from domain.periods import Period
from domain.problems import InputError, Notice
from domain.programme import Programme, Section, Task
from domain.routing import Assignment, assign, find_department
from domain.text import fold_spaced
from domain.unit_names import units_of

_PERIOD_WORDS = re.compile(
    r"\b(?:ky\s+)?thang\s+\d{1,2}(?:\s*(?:,|va|&|-)\s*\d{1,2})*(?:\s*/\s*\d{4})?"
)
_PUNCT = re.compile(r"[^\w\s]")


class _Blanks(dict[int, str]):
    """A ``str.translate`` table blanking out punctuation (what :data:`_PUNCT` matches),
    worked out per character on first sight; on ASCII text it runs at C speed."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        self[code] = value = " " if _PUNCT.match(ch) else ch
        return value


_BLANKS = _Blanks()


@dataclass(frozen=True)
class PlannedItem:
    period: Period
    section: Section
    bullet: int
    part: int
    text: str
    line: int
    lead: str
    support: tuple[str, ...]
    due: date
    part_of: int | None = None  # index (in Plan.items) of the quarter item this one is part of
    key: str = ""  # same_task_key(text), worked out once

    def as_json(self) -> dict[str, object]:
        """The item as ``import --dry-run --json`` prints it (no id yet)."""
        return {
            "period": self.period.key,
            "section": self.section,
            "bullet": self.bullet,
            "text": self.text,
            "lead": self.lead,
            "support": list(self.support),
            "due": self.due.isoformat(),
            "status": "not_started",
            "progress": 0,
            "part_of": self.part_of,
            "carried_from": None,
        }


@dataclass(frozen=True)
class Plan:
    programme: Programme
    items: tuple[PlannedItem, ...]
    notices: tuple[Notice, ...]

    def with_notices(self, extra: tuple[Notice, ...]) -> Plan:
        """The same plan with ``extra`` notices after its own."""
        return replace(self, notices=self.notices + extra) if extra else self

    @property
    def periods(self) -> tuple[Period, ...]:
        """Every period the import touches: the header's and the items'."""
        found = set(self.programme.periods) | {item.period for item in self.items}
        return tuple(sorted(found, key=lambda p: p.sort_key))


def same_task_key(text: str) -> str:
    """What two texts share when they name the same task.

    Accents, case, punctuation and the meeting's month list are ignored, so
    "Đơn đốc …" equals "Đôn đốc …" and "kỳ tháng 7/2020" equals "kỳ tháng 7, 8, 9/2020".
    """
    folded = fold_spaced(text)  # the pattern takes any spaces
    if "thang" in folded:  # the pattern needs the word; most texts lack it
        folded = _PERIOD_WORDS.sub(" ", folded)
    return " ".join(folded.translate(_BLANKS).split())


def plan_import(programme: Programme, org: Organisation, *, skip_bad: bool = False) -> Plan:
    """Route, date, merge and link the programme's tasks; with ``skip_bad`` a task naming an
    impossible date is left out with a notice instead of refusing the programme."""
    items: list[PlannedItem] = []
    notices: list[Notice] = list(programme.notices)
    first_seen: dict[tuple[Period, str, str], PlannedItem] = {}
    keys: list[str] = []
    for task in programme.tasks:
        key = (task.period, task.section, same_task_key(task.text))
        if key in first_seen:
            notices.append(
                Notice(
                    "duplicate_task",
                    {
                        "period": task.period.name("vi"),
                        "line": task.line,
                        "first_line": first_seen[key].line,
                        "text": _short(task.text),
                    },
                )
            )
            continue
        route = _route(task, org)
        try:
            due = due_date(task.text, task.period, org.calendar, hint=task.due_hint, line=task.line)
        except InputError as error:
            if not (skip_bad and error.code == "bad_date"):
                raise
            notices.append(Notice("skipped_bad_date", error.params))
            continue
        if not due.explicit and task.group:  # the heading's date, when the item has none
            by_group = due_date(task.group, task.period, org.calendar, line=task.line)
            due = by_group if by_group.explicit else due
        notices.extend(route.notices)
        notices.extend(due.notices)
        item = PlannedItem(
            period=task.period,
            section=task.section,
            bullet=task.bullet,
            part=task.part,
            text=task.text,
            line=task.line,
            lead=route.lead,
            support=route.support,
            due=due.day,
            part_of=None,
            key=key[2],
        )
        first_seen[key] = item
        items.append(item)
        keys.append(key[2])
    return Plan(programme, tuple(_link_parts(items, keys)), tuple(notices))


def _route(task: Task, org: Organisation) -> Assignment:
    """The text's own units first; else those of a closing parenthesis; else the group's
    unit ("1. Phòng Quản lý khoa học:" over its items); else keywords, of the text first."""
    lead_hint, support_hint = task.lead_hint, task.support_hint
    named = units_of(task.units, org) if task.units and not lead_hint else None
    if named:
        lead_hint, support_hint = named[0], support_hint or " , ".join(named[1])
    route = assign(task.text, org, lead_hint=lead_hint, support_hint=support_hint, line=task.line)
    if route.explicit or not task.group:
        return route
    unit = find_department(task.group.rstrip(" :"), org)
    by_group = assign(task.group, org, line=task.line)
    if unit or by_group.explicit:
        lead = unit or by_group.lead
        support = tuple(c for c in route.support if c != lead)
        notices = tuple(n for n in route.notices if n.code != "routed_by_default")
        return replace(route, lead=lead, explicit=True, support=support, notices=notices)
    if route.notices and by_group.lead != org.default_department:
        return replace(by_group, notices=())  # the heading says what the text does not
    return route


def _link_parts(items: list[PlannedItem], keys: list[str]) -> list[PlannedItem]:
    """Set ``part_of`` on month items that repeat a task of their quarter."""
    quarter_index = {
        (item.period, item.section, key): n
        for n, (item, key) in enumerate(zip(items, keys, strict=True))
        if item.period.kind == "quarter"
    }
    parents = {p: p.parent for p in {item.period for item in items} if p.kind == "month"}
    linked = []
    for item, key in zip(items, keys, strict=True):
        parent = parents.get(item.period)
        n = quarter_index.get((parent, item.section, key)) if parent else None
        linked.append(replace(item, part_of=n) if n is not None else item)
    return linked


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
