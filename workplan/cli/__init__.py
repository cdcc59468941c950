"""The ``workplan`` command. Each module registers its commands on the app, in the order
``--help`` lists them.

An invocation loads only the module of the command it names (:data:`MODULES`), so that
a command starts without importing and building the other thirty-odd; ``workplan
--help``, no command and an unknown name load them all. ``from workplan.cli import app``
gives the app with every command (what the tests drive).

Commands that do not run flows or serve pages must not import prefect or fastapi:
those imports live inside the commands that need them.
"""

from __future__ import annotations

import gc
import importlib
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import typer

# Each command module and the top-level names (commands and groups) it registers.
MODULES: dict[str, tuple[str, ...]] = {
    "programme": ("init", "import", "programmes", "programme"),
    "items": ("items", "update", "history", "departments", "periods"),
    "web": ("link", "web"),
    "mail": ("mailbox", "outbox", "mail"),
    "rollup": ("rollup", "export"),
    "jobs": ("run", "schedule", "serve", "deploy", "worker"),
    "direction": ("extend", "reassign", "direct", "cancel", "contribute", "reassignments",
                  "extension"),
    "demo": ("demo",),
}


def load(command: str | None = None) -> typer.Typer:
    """The app with the module of ``command`` registered; every module when ``command``
    is None or no module names it."""
    from workplan.cli.base import app

    wanted = [module for module, names in MODULES.items() if command in names]
    for module in wanted or MODULES:
        importlib.import_module(f"workplan.cli.{module}")
    return app


def __getattr__(name: str) -> typer.Typer:
    if name == "app":
        return load()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    """Run the command the command line names, with only its module loaded."""
    try:
        load(sys.argv[1] if len(sys.argv) > 1 else None)()
    finally:
        # The process ends here, and what is alive now lives until it does: spare the
        # interpreter a last garbage collection over every object the imports made, which
        # takes longer than listing the items. Exit handlers still run as usual.
        gc.freeze()
