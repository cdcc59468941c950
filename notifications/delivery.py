"""How one delivery attempt ends for its outbox row: sent, tried again later, failed, or
unknown.

The guarantee: a message is sent **at most once automatically**, and **never silently
lost**: every row ends ``sent``, ``failed`` or ``unknown`` (or still waits, ``pending``),
and the last two are listed for a person to act on.

- Accepted: ``sent`` at once, so a second delivery run sends nothing.
- Unknown (the message went out in full but the server's reply never came: the
  connection dropped, or the reply was slower than ``WORKPLAN_SMTP_TIMEOUT``; or the
  deliverer died after the message left): the server has probably accepted it, so it is
  never sent again automatically. It stays ``unknown``, is shown by
  ``workplan outbox --unknown``, in the digest and on the board, and a person resends it
  with ``workplan outbox --resend ID`` when it did not arrive.
- Transient (connection refused or dropped, timeouts, 4xx replies): back to
  ``pending`` with the error and a back-off of 1, 5, 15, 60, 240 then 720 minutes;
  after :data:`MAX_ATTEMPTS` it becomes ``failed``.
- Permanent (5xx for the message or for every recipient): ``failed``, shown by
  ``workplan outbox --failed`` and re-queued by ``workplan outbox --retry --failed``.
- Mixed (the server took the message for some recipients and refused others): the row
  is ``sent`` (the accepted ones must not receive it twice) and a copy addressed to the
  refused recipients only is queued: ``failed`` when every refusal was 5xx, else
  ``pending`` to be retried. It keeps the original's Message-ID.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy.engine import Engine

from store.outbox import (
    Claimed,
    mark_failed,
    mark_retry,
    mark_sent,
    mark_unknown,
    split_refused,
)

BACKOFF_MINUTES = (1, 5, 15, 60, 240, 720)
MAX_ATTEMPTS = 10


@dataclass
class DeliveryReport:
    """What one delivery run did, by outbox key."""

    sent: list[str] = field(default_factory=list)
    retrying: list[tuple[str, str]] = field(default_factory=list)  # (key, error)
    failed: list[tuple[str, str]] = field(default_factory=list)
    unknown: list[tuple[str, str]] = field(default_factory=list)  # left, no reply came
    skipped: int = 0  # rows another deliverer claimed first
    left: int = 0  # rows still due when the run stopped at its limit (the next run sends them)

    @property
    def ok(self) -> bool:
        return not self.retrying and not self.failed and not self.unknown

    def counts(self) -> dict[str, int]:
        """How many were sent, wait for a retry, failed for good; ``unknown`` and ``left``
        are added when there are any."""
        counts = {"sent": len(self.sent), "retrying": len(self.retrying)}
        counts["failed"] = len(self.failed)
        if self.unknown:
            counts["unknown"] = len(self.unknown)
        if self.left:
            counts["left"] = self.left
        return counts


@dataclass(frozen=True)
class Outcome:
    kind: Literal["sent", "retry", "failed", "partial", "unknown"]
    error: str = ""
    refused: tuple[str, ...] = ()  # partial only: the recipients the server refused
    permanent: bool = True  # partial only: every refusal was 5xx

    @classmethod
    def refused_by(
        cls, replies: Mapping[str, tuple[int, bytes | str]], *, everyone: bool
    ) -> Outcome:
        """An outcome from smtplib's ``{address: (code, reply)}`` of refused recipients."""
        error = "; ".join(f"{addr}: {code} {_text(msg)}" for addr, (code, msg) in replies.items())
        permanent = all(code >= 500 for code, _ in replies.values())
        if everyone:
            return cls("failed" if permanent else "retry", error)
        return cls("partial", error, tuple(replies), permanent)


def backoff(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failed attempt."""
    return timedelta(minutes=BACKOFF_MINUTES[min(max(attempts, 1), len(BACKOFF_MINUTES)) - 1])


def settle(
    engine: Engine, row: Claimed, outcome: Outcome, *, now: datetime, report: DeliveryReport
) -> None:
    """Write the outcome of one attempt on its row (in its own transaction)."""
    if outcome.kind == "sent":
        mark_sent(engine, row.id, now=now)
        report.sent.append(row.key)
    elif outcome.kind == "unknown":
        mark_unknown(engine, row, error=outcome.error)
        report.unknown.append((row.key, outcome.error))
    elif outcome.kind == "failed":
        mark_failed(engine, row, error=outcome.error)
        report.failed.append((row.key, outcome.error))
    elif outcome.kind == "retry":
        if row.attempts >= MAX_ATTEMPTS:
            error = f"{outcome.error} (gave up after {row.attempts} attempts)"
            mark_failed(engine, row, error=error)
            report.failed.append((row.key, error))
        else:
            mark_retry(engine, row, error=outcome.error, at=now + backoff(row.attempts))
            report.retrying.append((row.key, outcome.error))
    else:
        state = "failed" if outcome.permanent else "pending"
        later = None if outcome.permanent else now + backoff(row.attempts)
        key = split_refused(
            engine,
            row,
            outcome.refused,
            state=state,
            error=outcome.error,
            now=now,
            next_attempt_at=later,
        )
        report.sent.append(row.key)
        (report.failed if outcome.permanent else report.retrying).append((key, outcome.error))


def _text(reply: bytes | str) -> str:
    text = reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
    return " ".join(text.split())
