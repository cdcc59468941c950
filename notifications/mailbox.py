"""A local SMTP sink for development and the demo: every message becomes an ``.eml`` file.

File names sort by arrival: ``20200814T083000123456Z-0001-<key>.eml`` (UTC time, a
counter, the ``X-Workplan-Key`` header made safe for file names).
"""

from __future__ import annotations

import asyncio
import itertools
import re
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from email.parser import BytesHeaderParser
from pathlib import Path
from typing import Any

KEY_HEADER = "X-Workplan-Key"
_UNSAFE = re.compile(r"[^A-Za-z0-9._@+-]+")


class Mailbox:
    """An aiosmtpd handler that writes each message it accepts to ``directory``."""

    def __init__(self, directory: Path, *, on_saved: Callable[[Path], None] | None = None) -> None:
        self.directory = Path(directory)
        self.on_saved = on_saved
        self._counter = itertools.count(1)
        self._lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        path = self.save(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content)
        if self.on_saved is not None:
            self.on_saved(path)
        return "250 Message accepted for delivery"

    def save(self, mail_from: str, rcpt_tos: list[str], content: bytes) -> Path:
        """Write one message, with its envelope in front, atomically; return the file."""
        headers = BytesHeaderParser().parsebytes(content)
        key = _UNSAFE.sub("_", str(headers.get(KEY_HEADER) or "message")).strip("_")[:80]
        with self._lock:
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
            name = f"{stamp}-{next(self._counter):04d}-{key or 'message'}.eml"
        envelope = f"Return-Path: <{mail_from}>\r\nX-Envelope-To: {', '.join(rcpt_tos)}\r\n"
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self.directory / name
        partial = path.with_suffix(".eml.part")
        partial.write_bytes(envelope.encode() + content)
        partial.replace(path)
        return path


def start_mailbox(
    directory: Path,
    host: str = "127.0.0.1",
    port: int = 8025,
    *,
    handler: Mailbox | None = None,
    on_saved: Callable[[Path], None] | None = None,
) -> Any:
    """Start the sink in a background thread; ``port=0`` picks a free port.

    Returns the aiosmtpd controller: ``.port`` is the port it listens on, ``.stop()``
    stops it.
    """
    from aiosmtpd.controller import Controller

    class _Controller(Controller):
        def _run(self, ready_event: threading.Event) -> None:
            try:
                super()._run(ready_event)
            finally:
                if self._thread_exception is not None and not self.loop.is_closed():
                    self.loop.close()  # it never ran: nothing else will close it
                ready_event.set()  # a port in use is reported at once, not after a timeout

        def _trigger_server(self) -> None:
            if self._thread_exception is not None:
                raise self._thread_exception
            # learn the port the OS chose
            if self.port == 0 and isinstance(self.server, asyncio.Server):
                self.port = self.server.sockets[0].getsockname()[1]
            super()._trigger_server()

    controller = _Controller(
        handler or Mailbox(directory, on_saved=on_saved),
        hostname=host,
        port=port,
        server_hostname="workplan-mailbox",
        ready_timeout=10,
    )
    controller.start()
    return controller
