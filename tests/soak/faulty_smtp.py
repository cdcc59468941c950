"""An SMTP server on loopback that counts what it accepts by the message's outbox key and
recipient, and misbehaves on demand: temporary refusals (451) for a share of messages,
550 for some recipients, a dropped connection after the message (no reply), a reply
slower than the client's timeout."""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from email import message_from_bytes
from pathlib import Path
from typing import Any

from notifications.mailbox import Mailbox, start_mailbox


class FaultyMailbox(Mailbox):
    """Counts accepted messages per (key, recipient); faults chosen by a seeded generator."""

    def __init__(self, *, seed: int = 13) -> None:
        super().__init__(Path("/nonexistent"))
        self.rng = random.Random(seed)
        self.accepted: Counter[tuple[str, str]] = Counter()
        self.temporary_rate = 0.0  # share of messages answered 451
        self.drop_rate = 0.0  # share of messages kept, then the connection closed unanswered
        self.lose_rate = 0.0  # share of messages dropped unkept and unanswered (mid-DATA)
        self.hang_rate = 0.0  # share of messages kept after ``hang`` seconds
        self.hang = 0.0
        self.delay = 0.0  # seconds before answering every message
        self.refused: set[str] = set()  # recipients answered 550
        self.faults: Counter[str] = Counter()

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,  # noqa: N802
                          rcpt_options: list[str]) -> str:
        if address in self.refused:
            self.faults["550 recipient"] += 1
            return "550 5.1.1 User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        roll = self.rng.random()
        if self.delay:
            await asyncio.sleep(self.delay)
        if roll < self.temporary_rate:
            self.faults["451 message"] += 1
            return "451 4.3.0 Try again later"
        roll -= self.temporary_rate
        if roll < self.lose_rate:
            self.faults["dropped mid-DATA"] += 1
            server.transport.close()
            return "250 OK"
        roll -= self.lose_rate
        if roll < self.drop_rate:
            self.faults["reply lost"] += 1
            self.keep(envelope)
            server.transport.close()
            return "250 OK"
        roll -= self.drop_rate
        if roll < self.hang_rate:
            self.faults["hung"] += 1
            await asyncio.sleep(self.hang)
        self.keep(envelope)
        return "250 OK"

    def keep(self, envelope: Any) -> None:
        key = message_from_bytes(envelope.content)["X-Workplan-Key"]
        for address in envelope.rcpt_tos:
            self.accepted[key, address] += 1


def start(handler: FaultyMailbox, port: int = 0) -> Any:
    """Serve ``handler`` on loopback (``port=0``: a free one); ``.port``, ``.stop()``."""
    return start_mailbox(Path("/nonexistent"), "127.0.0.1", port, handler=handler)
