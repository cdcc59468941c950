"""Fixtures of the flow tests: one Prefect test harness for the whole session (every flow
test shares it), and the ``WORKPLAN_*`` environment a flow reads its settings from."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def prefect():
    """A temporary Prefect API for the session's real flow runs."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def flow_env(monkeypatch, mail_settings, db_url):
    """The flow reads WORKPLAN_* from its environment, as a deployment would."""
    env = {
        "WORKPLAN_HOME": str(mail_settings.home),
        "WORKPLAN_DATABASE_URL": db_url,
        "WORKPLAN_SECRET_KEY": mail_settings.secret_key,
        "WORKPLAN_SMTP_HOST": mail_settings.smtp_host,
        "WORKPLAN_SMTP_PORT": str(mail_settings.smtp_port),
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
