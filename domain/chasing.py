"""Who answered a round of status requests, and who gets a chaser (*thư nhắc lại*).

A department answered when at least one of the items it was asked about has an update
recorded since the request; one that updated none of them is chased. Which updates count
(people's, not imports) is the store's query; here only item ids arrive.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class StatusRound:
    """One round of status requests: what each department was asked about, and when."""

    asked_at: datetime
    requested: Mapping[str, frozenset[int]]


@dataclass(frozen=True)
class DeptResponse:
    """How one department answered: items asked about and items updated since."""

    dept: str
    requested: int
    updated: int

    @property
    def answered(self) -> bool:
        return self.updated > 0

    @property
    def percent(self) -> int:
        """Share of the requested items updated, in whole percent."""
        return round(100 * self.updated / self.requested) if self.requested else 0


@dataclass(frozen=True)
class RoundResponse:
    asked_at: datetime
    departments: tuple[DeptResponse, ...]

    @property
    def asked(self) -> int:
        return len(self.departments)

    @property
    def answered(self) -> int:
        return sum(d.answered for d in self.departments)

    @property
    def percent(self) -> int:
        """Answered departments among those asked, in whole percent (0 when none asked)."""
        return round(100 * self.answered / self.asked) if self.asked else 0

    @property
    def to_chase(self) -> tuple[str, ...]:
        """Departments that updated none of their requested items, by code."""
        return tuple(d.dept for d in self.departments if not d.answered)


def silent_departments(
    requested: Mapping[str, Collection[int]], updated: Collection[int]
) -> tuple[str, ...]:
    """The departments to chase, by code: asked about items none of which is in
    ``updated`` (what :attr:`RoundResponse.to_chase` gives, without counting answers)."""
    seen = updated if isinstance(updated, (set, frozenset)) else frozenset(updated)
    return tuple(sorted(dept for dept, ids in requested.items() if ids and seen.isdisjoint(ids)))


def assess_round(status_round: StatusRound, *, updated: Collection[int]) -> RoundResponse:
    """Match the round against ``updated``: ids of items with an update recorded since
    ``status_round.asked_at``. Departments asked about no item are left out."""
    seen = frozenset(updated)
    return RoundResponse(
        status_round.asked_at,
        tuple(
            DeptResponse(dept, len(ids), len(seen.intersection(ids)))
            for dept, ids in sorted(status_round.requested.items())
            if ids
        ),
    )
