"""The two stages every job's flow runs: queue the mail (decide, render and write the
outbox rows with the ledger entry, in one transaction) and deliver the outbox.

One task per stage, never one per item or per mail: a task costs milliseconds in the
client and tens of milliseconds on a SQLite Prefect server. Tasks receive the runtime, not
database rows; settings come from the ``WORKPLAN_*`` environment of the process running
the flow, so no secret travels as a flow parameter.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from domain.messages import render
from services.delivery import deliver
from services.jobs import JobReport
from services.runtime import Runtime

UseCase = Callable[..., JobReport]


@task(name="queue-mail", cache_policy=NO_CACHE)
def queue_mail(rt: Runtime, use_case: UseCase) -> dict[str, Any]:
    """Decide and queue a job's mail once; problems (a department without an address)
    are logged and the others served."""
    report = use_case(rt)
    logger = get_run_logger()
    for problem in report.problems:
        logger.warning(render(problem.code, rt.locale, **problem.params))
    return report.summary()


@task(name="deliver-outbox", retries=3, retry_delay_seconds=60, cache_policy=NO_CACHE)
def deliver_outbox(rt: Runtime) -> dict[str, int]:
    """Send what the outbox holds; what cannot go now stays pending for the next run."""
    return deliver(rt).counts()


def run_job(use_case: UseCase, as_of: datetime | date | None) -> dict[str, Any]:
    """A flow's body: a runtime at ``as_of`` (now when ``None``), the two stages, closed."""
    rt = Runtime().at(as_of)
    try:
        return queue_mail(rt, use_case) | deliver_outbox(rt)
    finally:
        rt.close()
