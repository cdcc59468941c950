"""The unit tests' report: one summary line per corpus document."""

from __future__ import annotations

from typing import Any


def pytest_terminal_summary(terminalreporter: Any) -> None:
    lines = [
        value
        for outcome in ("passed", "failed")
        for report in terminalreporter.stats.get(outcome, [])
        for name, value in getattr(report, "user_properties", [])
        if name == "corpus" and report.when == "call"
    ]
    if lines:
        terminalreporter.section("programme corpus")
        for line in sorted(lines):
            terminalreporter.write_line(line)
