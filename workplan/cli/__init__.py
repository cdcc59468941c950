"""The ``workplan`` command. Each module registers its commands on :data:`app`.

Commands that do not run flows or serve pages must not import prefect or fastapi:
those imports live inside the commands that need them.
"""

from __future__ import annotations

from workplan.cli import extra as _extra  # noqa: F401
from workplan.cli import items as _items  # noqa: F401  (registers commands)
from workplan.cli import programme as _programme  # noqa: F401
from workplan.cli.base import app


def main() -> None:
    app()
