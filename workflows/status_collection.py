"""Weekly status collection: ask each department for its progress on the open periods
that today falls in, then deliver the outbox.

Safe to retry, restart or run late: a request's outbox key names the department, the
period and the ISO week, so asking twice in a week queues nothing new, and delivery
sends each queued mail once. Settings come from the ``WORKPLAN_*`` environment of the
process running the flow, so no secret travels as a flow parameter.
"""

from __future__ import annotations

from datetime import date, datetime

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from domain.periods import Period
from services.delivery import deliver
from services.runtime import Runtime
from services.status_requests import open_periods_on, request_status


@task(retries=2, retry_delay_seconds=30, cache_policy=NO_CACHE)
def ask_departments(rt: Runtime, periods: list[str] | None) -> int:
    """Queue each department's request for each period; how many were queued."""
    chosen = [Period.from_key(k) for k in periods] if periods else open_periods_on(rt)
    return sum(request_status(rt, dept=code, period=p) for p in chosen for code in rt.org.codes)


@task(retries=3, retry_delay_seconds=60, cache_policy=NO_CACHE)
def deliver_outbox(rt: Runtime) -> dict[str, int]:
    """Send what the outbox holds; what cannot go now stays pending for the next run."""
    report = deliver(rt)
    return report.counts()


@flow(name="status-collection")
def collect_status(
    as_of: datetime | date | None = None, periods: list[str] | None = None
) -> dict[str, int]:
    """Ask every department about ``periods`` (default: the open ones containing the day)."""
    rt = Runtime().at(as_of)
    try:
        return {"queued": ask_departments(rt, periods)} | deliver_outbox(rt)
    finally:
        rt.close()
