"""The kill harness in the suite: trials until 20 processes were killed
(``WORKPLAN_SOAK_KILLS``; ``make soak`` kills 200), import and delivery in turn, on SQLite
and, when ``WORKPLAN_TEST_DATABASE_URL`` is set, PostgreSQL; the table of what they found
is printed; no invariant may fail."""

from __future__ import annotations

import os

from . import scenarios  # noqa: F401  (registers the scenarios)
from .harness import PG_URL, SCENARIOS, run_trials, table

KILLS = int(os.environ.get("WORKPLAN_SOAK_KILLS", "20"))


def test_processes_killed_at_random_lose_and_double_nothing(tmp_path):
    backends = ["sqlite", "postgresql"] if PG_URL else ["sqlite"]
    trials = run_trials(KILLS, tmp_path, names=sorted(SCENARIOS), backends=backends)
    print("\n" + table(trials))
    violations = [f"{t.scenario}/{t.backend}: {v}" for t in trials for v in t.violations]
    assert violations == []
    assert sum(t.faults for t in trials) >= KILLS
    assert any(t.killed for t in trials)  # some kills landed mid-run, not after the end
