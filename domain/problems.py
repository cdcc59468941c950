"""Problems found in user input, as codes with parameters.

The domain never formats user-facing text: it raises :class:`InputError` or returns
:class:`Notice` values, and the faces render them in the user's locale
(:mod:`domain.messages`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Notice:
    """A warning about input that was accepted (e.g. a task routed by default)."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)


class InputError(ValueError):
    """Input that cannot be accepted; nothing is changed."""

    def __init__(self, code: str, /, **params: Any) -> None:
        super().__init__(code, params)
        self.code = code
        self.params = params

    def __str__(self) -> str:
        from domain.messages import render

        return render(self.code, "en", **self.params)
