"""Who a department is to an item: its lead unit (chủ trì) or a supporting unit (phối hợp)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Literal

Role = Literal["lead", "support"]


def role_of(lead: str, support: Collection[str], dept: str | None) -> Role | None:
    """``lead`` or ``support`` when ``dept`` works on the item; leadership (None) is ``lead``."""
    if dept is None or lead == dept:
        return "lead"
    return "support" if dept in support else None
