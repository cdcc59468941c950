"""Shared fixtures: settings in a temporary home, real databases, and a real SMTP server on
loopback (aiosmtpd) that receives what yagmail sends.

Data-layer tests take the ``db_url`` fixture, which runs each of them on SQLite and,
when ``WORKPLAN_TEST_DATABASE_URL`` names a PostgreSQL server, on PostgreSQL too (each
test in a schema of its own, dropped afterwards).
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import os
import socket
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

import texts  # noqa: F401 -- the catalogues as the domain's wording, as every entry point has them
from config.loading import read_organisation
from config.settings import DEFAULT_ORGANISATION, Settings
from domain.organisation import Organisation
from notifications.mailbox import Mailbox, start_mailbox
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
    return Settings(home=tmp_path / "var", database_url=db_url, secret_key="test-secret-key-of-thirty-two-chars")


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


class TestMailbox(Mailbox):
    """The development mailbox, plus what tests steer: refusals, dropped connections."""

    __test__ = False

    def __init__(self, directory: Path) -> None:
        super().__init__(directory)
        self.refuse: dict[str, str] = {}  # address -> SMTP reply, e.g. "550 5.1.1 no such user"
        self.data_reply: str | None = None  # refuse every message body with this reply
        self.drop_after_data = False  # close the connection after accepting a message
        self.peers: list[tuple[str, int]] = []  # client address of each accepted message
        self.delay = 0.0  # seconds to think before accepting a message

    async def handle_RCPT(
        self,
        server: Any,
        session: Any,
        envelope: Any,  # noqa: N802
        address: str,
        rcpt_options: list[str],
    ) -> str:
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.data_reply:
            return self.data_reply
        reply = await super().handle_DATA(server, session, envelope)
        self.peers.append(session.peer)
        if self.drop_after_data:
            server.loop.call_soon(server.transport.close)
        return reply


@dataclass
class SmtpServer:
    controller: Any
    handler: TestMailbox
    directory: Path
    stopped: bool = field(default=False)

    @property
    def port(self) -> int:
        return int(self.controller.port)

    def files(self) -> list[Path]:
        if not self.directory.exists():
            return []
        return sorted(self.directory.glob("*.eml"))

    def messages(self) -> list[EmailMessage]:
        return [
            email.message_from_bytes(p.read_bytes(), policy=email.policy.default)  # type: ignore[misc]
            for p in self.files()
        ]

    def stop(self) -> None:
        if not self.stopped:
            self.controller.stop()
            self.stopped = True


def _start(directory: Path, port: int = 0) -> SmtpServer:
    handler = TestMailbox(directory)
    controller = start_mailbox(directory, "127.0.0.1", port, handler=handler)
    return SmtpServer(controller, handler, directory)


@pytest.fixture
def smtp_server(tmp_path: Path) -> Iterator[SmtpServer]:
    """An SMTP server on a free loopback port that keeps each message as a file."""
    server = _start(tmp_path / "received")
    yield server
    server.stop()


@pytest.fixture
def mail_settings(settings: Settings, smtp_server: SmtpServer) -> Settings:
    """Settings that send to :func:`smtp_server`."""
    return settings.model_copy(update={"smtp_port": smtp_server.port, "smtp_host": "127.0.0.1"})


@pytest.fixture
def start_server(tmp_path: Path) -> Iterator[Callable[[int], SmtpServer]]:
    """Start an SMTP server on a given port, later in a test (stopped at the end)."""
    started: list[SmtpServer] = []

    def start(port: int) -> SmtpServer:
        started.append(_start(tmp_path / "received-later", port))
        return started[-1]

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def refused_port() -> int:
    """A loopback port nobody listens on (connections to it are refused at once)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# -- A real Prefect server for the deployment and `serve` tests --------------------------


@pytest.fixture(scope="session")
def prefect_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real ``prefect server start`` on loopback for the session, as ``workplan serve``
    starts it; its API address. Tests using it are skipped only if it cannot start."""
    from workflows.prefect_server import ServerDidNotStart, start_server

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    home = tmp_path_factory.mktemp("prefect-server")
    try:
        server = start_server(Settings(home=home, prefect_port=port), timeout=240)
    except ServerDidNotStart as exc:
        pytest.skip(f"prefect server start did not answer: {exc}")
    yield server.url
    server.stop()
