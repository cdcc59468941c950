"""How ``workplan outbox`` prints the queue: a table that fits the terminal
(:mod:`workplan.cli.listing`). The number, the state and the recipients are never cut nor
dropped; the columns least needed go first as the terminal narrows."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from workplan.cli.listing import BOLD, DIM, RED, Cell, Column, Row, layout, render
from workplan.texts import t

if TYPE_CHECKING:
    from services.runtime import Runtime
    from store.models import Outbox

_STATE_STYLE = {"failed": RED, "unknown": RED, "sent": DIM}


def print_outbox(rt: Runtime, rows: Sequence[Outbox], *, wide: bool = False) -> None:
    """The messages, newest first. When any has an error, the error outlasts the subject
    as the terminal narrows (it says why the message is stuck); when none has, the empty
    error column is the first to go."""
    locale = rt.locale
    errors = any(row.last_error for row in rows)
    # fmt: off
    columns = [
        Column("id", t("outbox_col_id", locale), right=True),
        Column("kind", t("outbox_col_kind", locale), drop=7),
        Column("to", t("outbox_col_to", locale), wrap=True),
        Column("subject", t("outbox_col_subject", locale), wrap=True, drop=4 if errors else 3),
        Column("state", t("outbox_col_state", locale)),
        Column("attempts", t("outbox_col_attempts", locale), right=True, drop=6),
        Column("error", t("outbox_col_error", locale), wrap=True, drop=3 if errors else 9),
        Column("created", t("outbox_col_created", locale), drop=8),
        Column("sent", t("outbox_col_sent", locale), drop=5),
    ]
    # fmt: on
    table: list[Row] = [{
        "id": Cell(str(row.id), BOLD), "kind": Cell(t(f"kind_{row.kind}", locale)),
        "to": Cell(", ".join(row.to + row.cc)), "subject": Cell(row.subject),
        "state": Cell(t(f"outbox_state_{row.state}", locale), _STATE_STYLE.get(row.state, "")),
        "attempts": Cell(str(row.attempts)), "error": Cell(row.last_error or ""),
        "created": Cell(_when(rt, row.created_at)), "sent": Cell(_when(rt, row.sent_at)),
    } for row in rows]  # fmt: skip
    print(t("outbox_title", locale))
    print(render(layout(columns, table, wide=wide), table, wrap=not wide))


def _when(rt: Runtime, moment: datetime | None) -> str:
    """A stored time in the organisation's zone."""
    return rt.clock.local(moment).strftime("%d/%m/%Y %H:%M") if moment else ""
