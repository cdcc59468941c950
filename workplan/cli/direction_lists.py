"""What ``workplan extension list`` and ``workplan reassignments`` print: tables, or the
JSON shapes the REST API uses."""

from __future__ import annotations

from domain.direction import keywords_in
from services.runtime import Runtime
from workplan.cli.base import console, print_json, read
from workplan.texts import t


def extension_list(rt: Runtime, *, every: bool, as_json: bool) -> None:
    """The requests waiting for a decision (``every``: all of them, newest first)."""
    from sqlalchemy import true

    from services.direction_shapes import extension_json
    from store.direction_reads import extensions, pending_extensions

    found = read(lambda s: extensions(s, true()) if every else pending_extensions(s))
    if as_json:
        print_json([extension_json(e, rt.clock) for e in found])
        return
    if not found:
        console.print(t("no_extensions", rt.locale))
        return
    from rich.table import Table

    table = Table(title=t("extensions_title", rt.locale), title_justify="left", expand=True)
    for col in ("request", "item", "dept", "dates", "reason", "asked", "state"):
        table.add_column(t(f"dir_col_{col}", rt.locale), ratio=2 if col == "reason" else None)
    for e in found:
        asked = rt.clock.local(e.requested_at).strftime("%d/%m/%Y %H:%M")
        table.add_row(
            str(e.id), f"#{e.item.id} {e.item.text}", e.dept,
            f"{e.old_due:%d/%m/%Y} → {e.new_due:%d/%m/%Y}", e.reason,
            f"{e.requested_by}, {asked}", t(f"dir_state_{e.state}", rt.locale),
        )  # fmt: skip
    console.print(table)


def reassignment_list(rt: Runtime, *, as_json: bool) -> None:
    """The reassignments, newest first, each with the first lead unit's keywords found in
    the item's text: the ones to look at in the organisation file."""
    from services.direction_shapes import reassignment_json
    from store.direction_reads import reassignment_lines

    found = read(reassignment_lines)
    if as_json:
        print_json([reassignment_json(line, rt.clock) for line in found])
        return
    if not found:
        console.print(t("no_reassignments", rt.locale))
        return
    keywords = {d.code: d.keywords for d in rt.org.departments}
    from rich.table import Table

    table = Table(title=t("reassignments_title", rt.locale), title_justify="left", expand=True)
    for col in ("when", "item", "moved", "keywords", "reason", "by"):
        table.add_column(t(f"dir_col_{col}", rt.locale), ratio=2 if col == "item" else None)
    for line in found:
        hits = keywords_in(line.text, keywords.get(line.old_lead, ()))
        table.add_row(
            rt.clock.local(line.at).strftime("%d/%m/%Y %H:%M"), f"#{line.item_id} {line.text}",
            f"{line.old_lead} → {line.new_lead}", ", ".join(f"“{k}”" for k in hits) or "—",
            line.reason, line.by,
        )  # fmt: skip
    console.print(table)
    console.print(t("reassignments_hint", rt.locale), highlight=False)

