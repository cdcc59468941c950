"""How ``workplan history`` names a direction entry: who acted in which role, and what
the action changed (light: no Rich, no database)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from domain.direction import ROLE_LABELS
from workplan.texts import t

if TYPE_CHECKING:
    from store.items import HistoryEntry


def who(entry: HistoryEntry, locale: str) -> str:
    """Who acted, with the role they acted in when the entry records one."""
    role = ROLE_LABELS.get(locale, ROLE_LABELS["vi"]).get(entry.role or "")
    return f"{entry.by} ({role})" if role and role != entry.by else entry.by


def change(entry: HistoryEntry, locale: str, status_change: str) -> str:
    """What an entry changed: the status for an update, else the action and, when it
    changed one, the value before → after (a due date, the units)."""
    if entry.action == "update":
        return status_change
    done = t(f"dir_action_{entry.action}", locale)
    return f"{done}: {entry.old_value} → {entry.new_value}" if entry.old_value else done
