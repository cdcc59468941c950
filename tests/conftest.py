"""Shared fixtures: settings in a temporary home, and real databases.

Data-layer tests take the ``db_url`` fixture, which runs each of them on SQLite and,
when ``WORKPLAN_TEST_DATABASE_URL`` names a PostgreSQL server, on PostgreSQL too (each
test in a schema of its own, dropped afterwards).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from config.loading import read_organisation
from config.settings import DEFAULT_ORGANISATION, Settings
from domain.organisation import Organisation
from services.runtime import Runtime

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "bac-giang-khcn-2020-07-q3.md"
PG_URL = os.environ.get("WORKPLAN_TEST_DATABASE_URL")


@pytest.fixture(scope="session")
def org() -> Organisation:
    return Organisation.from_dict(read_organisation(DEFAULT_ORGANISATION))


@pytest.fixture
def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database URL with an empty database behind it (no schema yet)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'workplan.db'}"
        return
    if not PG_URL:
        pytest.skip("PostgreSQL tests need WORKPLAN_TEST_DATABASE_URL")
    from store.db import make_engine

    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = make_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in PG_URL else "?"
    try:
        yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def settings(tmp_path: Path, db_url: str) -> Settings:
    """Settings with a temporary home and the test database."""
    return Settings(home=tmp_path / "var", database_url=db_url, secret_key="test-secret-key")


@pytest.fixture
def rt(settings: Settings, org: Organisation) -> Iterator[Runtime]:
    """A runtime on a migrated database with the organisation's departments loaded."""
    from store.db import upgrade
    from store.departments import sync_departments

    runtime = Runtime(settings)
    upgrade(runtime.engine)
    sync_departments(runtime.engine, org)
    yield runtime
    runtime.close()


@pytest.fixture
def engine(rt: Runtime) -> Engine:
    """The engine of :func:`rt`."""
    return rt.engine
