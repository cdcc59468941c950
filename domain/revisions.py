"""A programme imported again: which tasks are unchanged, edited, added, removed or linked.

Tasks are compared within one period and section: first by the same normalised text
(:func:`domain.planning.same_task_key`), then, among those left, by word similarity of at
least :data:`SAME_TASK` (a task given a deadline or a corrected word is the same task, a
new sentence is not), best pairs first. A task of the new version left over that matches
a live item of *another* programme in the same period (one carried over, the same task
in the office's next programme) is linked to that item instead of duplicating it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from domain.periods import Period
from domain.planning import Plan, same_task_key
from domain.programme import Programme
from domain.text import fold

SAME_TASK = 0.6  # word-sequence similarity from which two texts are one task, edited


@dataclass(frozen=True)
class Existing:
    """An item already stored, as the comparison needs it."""

    id: int
    period: Period
    section: str
    text: str


@dataclass(frozen=True)
class Revision:
    """How a new version relates to what is stored; plan indexes refer to ``Plan.items``."""

    unchanged: tuple[tuple[int, int], ...] = ()  # (item id, plan index)
    edited: tuple[tuple[int, int], ...] = ()  # (item id, plan index)
    added: tuple[int, ...] = ()  # plan indexes
    removed: tuple[int, ...] = ()  # item ids
    linked: tuple[tuple[int, int], ...] = ()  # (item id of another programme, plan index)

    @property
    def changed(self) -> bool:
        """True when storing the version would change anything."""
        return bool(self.edited or self.added or self.removed or self.linked)


_REVISED = re.compile(r"\(?\s*(?:ban )?(?:sua doi|dieu chinh|bo sung|du thao)[^)]*\)?")


def identity(programme: Programme) -> str:
    """What names a programme across its versions: issuing body, title and periods."""
    title = _REVISED.sub(" ", fold(programme.title))
    periods = ",".join(p.key for p in programme.periods)
    return " ".join(f"{fold(programme.issuer or '')}|{title}|{periods}".split())[:255]


def compare(own: Sequence[Existing], others: Sequence[Existing], plan: Plan) -> Revision:
    """Match the plan's items with the programme's items, then with others' live items."""
    if not own and not others:  # a first import into periods not yet used
        return Revision(added=tuple(range(len(plan.items))))
    keys = [item.key or same_task_key(item.text) for item in plan.items]
    groups: list[tuple[Period, str]] = [(item.period, item.section) for item in plan.items]
    pairs, left = _match(own, list(range(len(keys))), keys, groups)
    unchanged = tuple((i, n) for i, n, exact in pairs if exact)
    edited = tuple((i, n) for i, n, _ in pairs if (i, n) not in unchanged)
    matched = {i for i, _, _ in pairs}
    links, added = _match(others, left, keys, groups)
    return Revision(
        unchanged=unchanged,
        edited=edited,
        added=tuple(added),
        removed=tuple(item.id for item in own if item.id not in matched),
        linked=tuple((i, n) for i, n, _ in links),
    )


def _match(
    stored: Sequence[Existing], wanted: list[int], keys: list[str], groups: list[tuple[Period, str]]
) -> tuple[list[tuple[int, int, bool]], list[int]]:
    """(item id, plan index, exact) pairs, and the plan indexes left without a partner."""
    pool: dict[tuple[Period, str], list[Existing]] = defaultdict(list)
    for item in stored:
        pool[(item.period, item.section)].append(item)
    by_key: dict[tuple[Period, str, str], list[Existing]] = defaultdict(list)
    stored_keys: dict[int, str] = {}
    for item in stored:
        stored_keys[item.id] = key = same_task_key(item.text)
        by_key[(item.period, item.section, key)].append(item)
    pairs: list[tuple[int, int, bool]] = []
    used: set[int] = set()
    left = []
    for n in wanted:
        same = by_key.get((*groups[n], keys[n]))
        if same:
            item = same.pop(0)
            used.add(item.id)
            pairs.append((item.id, n, True))
        else:
            left.append(n)
    scored = []
    for n in left:
        words = keys[n].split()
        for item in pool.get(groups[n], ()):
            if item.id in used:
                continue
            matcher = SequenceMatcher(None, stored_keys[item.id].split(), words, autojunk=False)
            if matcher.real_quick_ratio() >= SAME_TASK and matcher.quick_ratio() >= SAME_TASK:
                score = matcher.ratio()
                if score >= SAME_TASK:
                    scored.append((-score, n, item.id))
    taken: set[int] = set()
    for _, n, item_id in sorted(scored):
        if n not in taken and item_id not in used:
            taken.add(n)
            used.add(item_id)
            pairs.append((item_id, n, False))
    return pairs, [n for n in left if n not in taken]
