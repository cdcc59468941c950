"""Importing a programme: read the document, parse, plan, and write it in one transaction;
list the programmes imported, and undo the latest import of one."""

from __future__ import annotations

import gc
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import NamedTuple

from documents.reading import read_placed
from domain.parsing import parse
from domain.parsing.places import Place, placed
from domain.periods import Period
from domain.planning import Plan, plan_import
from domain.problems import InputError, Notice
from services.runtime import Runtime
from store import programmes, undoing
from store.db import is_ready
from store.importer import ImportResult, preview, write_import
from store.programmes import VersionView

TASK_LIMIT = 2000  # characters of one task's text
TASKS_LIMIT = 20_000  # tasks in one document (a year's programme of 10,000 is benchmarked)


def check_limits(plan: Plan) -> None:
    """Refuse a task longer than :data:`TASK_LIMIT` characters, or more than
    :data:`TASKS_LIMIT` tasks in one document."""
    if len(plan.items) > TASKS_LIMIT:
        raise InputError("too_many_tasks", count=len(plan.items), limit=TASKS_LIMIT)
    for item in plan.items:
        if len(item.text) > TASK_LIMIT:
            length = len(item.text)
            raise InputError("task_too_long", line=item.line, length=length, limit=TASK_LIMIT)


class Imported(NamedTuple):
    """What an import planned, and what it stored (or, in a dry run, would store)."""

    plan: Plan
    stored: ImportResult | None


def import_file(
    rt: Runtime,
    path: Path,
    *,
    period: Period | None = None,
    split: bool = True,
    dry_run: bool = False,
    skip_bad: bool = False,
) -> Imported:
    """Import the programme document at ``path`` (``.md``, ``.txt`` or ``.docx``); the
    warnings about a ``.docx`` name its paragraphs and table rows, not lines."""
    text, places = read_placed(path)
    return import_programme(
        rt,
        text,
        source_name=path.name,
        period=period,
        split=split,
        dry_run=dry_run,
        skip_bad=skip_bad,
        places=places,
    )


def import_programme(
    rt: Runtime,
    text: str,
    *,
    source_name: str,
    period: Period | None = None,
    split: bool = True,
    dry_run: bool = False,
    skip_bad: bool = False,
    places: Mapping[int, Place] | None = None,
) -> Imported:
    """Parse, plan and (unless ``dry_run``) store a programme or its new version.

    Raises :class:`~domain.problems.InputError` for a document that cannot be imported;
    nothing is written then. The same programme imported again changes nothing; a dry run
    on a database not yet set up compares with nothing. ``places`` (line → where it was
    in the original document) makes the warnings and the error name those places.
    """
    try:
        with few_collections():
            done = _import(rt, text, source_name, period, split, dry_run, skip_bad)
    except InputError as error:
        if places:
            error.params.update(placed(error.params, places))
        raise
    if not places:
        return done
    notices = tuple(replace(n, params=placed(n.params, places)) for n in done.plan.notices)
    return done._replace(plan=replace(done.plan, notices=notices))


def _import(
    rt: Runtime, text: str, source_name: str, period: Period | None, split: bool,
    dry_run: bool, skip_bad: bool,
) -> Imported:  # fmt: skip
    programme = parse(text, period=period, split=split, skip_bad=skip_bad)
    plan = plan_import(programme, rt.org, skip_bad=skip_bad)
    if not plan.items:
        why = [n for n in plan.notices if n.code == "table_not_recognised"]
        if why:
            raise InputError("table_not_recognised", name=source_name, **why[0].params)
        raise InputError("no_tasks", name=source_name)
    check_limits(plan)
    if dry_run and not is_ready(rt.engine):
        return Imported(plan, preview(plan))
    stored = write_import(
        rt.engine,
        plan,
        text=text,
        source_name=source_name,
        now=rt.now(),
        dry_run=dry_run,
        day=rt.today(),
    )
    return Imported(plan.with_notices(_link_notices(plan, stored)), stored)


@contextmanager
def few_collections() -> Iterator[None]:
    """An import allocates many small objects that all live until it ends: the garbage
    collector, run at its usual threshold, would scan them again and again for nothing."""
    threshold = gc.get_threshold()
    gc.set_threshold(200_000, threshold[1], threshold[2])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)


def _link_notices(plan: Plan, stored: ImportResult) -> tuple[Notice, ...]:
    notices = []
    for item_id, n in stored.revision.linked:
        item = plan.items[n]
        params = {"text": item.text[:60], "line": item.line, "period": item.period.name("vi")}
        notices.append(Notice("linked_task", params | {"id": item_id}))
    return tuple(notices)


def list_programmes(rt: Runtime) -> list[VersionView]:
    """Every imported programme's versions, newest programme first."""
    with rt.begin() as conn:
        return programmes.versions(conn)


def undo_import(rt: Runtime, programme_id: int) -> tuple[int, int]:
    """Revert a programme's latest import: (version undone, items it had created).

    Refused with the reason when a person has updated an item that import touched.
    """
    try:
        with rt.begin() as conn:
            return undoing.undo_latest(conn, programme_id)
    except InputError as error:
        if "at" in error.params:
            error.params["at"] = rt.clock.local(error.params["at"])
        raise
