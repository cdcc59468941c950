"""The item filters of the pages, read from a query string as a form without script sends
it (empty fields mean "any")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import Request

from domain.problems import InputError
from services.listing import MAX_DAYS, ItemFilter

STATES = ("overdue", "soon", "open", "finished")  # the department page's "Tình trạng"
SOON_DAYS = 7  # "due soon": within a week


@dataclass(frozen=True)
class Asked:
    """The filter values as typed, to show them back in the form."""

    values: dict[str, str]

    def __getattr__(self, name: str) -> str:
        return self.values.get(name, "")

    @property
    def any(self) -> bool:
        return any(self.values.values())


def asked(request: Request, *names: str) -> Asked:
    """The query's values of ``names``, trimmed."""
    return Asked({n: request.query_params.get(n, "").strip() for n in names})


def item_filter(values: Asked, **fixed: Any) -> ItemFilter:
    """The filter the page's form asks for (``fixed``: what the page itself imposes)."""
    return ItemFilter(
        period=values.period or None,
        dept=values.dept or None,
        status=values.status or None,
        report_class=values.result or None,
        search=values.q or None,
        overdue=values.overdue in ("1", "on", "true"),
        due_within=_days(values.due_within),
        **fixed,
    )


def state_filter(state: str) -> dict[str, Any]:
    """The filter fields of one of the department page's states."""
    if state == "overdue":
        return {"overdue": True}
    if state == "soon":
        return {"due_within": SOON_DAYS}
    return {}


def _days(raw: str) -> int | None:
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise InputError("bad_due_within", value=raw, maximum=MAX_DAYS) from None
