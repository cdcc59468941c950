"""How the programme commands print: a revision's changes, the programmes list, JSON."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import typer

from domain.messages import render
from domain.problems import InputError
from workplan.cli.base import NotReady, console, print_json
from workplan.texts import t

if TYPE_CHECKING:
    from domain.planning import Plan
    from services.clock import Clock
    from services.runtime import Runtime
    from store.importer import ImportResult
    from store.programmes import VersionView


@contextmanager
def json_errors(enabled: bool) -> Iterator[None]:
    """With ``--json``, a refusal is JSON on stdout too (``{"error": {code, message, line}}``)."""
    if not enabled:
        yield
        return
    try:
        yield
    except (InputError, NotReady) as exc:
        code, params = (
            (exc.code, exc.params) if isinstance(exc, InputError) else ("database_not_ready", {})
        )
        from workplan.cli.base import runtime

        message = render(code, runtime().locale, **params)
        print_json({"error": {"code": code, "message": message, "line": params.get("line")}})
        raise typer.Exit(2) from None


def import_json(plan: Plan, result: ImportResult, warnings: list[str]) -> dict[str, Any]:
    """What ``import --json`` prints: the plan, and the version written or previewed."""
    rev = result.revision
    return {
        "periods": [p.key for p in plan.periods],
        "items": [item.as_json() for item in plan.items],
        "warnings": warnings,
        "programme_id": result.programme_id,
        "version": result.version,
        "created": result.created,
        "changes": {
            "added": [plan.items[n].text for n in rev.added],
            "removed": [result.before[i].text for i in rev.removed],
            "edited": [
                {"id": i, "before": result.before[i].text, "after": plan.items[n].text}
                for i, n in rev.edited
            ],
            "linked": [{"id": i, "text": plan.items[n].text} for i, n in rev.linked],
            "unchanged": len(rev.unchanged),
        },
    }


def print_revision(
    plan: Plan, result: ImportResult, rt: Runtime, dry_run: bool, warnings: list[str]
) -> None:
    """A new version's changes (or that nothing changed), then the warnings."""
    loc, rev = rt.locale, result.revision
    if not rev.changed:
        when = rt.clock.local(result.imported_at).strftime("%d/%m/%Y %H:%M")  # type: ignore[arg-type]
        console.print(
            t("import_unchanged", loc, when=when, id=result.programme_id, version=result.version),
            highlight=False,
        )
        return
    counts = {k: len(getattr(rev, k)) for k in ("added", "removed", "edited", "unchanged")}
    console.print(
        t("import_revision", loc, id=result.programme_id, version=result.version, **counts),
        highlight=False,
    )
    plan_texts = [item.text for item in plan.items]
    for label, lines in (
        ("change_added", [plan_texts[n] for n in rev.added]),
        ("change_removed", [result.before[i].text for i in rev.removed]),
        ("change_edited", [f"{result.before[i].text} → {plan_texts[n]}" for i, n in rev.edited]),
        ("change_linked", [f"{plan_texts[n]} (#{i})" for i, n in rev.linked]),
    ):
        for line in lines:
            console.print(f"  {t(label, loc)}: {line}", highlight=False, markup=False)
    _warn(warnings, loc)
    if dry_run:
        console.print(t("import_dry_run", loc))
    else:
        console.print(t("import_revision_done", loc, id=result.programme_id, items=result.items))


def _warn(warnings: list[str], locale: str) -> None:
    if warnings:
        console.print(f"[bold yellow]{t('warnings', locale)} ({len(warnings)}):[/]")
        for text in warnings:
            console.print(f"  • {text}", highlight=False, markup=False)


def version_json(v: VersionView, clock: Clock) -> dict[str, Any]:
    """One version as ``programmes --json`` prints it."""
    return {
        "programme_id": v.programme_id,
        "version": v.number,
        "latest": v.latest,
        "title": v.title,
        "periods": list(v.periods),
        "source_name": v.source_name,
        "imported_at": clock.local(v.imported_at).isoformat(),
        "changes": v.counts,
        "live_items": v.live_items,
    }


def print_programmes(found: list[VersionView], rt: Runtime) -> None:
    """The table of programmes and their versions."""
    loc = rt.locale
    if not found:
        console.print(t("programmes_empty", loc))
        return
    from rich.table import Table

    table = Table(title=t("programmes_title", loc), expand=True)
    for col in (
        "col_programme",
        "col_version",
        "col_title",
        "col_period",
        "col_file",
        "col_imported",
        "col_changes",
        "col_live",
    ):
        title = col == "col_title"
        short = col in ("col_programme", "col_version", "col_imported", "col_live")
        table.add_column(
            t(col, loc), ratio=2 if title else None, no_wrap=short
        )
    from domain.periods import Period

    for v in found:
        counts = {k: v.counts.get(k, 0) for k in ("added", "removed", "edited", "unchanged")}
        change = (
            t("version_first", loc, **counts)
            if v.number == 1
            else t("version_changes", loc, **counts)
        )
        table.add_row(
            str(v.programme_id),
            f"{v.number}{' *' if v.latest else ''}",
            v.title if v.number == 1 or v.latest else "",
            ", ".join(Period.from_key(k).name(loc) for k in v.periods),
            v.source_name,
            rt.clock.local(v.imported_at).strftime("%d/%m/%Y %H:%M"),
            change,
            str(v.live_items) if v.latest else "",
        )
    console.print(table)
