"""Leadership directs, units answer: who may do what on an item, and the rules of an
extension (*gia hạn*), a reassignment, a directive, a contribution and a cancellation.

The lead unit (*chủ trì*) reports status and asks for more time; a supporting unit
(*phối hợp*) contributes notes; leadership (*Lãnh đạo Sở*) decides extensions,
reassigns, directs and cancels, and may also report status and ask for more time.
Pure: the caller passes the item's state, today and the known unit codes.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from domain.messages import Labels
from domain.problems import InputError
from domain.report import ItemSnapshot
from domain.status import Status, parse_status
from domain.text import fold

Role = Literal["lead", "support", "leadership"]
ROLE_LABELS: Labels[str] = Labels("role", ("lead", "support", "leadership"))
# What a history entry records besides a status update (``status_update.action``).
ACTIONS = (
    "extension_requested", "extension_approved", "extension_refused", "reassigned",
    "directive", "contribution", "cancelled",
)  # fmt: skip
ACTION_LABELS: Labels[str] = Labels("dir_action", ACTIONS)
"""``ACTION_LABELS[locale][action]``; the catalogues key them ``dir_action_<action>``."""


# Who may do what; a refusal names the reason (see :func:`refusal`).
ALLOWED: dict[str, frozenset[Role]] = {
    "update": frozenset({"lead", "leadership"}),
    "extend": frozenset({"lead", "leadership"}),
    "decide": frozenset({"leadership"}),
    "reassign": frozenset({"leadership"}),
    "direct": frozenset({"leadership"}),
    "cancel": frozenset({"leadership"}),
    "contribute": frozenset({"support"}),
}
PENDING, APPROVED, REFUSED, WITHDRAWN = "pending", "approved", "refused", "withdrawn"
REASON_LIMIT = 2000  # characters of a reason, a decision's note, a contribution
DIRECTIVE_LIMIT = 5000
_NON_WORD = re.compile(r"[^\w]+")


def role_on(lead: str, support: Collection[str], dept: str | None) -> Role | None:
    """``dept``'s role on an item; ``None`` (no department) is leadership; ``None`` back
    when the department neither leads nor supports it."""
    if dept is None:
        return "leadership"
    if dept == lead:
        return "lead"
    return "support" if dept in support else None


def refusal(action: str, role: Role | None) -> str | None:
    """Why ``role`` may not do ``action`` (a message code), or ``None`` when it may."""
    if role in ALLOWED[action]:
        return None
    if role is None:
        return "not_your_item"
    if action == "contribute":
        return "contribution_support_only"
    if role == "support" and action in ("update", "extend"):
        return f"support_cannot_{action}"
    return f"leadership_only_{action}"


def update_refusal(role: Role | None, current: str, wanted: str | Status | None) -> str | None:
    """Why ``role`` may not change an item's status from ``current`` to ``wanted``
    (``None``: kept): a unit neither cancels an item nor changes a cancelled one."""
    why = refusal("update", role)
    if why or role == "leadership":
        return why
    if current == Status.CANCELLED:
        return "cancelled_by_leadership"
    if wanted is not None and parse_status(wanted) is Status.CANCELLED:
        return "leadership_only_cancel"
    return None


def clean_text(value: str | None, *, what: str, limit: int) -> str:
    """``value`` stripped; refused when empty (``<what>_empty``), longer than ``limit``
    (``<what>_too_long``) or holding a NUL character."""
    text = (value or "").strip()
    if not text:
        raise InputError(f"{what}_empty")
    if len(text) > limit:
        raise InputError(f"{what}_too_long", limit=limit, length=len(text))
    if "\x00" in text:
        raise InputError("nul_in_text")
    return text


def check_extension(*, item_id: int, status: str, due: date, new_due: date, today: date) -> None:
    """Refuse an extension of a finished item, to a day gone by or not after ``due``."""
    if not Status(status).is_open:
        raise InputError(f"extension_item_{status}", id=item_id)
    if new_due < today:
        raise InputError("extension_before_today", date=dmy(new_due), today=dmy(today))
    if new_due <= due:
        raise InputError("extension_not_later", id=item_id, due=dmy(due), date=dmy(new_due))


def check_pending(state: str, *, request_id: int, by: str | None, at: datetime | None) -> None:
    """Refuse a decision on a request no longer pending, saying who settled it and when."""
    if state != PENDING:
        when = {"time": f"{at:%H:%M}", "day": f"{at:%d/%m/%Y}"} if at else {"time": "", "day": ""}
        raise InputError(f"extension_already_{state}", request=request_id, by=by or "", **when)


def plan_reassign(
    *, item_id: int, status: str, lead: str, support: Sequence[str], new_lead: str,
    new_support: Sequence[str] | None, known: Mapping[str, str],
) -> tuple[str, tuple[str, ...]]:
    """The new lead and supporting units: codes upper-cased, each once, the lead not among
    its supporters; ``new_support`` ``None`` keeps the current ones. ``known`` names the
    units by code. Refuses unknown units, a finished item and a change of nothing."""
    if not Status(status).is_open:
        raise InputError(f"reassign_item_{status}", id=item_id)
    chosen = new_lead.strip().upper()
    wanted = support if new_support is None else [c.strip().upper() for c in new_support]
    for code in (chosen, *wanted):
        if code not in known:
            raise InputError("unknown_department", dept=code)
    helpers = tuple(dict.fromkeys(c for c in wanted if c != chosen))
    if chosen == lead and helpers == tuple(support):
        raise InputError("reassign_same", id=item_id, dept=known[lead])
    return chosen, helpers


def check_cancel(*, item_id: int, status: str) -> None:
    """Refuse cancelling an item already cancelled or done."""
    if status in (Status.CANCELLED, Status.DONE):
        raise InputError(f"cancel_{status}", id=item_id)


def keywords_in(text: str, keywords: Iterable[str]) -> list[str]:
    """The routing keywords that occur in ``text``, accents, case and punctuation aside
    (what may have sent a reassigned item to its first lead unit)."""
    words = f" {_NON_WORD.sub(' ', fold(text))} "
    return [k for k in keywords if f" {_NON_WORD.sub(' ', fold(k)).strip()} " in words]


def dmy(day: date) -> str:
    """A date as people write it: 15/10/2020."""
    return f"{day:%d/%m/%Y}"


def read_day(text: str) -> date:
    """A new due date as people write it (15/10/2020, 15-10-2020) or ISO (2020-10-15)."""
    for pattern in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise InputError("bad_extension_date", value=text)


@dataclass(frozen=True)
class Extension:
    """An extension request with its item, as pages, mails and the digest show it."""

    id: int
    item: ItemSnapshot
    dept: str
    old_due: date
    new_due: date
    reason: str
    state: str
    requested_by: str
    requested_at: datetime
    decided_by: str | None = None
    decided_at: datetime | None = None
    decision_note: str | None = None


@dataclass(frozen=True)
class Note:
    """A directive (``dept`` ``None``) or a supporting unit's contribution, on its item."""

    id: int
    item: ItemSnapshot
    text: str
    by: str
    at: datetime
    dept: str | None = None


@dataclass(frozen=True)
class DirectionNews:
    """What the weekly digest tells leadership of its direction: requests waiting for a
    decision, requests decided and directives written in the week it covers."""

    pending: tuple[Extension, ...] = ()
    decided: tuple[Extension, ...] = ()
    directives: tuple[Note, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.pending or self.decided or self.directives)
