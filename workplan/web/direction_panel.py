"""What the direction partials read while a page renders: the Jinja global ``direction``.

The partials are included in pages others own (the department page's item card, the
board, the item page), so they fetch their own few rows instead of asking those pages'
handlers for them."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from domain.direction import Extension
from store.direction_reads import Card, ItemDirection, card, item_direction, pending_extensions
from workplan.web.auth import csrf_token
from workplan.web.context import WebState


@dataclass(frozen=True)
class Panel:
    """Reads for the partials, on the app's database."""

    web: WebState

    def card(self, item_id: int) -> Card:
        """The newest directives, contributions and request of an item (its card)."""
        with Session(self.web.runtime.engine) as session:
            return card(session, item_id)

    def item(self, item_id: int) -> ItemDirection:
        """Every request, directive and contribution of an item."""
        with Session(self.web.runtime.engine) as session:
            return item_direction(session, item_id)

    def pending(self) -> list[Extension]:
        """The requests waiting for leadership's decision, oldest first."""
        with Session(self.web.runtime.engine) as session:
            return pending_extensions(session)

    def csrf(self, token: str) -> str:
        """The form token of the link ``token``."""
        return csrf_token(self.web.secret, token)

    @staticmethod
    def base(path: str) -> str:
        """The link's own prefix (``/d/<token>`` or ``/board/<token>``) of a page's path."""
        return path.split("/items/", 1)[0]

    @staticmethod
    def token(path: str) -> str:
        """The link token in a page's path."""
        return path.split("/")[2]


def install(web: WebState) -> None:
    """Make ``direction`` available to every template."""
    web.env.globals["direction"] = Panel(web)
