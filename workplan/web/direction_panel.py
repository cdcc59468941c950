"""What the direction partials read while a page renders: the Jinja global ``direction``.

The partials are included in pages others own (the department page's item card, the
board, the item page), so they fetch their own few rows instead of asking those pages'
handlers for them."""

from __future__ import annotations

from sqlmodel import Session

from domain.direction import Extension
from store.direction_reads import Card, ItemDirection, cards, item_direction, pending_extensions
from workplan.web.auth import csrf_token
from workplan.web.context import WebState


class Panel:
    """Reads for the partials, on the app's database."""

    def __init__(self, web: WebState) -> None:
        self.web = web
        self._last: tuple[object, dict[int, Card]] | None = None

    def card(self, item_id: int, groups: object = None) -> Card:
        """The newest directives, contributions and request of an item (its card).

        ``groups``, the page's ``[(section, items)]``, lets one read serve every card of
        the page: the cards are kept with the very list they were read for."""
        kept = self._last
        if kept is None or kept[0] is not groups:
            try:
                ids = [i.id for _, items in groups for i in items]  # type: ignore[attr-defined]
            except (TypeError, ValueError, AttributeError):  # not a page's groups
                return self._cards([item_id]).get(item_id, Card())
            kept = self._last = (groups, self._cards(ids))  # one page's cards, no older
        return kept[1].get(item_id, Card())

    def _cards(self, ids: list[int]) -> dict[int, Card]:
        with Session(self.web.runtime.engine) as session:
            return cards(session, ids)

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
