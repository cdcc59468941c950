"""The weekly leadership digest as a Prefect flow (see :mod:`services.digest`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from prefect import flow

from services.digest import digest
from workflows.tasks import run_job


@flow(name="digest")
def digest_flow(as_of: datetime | None = None) -> dict[str, Any]:
    """Queue and send this week's digest to leadership once."""
    return run_job(digest, as_of)
