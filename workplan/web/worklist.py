"""A department's work list as its page shows it: the items in order of urgency, and the
fields of each item read back from the one form that saves them all."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from domain.messages import render as message
from domain.problems import InputError
from domain.status import Status, label
from services.clock import Clock
from services.reporting import ItemChange, Refusal
from store.items import ItemView
from workplan.limits import check_note, item_number
from workplan.web.i18n import t

SOON_DAYS = 7
GROUPS = ("overdue", "soon", "later", "finished")  # the page's sections, in this order
_SHOWN = ("status", "progress", "note", "done_on")
_COMMON = ("csrf", "by")  # the form's own fields, wherever they stand in it


def group_of(item: ItemView, today: date) -> str:
    """The page section an item belongs in."""
    if not Status(item.status).is_open:
        return "finished"
    if item.due < today:
        return "overdue"
    return "soon" if item.due <= today + timedelta(days=SOON_DAYS) else "later"


def by_urgency(items: Iterable[ItemView], today: date) -> list[tuple[str, list[ItemView]]]:
    """The items in the page's sections (empty ones left out), each by due date."""
    groups: dict[str, list[ItemView]] = {key: [] for key in GROUPS}
    for item in sorted(items, key=lambda i: (i.due, i.id)):
        groups[group_of(item, today)].append(item)
    return [(key, found) for key, found in groups.items() if found]


@dataclass
class Entry:
    """One item's fields as the form sent them, beside the values the page showed."""

    item_id: int
    values: dict[str, str] = field(default_factory=dict)
    alone: bool = False  # posted on its own: saved as sent, whatever the page showed

    def get(self, name: str) -> str:
        return self.values.get(name, "")

    @property
    def changed(self) -> bool:
        """Whether the person changed anything the page showed."""
        return self.alone or any(
            self.get(name).strip() != self.get(f"shown_{name}").strip() for name in _SHOWN
        )

    def refused_change(self) -> ItemChange:
        """The change as far as it can be read, for the refusal of one that cannot be."""
        return ItemChange(self.item_id, self.get("status") or None, None, self.get("note"), -1)

    def change(self) -> ItemChange:
        """The change asked for; ``InputError`` when a value cannot be read."""
        status = self.get("status") or None
        check_note(self.get("note"))
        return ItemChange(
            item_id=self.item_id, status=status, note=self.get("note"),
            progress=None if self.get("progress").strip() == self.get("shown_progress").strip()
            else read_progress(self.get("progress")),
            version=read_version(self.get("version")),
            done_on=read_day(self.get("done_on")) if status == "done" else None,
        )  # fmt: skip


def read_entries(pairs: Iterable[tuple[str, str]]) -> tuple[dict[str, str], list[Entry]]:
    """The form's own fields and each item's, in page order: an item's fields follow its
    ``item`` field."""
    common: dict[str, str] = {}
    entries: list[Entry] = []
    for name, value in pairs:
        if name == "item":
            entries.append(Entry(item_number(read_number(value))))
        elif entries and name not in _COMMON:
            entries[-1].values.setdefault(name, value)
        else:
            common.setdefault(name, value)
    return common, entries


def read_progress(raw: str) -> int | None:
    """A progress as typed ("40", "40 %"); empty means unchanged."""
    raw = raw.strip().rstrip("%").strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise InputError("bad_progress", value=raw) from None


def read_day(raw: str) -> date | None:
    """The completion date of the date field (YYYY-MM-DD); empty means today."""
    raw = raw.strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise InputError("bad_done_on", value=raw) from None


def read_version(raw: str) -> int:
    """The version the form was rendered with; a missing one never matches (no blind writes)."""
    try:
        return int(raw)
    except ValueError:
        return -1


def read_number(raw: str) -> int:
    try:
        return int(raw)
    except ValueError:
        raise InputError("unknown_item", id=raw) from None


def problem_lines(
    refusal: Refusal, entered: dict[str, str], locale: str, clock: Clock
) -> list[str]:
    """What to say beside an item that was not saved: why; for a conflict, who changed it
    when and what changed, beside what the person typed."""
    if refusal.code == "not_your_item":
        return [t("not_your_item", locale, **refusal.params)]
    if not refusal.is_conflict:
        return [message(refusal.code, locale, **refusal.params)]
    who = refusal.who_and_when()
    if who is None:
        lines = [message("stale_version", locale, **refusal.params)]
    else:
        at = clock.local(who[1])
        lines = [message("stale_version_by", locale, by=who[0], time=f"{at:%H:%M}",
                         date=f"{at:%d/%m/%Y}")]  # fmt: skip
    changes = what_changed(refusal, entered, locale)
    if changes:
        lines.append(t("conflict_changes", locale, changes="; ".join(changes)))
    status = entered.get("status", "")
    typed = {"progress": entered.get("progress") or "?", "note": entered.get("note", "")}
    lines.append(t("your_input", locale, status=_label(status, locale), **typed))
    return lines


def what_changed(refusal: Refusal, entered: dict[str, str], locale: str) -> list[str]:
    """The differences between the item as the person saw it and as it is now."""
    now, latest = refusal.current, refusal.latest
    if now is None:
        return []
    if "shown_status" not in entered:  # posted alone: the newest update says what changed
        if latest is None or latest.old_status is None:
            return []
        seen = {"status": latest.old_status, "progress": str(latest.old_progress), "note": None}
    else:
        seen = {k: entered.get(f"shown_{k}", "") for k in ("status", "progress", "note")}
    found = []
    if seen["status"] and seen["status"] != now.status:
        found.append(t("changed_status", locale, old=_label(seen["status"], locale),
                       new=_label(now.status, locale)))  # fmt: skip
    if seen["progress"] not in ("", None, str(now.progress)):
        found.append(t("changed_progress", locale, old=seen["progress"], new=now.progress))
    if seen["note"] is not None and seen["note"].strip() != (now.note or ""):
        found.append(t("changed_note", locale, new=now.note or "—"))
    return found


def _label(status: str, locale: str) -> str:
    try:
        return label(status, locale)
    except ValueError:
        return status or "?"
