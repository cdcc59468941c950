"""Stage 4: an assembled item becomes tasks — its dates checked, its sentences split, a
meeting put into each month it names, the units it names in parentheses noted."""

from __future__ import annotations

import re

from domain.parsing.text_rules import check_dates, months_within, split_sentences
from domain.periods import Period
from domain.programme import Section, Task
from domain.text import fold, squeeze

# "(TTr)", "(TTƯD)", "(KHTC chủ trì; các phòng, đơn vị phối hợp)" closing a task
_UNITS = re.compile(r"\(([^()\d]{2,90})\)\s*[.;]?\s*$")
_ROLE = re.compile(r"\b(?:chu tri|phoi hop|thuc hien)\b")


def units_named(text: str) -> str | None:
    """The closing parenthesis of a task when it can only name units ("(TTr)")."""
    m = _UNITS.search(text)
    if m is None:
        return None
    inside = m[1].strip()
    words = inside.replace(";", ",").split()
    folded = fold(inside)
    if _ROLE.search(folded) or all(w[:1].isupper() or not w[:1].isalpha() for w in words):
        return inside
    return None


def emit(
    period: Period, kind: Section, bullet: int, line: int, parts: list[tuple[int, str]],
    hints: dict[str, str | None], group: str | None, split: bool,
) -> list[Task]:  # fmt: skip
    """The tasks of one item: one per sentence unless ``split`` is off or it is a row."""
    before = ""
    for no, text in parts:  # each line with the end of the one before, for "trước ngày\n30/02"
        check_dates(text, no, period.year, before)
        before = text
    if hints.get("due_hint"):
        check_dates(hints["due_hint"] or "", line, period.year)
    text = squeeze(" ".join(text for _, text in parts))
    units = units_named(text)
    sentences = split_sentences(text) if split and not any(hints.values()) else [text]
    tasks = []
    for part, sentence in enumerate(sentences, 1):
        periods = [period]
        if kind == "meeting":  # into each month it names inside its period
            periods = months_within(sentence, period) or periods
        for each in periods:
            tasks.append(
                Task(each, kind, bullet, part, sentence, line, group=group, units=units, **hints)
            )
    return tasks
