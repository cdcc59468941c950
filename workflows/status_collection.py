"""Weekly status collection: ask each department for its progress on the open periods
that today falls in, then deliver the outbox.

Safe to retry, restart or run late: a request's outbox key names the department, the
period and the ISO week, so asking twice in a week queues nothing new, and delivery
sends each queued mail once. Settings come from the ``WORKPLAN_*`` environment of the
process running the flow, so no secret travels as a flow parameter.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from prefect import flow, task

from workplan.runtime import Runtime


@lru_cache(maxsize=1)
def _runtime() -> Runtime:
    """One runtime (settings, organisation, engine) per process running flows."""
    return Runtime()


@task
def periods_to_report(today: date) -> list[str]:
    """Keys of the open periods (months and quarters) that contain ``today``."""
    from sqlmodel import Session

    from store.periods import list_periods

    with Session(_runtime().engine) as session:
        return [
            p.key
            for p in list_periods(session, open_only=True)
            if p.kind in ("month", "quarter") and p.start <= today <= p.end
        ]


@task(retries=2, retry_delay_seconds=30)
def ask(dept: str, period: str, today: date) -> bool:
    """Queue one department's request for one period; ``False`` when nothing was queued."""
    from notifications.requests import request_status

    rt = _runtime()
    return request_status(
        rt.engine, settings=rt.settings, org=rt.org, dept=dept, period=period, today=today
    )


@task(retries=3, retry_delay_seconds=60)
def deliver() -> dict[str, int]:
    """Send what the outbox holds; what cannot go now stays pending for the next run."""
    from notifications.mailer import deliver_pending

    rt = _runtime()
    report = deliver_pending(rt.engine, rt.settings)
    return {
        "sent": len(report.sent),
        "retrying": len(report.retrying),
        "failed": len(report.failed),
    }


@flow(name="status-collection")
def collect_status(today: date | None = None, periods: list[str] | None = None) -> dict[str, int]:
    """Ask every department about ``periods`` (default: the open ones containing today)."""
    today = today or date.today()
    keys = periods if periods is not None else periods_to_report(today)
    queued = [ask(code, key, today) for key in keys for code in _runtime().org.codes]
    return {"queued": sum(queued)} | deliver()
