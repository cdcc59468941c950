"""The weekly status collection and its chaser as Prefect flows (see
:mod:`services.status_requests` and :mod:`services.chasing`).

Safe to retry, restart or run late: the ledger keeps one round per ISO week, and the
outbox sends each mail once.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from prefect import flow

from services.chasing import chase
from services.status_requests import collect
from workflows.tasks import run_job


@flow(name="collect")
def collect_flow(as_of: datetime | None = None) -> dict[str, Any]:
    """Ask every department for its progress, once this week."""
    return run_job(collect, as_of)


@flow(name="chase")
def chase_flow(as_of: datetime | None = None) -> dict[str, Any]:
    """Chase, once this week, the departments that have not answered."""
    return run_job(chase, as_of)
