"""Importing a programme: read the document, parse, plan, and write it in one transaction."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from documents.reading import read_document
from domain.parsing import parse
from domain.periods import Period
from domain.planning import Plan, plan_import
from domain.problems import InputError
from services.runtime import Runtime
from store.importer import ImportResult, write_import


class Imported(NamedTuple):
    """What an import planned and, unless it was a dry run, what it stored."""

    plan: Plan
    stored: ImportResult | None


def import_file(
    rt: Runtime, path: Path, *, period: Period | None = None, split: bool = True,
    dry_run: bool = False,
) -> Imported:
    """Import the programme document at ``path`` (``.md``, ``.txt`` or ``.docx``)."""
    text = read_document(path)
    return import_programme(
        rt, text, source_name=path.name, period=period, split=split, dry_run=dry_run
    )


def import_programme(
    rt: Runtime, text: str, *, source_name: str, period: Period | None = None,
    split: bool = True, dry_run: bool = False,
) -> Imported:
    """Parse, plan and (unless ``dry_run``) store a programme, all of it or nothing.

    Raises :class:`~domain.problems.InputError` for a document that cannot be imported;
    nothing is written then. The same document imported again changes nothing.
    """
    plan = plan_import(parse(text, period=period, split=split), rt.org)
    if not plan.items:
        raise InputError("no_tasks", name=source_name)
    if dry_run:
        return Imported(plan, None)
    stored = write_import(rt.engine, plan, text=text, source_name=source_name, now=rt.now())
    return Imported(plan, stored)
