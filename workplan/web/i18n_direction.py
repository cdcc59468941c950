"""The direction pages' texts (extensions, directives, contributions, reassignment,
cancellation) are in the ``web`` catalogue, and the refusals a page or the API may show
(``Forbidden(code)``) in ``problems``, which the pages' lookup reads after ``web``
(:data:`workplan.web.i18n.DOMAINS`): the same words as on the command line."""

from __future__ import annotations

# Refusals raised as ``Forbidden(code)``.
REFUSALS = (
    "support_cannot_update", "support_cannot_extend", "leadership_only_decide",
    "leadership_only_reassign", "leadership_only_direct", "leadership_only_cancel",
    "contribution_support_only", "cancelled_by_leadership",
)  # fmt: skip


def register() -> None:
    """Nothing left to merge: the catalogues hold every text (kept for the app's set-up)."""
