"""The replay: a fresh database in the demo's own home, the sample imported, then each
moment of the timeline with the clock set to it — a job fires through its service
function and the outbox is delivered to the local mailbox, or the departments answer."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from config.settings import Settings
from services.delivery import deliver
from services.importing import import_file
from services.jobs import schedule_of
from services.runtime import Runtime
from workplan.demo.simulation import Departments, choose_silent
from workplan.demo.timeline import Moment, moments

SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "bac-giang-khcn-2020-07-q3.md"
IMPORT_AT = time(9, 0)


def demo_settings(settings: Settings, home: Path, smtp_port: int) -> Settings:
    """The demo's own settings: its home, its SQLite file, the local mailbox; never the
    configured database."""
    return settings.model_copy(update={
        "home": home, "database_url": None, "now": None, "smtp_host": "127.0.0.1",
        "smtp_port": smtp_port, "smtp_user": None, "smtp_password": None,
        "smtp_starttls": False, "smtp_ssl": False, "base_url": settings.base_url,
    })  # fmt: skip


def fresh_home(home: Path) -> None:
    """Empty the demo's home (only ever ``<home>/demo``), keeping nothing of a last run."""
    if home.name != "demo":
        raise ValueError(f"not a demo home: {home}")
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)


@dataclass
class Replay:
    """What the replay did, for the summary."""

    start: date
    end: date
    silent: str
    fired: dict[str, int] = field(default_factory=dict)
    departments: Departments | None = None


def jobs() -> dict[str, Callable[[Runtime], Any]]:
    """The job functions the scheduled flows run, by the schedule's job names."""
    from services.chasing import chase
    from services.digest import digest
    from services.reminders import remind
    from services.rollup import catch_up
    from services.status_requests import collect

    return {"remind": remind, "collect": collect, "chase": chase, "digest": digest,
            "rollup": catch_up}  # fmt: skip


def replay(
    rt: Runtime, *, start: date, end: date, seed: int,
    step: Callable[[Moment, int, int], None] = lambda *_: None,
) -> Replay:
    """Import the sample on ``start`` and replay every moment until ``end``."""
    from store.db import upgrade
    from store.departments import sync_departments

    upgrade(rt.engine)
    sync_departments(rt.engine, rt.org)
    day_one = rt.at(datetime.combine(start, IMPORT_AT))
    import_file(day_one, SAMPLE)
    silent = choose_silent(day_one, seed)
    done = Replay(start, end, silent, departments=Departments(seed, silent))
    timeline = moments(schedule_of(rt), rt.calendar, start, end)
    run = jobs()
    for n, moment in enumerate(timeline):
        at = rt.at(moment.at)
        if moment.what == "answers":
            assert done.departments is not None
            done.departments.answer(at, rt.calendar)
        else:
            run[moment.what](at)
            done.fired[moment.what] = done.fired.get(moment.what, 0) + 1
        deliver(at)
        step(moment, n + 1, len(timeline))
    return done
