"""The ``workplan`` command. Each module registers its commands on :data:`app`, in the
order ``--help`` lists them.

Commands that do not run flows or serve pages must not import prefect or fastapi:
those imports live inside the commands that need them.
"""

from __future__ import annotations

import importlib

from workplan.cli.base import app

for _module in ("programme", "items", "web", "mail", "rollup", "jobs", "direction", "demo"):
    importlib.import_module(f"workplan.cli.{_module}")


def main() -> None:
    app()
