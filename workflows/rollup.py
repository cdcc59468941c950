"""The end-of-period rollup as a flow: every period whose rollup time has passed and that
is not closed yet is rolled up once, oldest first (a month before its quarter), then the
outbox is delivered.

The schedule fires it daily at 07:00 (``config/schedule.toml``, job ``rollup``); on a
day that closes nothing it does nothing. A run that is late, repeated or fired twice
carries nothing twice (each period's ledger row, continuations and report mail commit
together), and a machine that was off across a period's end catches up on its next run.
Settings come from the ``WORKPLAN_*`` environment of the process running the flow.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from domain.periods import Period
from services.delivery import deliver
from services.rollup import due_periods, roll_up
from services.runtime import Runtime


@task(retries=2, retry_delay_seconds=60, cache_policy=NO_CACHE)
def close_one(rt: Runtime, key: str) -> dict[str, Any]:
    """Roll up the period ``key``; what it did, in plain values."""
    outcome = roll_up(rt, Period.from_key(key))
    return {"period": key, "state": outcome.state, "carried": len(outcome.carried)}


@task(retries=3, retry_delay_seconds=60, cache_policy=NO_CACHE)
def deliver_reports(rt: Runtime) -> dict[str, int]:
    """Send what the outbox holds; what cannot go now stays for the next run."""
    return deliver(rt).counts()


@flow(name="rollup")
def rollup_flow(as_of: datetime | None = None) -> dict[str, Any]:
    """Roll up every period that is due on ``as_of`` (default: now), oldest first."""
    rt = Runtime().at(as_of)
    try:
        done: list[dict[str, Any]] = []
        seen: set[str] = set()
        while due := [p.key for p in due_periods(rt) if p.key not in seen]:
            seen.add(due[0])  # a rollup creates the next month, which may be due too
            done.append(close_one(rt, due[0]))
        return {"periods": done} | deliver_reports(rt)
    finally:
        rt.close()
