"""How the item commands print: the item list, an item's history and the reference lists,
as tables that fit the terminal (:mod:`workplan.cli.listing`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from domain.status import Status, label
from workplan.cli.listing import (
    BOLD,
    DIM,
    RED,
    Cell,
    Column,
    Row,
    layout,
    render,
    table,
    width,
    wrap_text,
)
from workplan.texts import t

if TYPE_CHECKING:
    from services.runtime import Runtime
    from store.items import HistoryEntry, ItemView
    from store.periods import PeriodView

_STATUS_STYLE = {"done": DIM, "cancelled": DIM, "blocked": RED, "in_progress": BOLD}


def print_items(found: Sequence[ItemView], rt: Runtime, *, wide: bool = False) -> None:
    """The items, the columns least needed dropped first as the terminal narrows; when
    the period is dropped, each period's name heads its items."""
    locale, today = rt.locale, rt.today()
    if not found:
        print(t("no_items", locale))
        return
    # fmt: off
    columns = [
        Column("id", t("col_id", locale), right=True),
        Column("period", t("col_period", locale), drop=6),
        Column("section", t("col_section", locale), drop=8),
        Column("bullet", t("col_bullet", locale), drop=7, right=True),
        Column("text", t("col_text", locale), wrap=True),
        Column("lead", t("col_lead", locale), drop=3),
        Column("support", t("col_support", locale), wrap=True, drop=5),
        Column("due", t("col_due", locale), drop=2),
        Column("status", t("col_status", locale)),
        Column("progress", t("col_progress", locale), drop=4, right=True),
    ]
    # fmt: on
    rows: list[Row] = []
    for item in found:
        late = Status(item.status).is_open and item.due < today
        rows.append({
            "id": Cell(str(item.id), BOLD),
            "period": Cell(upfirst(item.period.name(locale))),
            "section": Cell(t(f"section_{item.section}", locale)), "bullet": Cell(str(item.bullet)),
            "text": Cell(item.text), "lead": Cell(item.lead),
            "support": Cell(", ".join(item.support)),
            "due": Cell(f"{item.due:%d/%m/%Y}", RED if late else ""),
            "status": Cell(label(item.status, locale), _STATUS_STYLE.get(item.status, "")),
            "progress": Cell(f"{item.progress}%"),
        })  # fmt: skip
    shown = layout(columns, rows, wide=wide)
    grouped = len({i.period for i in found}) > 1 and all(c.key != "period" for c, _ in shown)

    def heading(i: int) -> str | None:
        new = grouped and (i == 0 or found[i].period != found[i - 1].period)
        return upfirst(found[i].period.name(locale)) if new else None

    print(render(shown, rows, wrap=not wide, heading=heading))
    print(t("items_count", locale, n=len(found)))


def print_history(item: ItemView, entries: Sequence[HistoryEntry], rt: Runtime) -> None:
    """Who changed the item when, through which channel, from what to what."""
    from workplan.cli.direction_words import change, who

    locale = rt.locale
    columns = [
        Column("when", t("col_when", locale)),
        Column("by", t("col_by", locale), wrap=True),
        Column("channel", t("col_channel", locale), drop=1),
        Column("change", t("col_change", locale), wrap=True),
        Column("note", t("col_note", locale), wrap=True),
    ]
    rows: list[Row] = []
    for e in entries:
        old = f"{label(e.old_status, locale)} {e.old_progress}%" if e.old_status else "—"
        new = f"{label(e.new_status, locale)} {e.new_progress}%"
        rows.append({
            "when": Cell(rt.clock.local(e.at).strftime("%d/%m/%Y %H:%M")),
            "by": Cell(t("imported_from", locale, name=e.by) if e.channel == "import"
                       else who(e, locale)),
            "channel": Cell(t(f"channel_{e.channel}", locale)),
            "change": Cell(change(e, locale, f"{old} → {new}")), "note": Cell(e.note or ""),
        })  # fmt: skip
    title = f"#{item.id} {item.text}"  # wrapped under the text, the number first and whole
    print("\n".join(wrap_text(title, width(), " " * (len(str(item.id)) + 2))))
    print(table(columns, rows))


def print_departments(rows: Sequence[tuple[str, str, str]], locale: str) -> None:
    """Code, name and e-mail of each department."""
    columns = [Column("code", t("col_code", locale)), Column("name", t("col_name", locale),
               wrap=True), Column("email", t("col_email", locale))]  # fmt: skip
    print(t("departments_title", locale))
    print(table(columns, [{"code": Cell(c), "name": Cell(n), "email": Cell(e)}
                           for c, n, e in rows]))  # fmt: skip


def print_periods(rows: Sequence[PeriodView], locale: str) -> None:
    """Each period with its items, how many are done, and whether it is closed."""
    columns = [Column(k, t(f"col_{k}", locale), right=k in ("items", "done"))
               for k in ("code", "name", "items", "done", "state")]  # fmt: skip
    print(t("periods_title", locale))
    print(table(columns, [{
        "code": Cell(p.key), "name": Cell(upfirst(p.name(locale))), "items": Cell(str(p.items)),
        "done": Cell(str(p.done)),
        "state": Cell(t("period_closed" if p.closed else "period_open", locale)),
    } for p in rows]))  # fmt: skip



def upfirst(text: str) -> str:
    """``text`` with a capital first letter, as the start of a cell is written."""
    return text[:1].upper() + text[1:]
