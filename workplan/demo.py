"""``make demo``: a fresh database under ``var/``, the sample programme imported, and
its items shown by period and department — all on the embedded defaults."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from rich.rule import Rule

from workplan.cli.base import app, console, reset_runtime

SAMPLE = Path(__file__).resolve().parent.parent / "examples" / "bac-giang-khcn-2020-07-q3.md"


def run(args: list[str]) -> None:
    """One CLI command, shown as a user would type it."""
    console.print(Rule(f"[bold]$ workplan {' '.join(args)}", align="left"))
    reset_runtime()
    try:
        app(args, standalone_mode=False)
    except SystemExit as exc:  # typer.Exit inside standalone_mode=False
        if exc.code:
            raise


def main() -> None:
    home = Path(os.environ.get("WORKPLAN_HOME", "var"))
    for name in ("workplan.db", "workplan.db-wal", "workplan.db-shm"):
        (home / name).unlink(missing_ok=True)
    shutil.rmtree(home / "mail", ignore_errors=True)
    sample = os.path.relpath(SAMPLE)
    run(["init"])
    run(["import", sample])
    run(["import", sample])  # a second import changes nothing, and says so
    run(["items", "--dept", "TTRA"])
    run(["periods"])
    run(["departments"])


if __name__ == "__main__":
    main()
