"""Where in the schedule file a refused setting is written: the line a message names."""

from __future__ import annotations

import re

from domain.problems import InputError


def line_of(text: str, problem: InputError) -> int | None:
    """The line of a refused setting: its key inside its table, or the table's header."""
    params, code = problem.params, problem.code
    if code == "schedule_missing_key":
        return None
    if code == "schedule_unknown_job":
        return _find(text.splitlines(), f"jobs.{params['job']}", None)
    if "job" in params:
        table, key = f"jobs.{params['job']}", "cron"
    elif code in ("unknown_timezone", "schedule_timezone_mismatch"):
        table, key = "", "timezone"
    else:
        table, _, key = str(params.get("key") or params.get("name") or "").rpartition(".")
    return _find(text.splitlines(), table, key) if key else None


def _find(lines: list[str], table: str, key: str | None) -> int | None:
    """The 1-based line of ``key =`` in ``[table]`` (the header itself when no key)."""
    start = 0
    if table:
        header = re.compile(rf"^\s*\[\s*{re.escape(table)}\s*\]")
        found = [n for n, line in enumerate(lines) if header.match(line)]
        if not found:
            return None
        if key is None:
            return found[0] + 1
        start = found[0] + 1
    entry = re.compile(rf"^\s*{re.escape(key or '')}\s*=")
    for n in range(start, len(lines)):
        if lines[n].lstrip().startswith("["):
            break
        if entry.match(lines[n]):
            return n + 1
    return None
