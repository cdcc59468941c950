"""Prefect's settings for workplan, set before Prefect is imported: its home under the
workplan home, no telemetry, a server start-up timeout that a busy 2-core machine meets.

Prefect reads ``PREFECT_*`` from the environment when it is imported: entry points call
:func:`configure` first, and a value already in the environment (an administrator's) wins.
"""

from __future__ import annotations

import os
from collections.abc import MutableMapping

from config.settings import Settings

STARTUP_TIMEOUT = 120  # seconds; Prefect's default of 20 is missed on a busy 2-core machine


def prefect_environment(settings: Settings) -> dict[str, str]:
    """The ``PREFECT_*`` values workplan runs Prefect with."""
    return {
        "PREFECT_HOME": str((settings.home / "prefect").resolve()),
        # Prefect's telemetry prints a "database is locked" traceback on SQLite.
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": str(STARTUP_TIMEOUT),
        "PREFECT_UI_SHOW_PROMOTIONAL_CONTENT": "false",
    }


def configure(settings: Settings, environ: MutableMapping[str, str] | None = None) -> None:
    """Put workplan's Prefect settings in the environment, keeping any already set."""
    target = os.environ if environ is None else environ
    for name, value in prefect_environment(settings).items():
        target.setdefault(name, value)


def api_url() -> str | None:
    """The Prefect server named by ``PREFECT_API_URL``, if any."""
    return os.environ.get("PREFECT_API_URL") or None
