"""The daily reminders as a Prefect flow (see :mod:`services.reminders`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from prefect import flow

from services.reminders import remind
from workflows.tasks import run_job


@flow(name="remind")
def remind_flow(as_of: datetime | None = None) -> dict[str, Any]:
    """Queue and send today's reminders once (``as_of`` replays another moment)."""
    return run_job(remind, as_of)
