"""The kill harness: a real ``workplan`` process killed with SIGKILL at a random moment,
then run again to the end, then the scenario's invariants checked.

A scenario is one function, registered with :func:`scenario`: it receives a fresh
:class:`Site` (its own home and database) and a seeded random generator, and returns a
:class:`Trial`. :func:`run_trials` runs them round-robin and :func:`table` prints what
they found. Adding a scenario (the end-of-period rollup, say) is one more function in
:mod:`scenarios`; nothing here changes.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import text

from store.db import make_engine

WORKPLAN = str(Path(sys.executable).with_name("workplan"))
PG_URL = os.environ.get("WORKPLAN_TEST_DATABASE_URL")


@dataclass
class Trial:
    """What one trial did and found."""

    scenario: str
    backend: str
    killed: bool = False  # the kill landed before the process finished
    faults: int = 0  # kills and other faults injected
    checks: int = 0  # invariants checked
    violations: list[str] = field(default_factory=list)

    def check(self, holds: bool, what: str) -> None:
        """Count one invariant; remember it when it does not hold."""
        self.checks += 1
        if not holds:
            self.violations.append(what)


@dataclass
class Site:
    """A home and a database of one trial, and how to run ``workplan`` on them."""

    home: Path
    db_url: str
    backend: str
    extra_env: dict[str, str] = field(default_factory=dict)

    @property
    def env(self) -> dict[str, str]:
        keep = {k: v for k, v in os.environ.items() if not k.startswith("WORKPLAN_")}
        return keep | {
            "WORKPLAN_HOME": str(self.home), "WORKPLAN_DATABASE_URL": self.db_url,
            "WORKPLAN_LOCALE": "en", "WORKPLAN_SECRET_KEY": "soak-secret-of-thirty-two-characters",
        } | self.extra_env

    def run(self, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
        """Run ``workplan args`` to its end."""
        return subprocess.run(
            [WORKPLAN, *args], env=self.env | env, capture_output=True, text=True, timeout=300
        )

    def kill_during(self, after: float, *args: str, **env: str) -> bool:
        """Start ``workplan args``, SIGKILL it ``after`` seconds later; whether it was
        still running then."""
        process = subprocess.Popen(
            [WORKPLAN, *args], env=self.env | env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            process.wait(timeout=after)
            return False
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            process.wait()
            return True

    def engine(self):  # type: ignore[no-untyped-def]
        return make_engine(self.db_url)


Scenario = Callable[[Site, random.Random], Trial]
SCENARIOS: dict[str, Scenario] = {}


def scenario(name: str) -> Callable[[Scenario], Scenario]:
    """Register a scenario under ``name``."""

    def register(function: Scenario) -> Scenario:
        SCENARIOS[name] = function
        return function

    return register


def initialise(url: str) -> None:
    """``workplan init`` in this process (a process start saved for every trial)."""
    from config.loading import read_organisation
    from config.settings import DEFAULT_ORGANISATION
    from domain.organisation import Organisation
    from store.db import upgrade
    from store.departments import sync_departments

    engine = make_engine(url)
    upgrade(engine)
    sync_departments(engine, Organisation.from_dict(read_organisation(DEFAULT_ORGANISATION)))
    engine.dispose()


@contextmanager
def site(folder: Path, backend: str) -> Iterator[Site]:
    """A fresh home and initialised database (a PostgreSQL schema of its own, dropped
    after); SQLite copies a database initialised once."""
    home = folder / uuid.uuid4().hex[:8]
    home.mkdir(parents=True)
    if backend == "sqlite":
        template = folder / "template.db"
        if not template.exists():
            initialise(f"sqlite:///{template}")
        shutil.copyfile(template, home / "workplan.db")
        yield Site(home, f"sqlite:///{home / 'workplan.db'}", backend)
        return
    assert PG_URL, "PostgreSQL trials need WORKPLAN_TEST_DATABASE_URL"
    schema = f"k_{uuid.uuid4().hex[:12]}"
    admin = make_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in PG_URL else "?"
    url = f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    try:
        initialise(url)
        yield Site(home, url, backend)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def run_trials(
    kills: int, folder: Path, *, names: list[str], backends: list[str], seed: int = 13
) -> list[Trial]:
    """Trials until ``kills`` faults were injected, the scenarios and backends taken in
    turn, each seeded apart."""
    trials: list[Trial] = []
    k = 0
    while sum(t.faults for t in trials) < kills:
        name, backend = names[k % len(names)], backends[(k // len(names)) % len(backends)]
        with site(folder, backend) as place:
            trials.append(SCENARIOS[name](place, random.Random(seed * 100_003 + k)))
        k += 1
    return trials


def table(trials: list[Trial]) -> str:
    """Trials, kills that landed mid-run, faults, invariants checked, violations, by
    scenario and backend."""
    rows = [("scenario", "backend", "trials", "killed mid-run", "faults", "checks", "violations")]
    groups: dict[tuple[str, str], list[Trial]] = {}
    for trial in trials:
        groups.setdefault((trial.scenario, trial.backend), []).append(trial)
    for (name, backend), group in sorted(groups.items()):
        rows.append((
            name, backend, str(len(group)), str(sum(t.killed for t in group)),
            str(sum(t.faults for t in group)), str(sum(t.checks for t in group)),
            str(sum(len(t.violations) for t in group)),
        ))
    rows.append((
        "total", "", str(len(trials)), str(sum(t.killed for t in trials)),
        str(sum(t.faults for t in trials)), str(sum(t.checks for t in trials)),
        str(sum(len(t.violations) for t in trials)),
    ))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
