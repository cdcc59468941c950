"""Delivering the outbox through yagmail: one SMTP connection per batch, each row sent once.

What yagmail 0.15 does, and what this module does about it:

- ``send()`` opens a new connection on every call and never closes the old one. Here
  one ``yagmail.SMTP`` connects once per batch (:meth:`_Connection.open`) and is
  closed after it; messages go through ``_attempt_send``, the sending half of ``send()``.
- On a dropped connection ``_attempt_send`` retries on the same dead socket for about
  18 s (sleeps of 3, 6 and 9 s, no setting changes them) and then returns ``False``.
  The connection is therefore opened up front (a refused connection fails at once) and
  checked with NOOP before each message, reopening it once when the server dropped it;
  a ``False`` that still comes back counts as a transient failure.
- Recipients refused while others are accepted come back as a dict, not an exception:
  :mod:`notifications.delivery` says what each outcome means for the row.
- A ``user`` without "@" gets "@gmail.com" appended and a missing password sends it to
  the keyring and then to an interactive prompt: the user is given as a dict and the
  password as a string, never ``None``. Its logger prints to stderr: silenced, since
  every failure is recorded on its row.
- The message is built by :mod:`notifications.message`, which explains the MIME fixes.
"""

from __future__ import annotations

import smtplib
from datetime import UTC, datetime, timedelta
from email.utils import parseaddr
from typing import Any

from sqlalchemy.engine import Engine

from config.settings import Settings
from notifications.delivery import DeliveryReport, Outcome, settle
from notifications.message import build_message
from store.outbox import Claimed, claim, due_rows

SMTP_TIMEOUT = 20  # seconds for connecting and for each reply; yagmail passes it to smtplib
LEASE = timedelta(minutes=10)  # a claimed row is due again if its deliverer vanished


def deliver_pending(
    engine: Engine,
    settings: Settings,
    *,
    now: datetime,
    limit: int = 100,
    keys: list[str] | None = None,
) -> DeliveryReport:
    """Send the rows that are due (only ``keys`` when given) over one SMTP connection."""
    now = now.astimezone(UTC)
    report = DeliveryReport()
    due = due_rows(engine, now=now, limit=limit, keys=keys)
    if not due:
        return report
    try:
        connection = _Connection.open(settings)
    except (smtplib.SMTPException, OSError) as exc:
        # The server is unreachable: every due row records the attempt and waits.
        for row in filter(None, (claim(engine, d, now=now, lease=LEASE) for d in due)):
            settle(engine, row, Outcome("retry", describe(exc)), now=now, report=report)
        return report
    try:
        for d in due:
            row = claim(engine, d, now=now, lease=LEASE)
            if row is None:
                report.skipped += 1
                continue
            settle(engine, row, _send(connection, row, settings), now=now, report=report)
    finally:
        connection.close()
    return report


def _send(connection: _Connection, row: Claimed, settings: Settings) -> Outcome:
    try:
        recipients, message = build_message(row, sender=settings.smtp_from)
    except (OSError, TypeError, ValueError) as exc:
        return Outcome("failed", f"cannot build the message: {exc}")
    try:
        result = connection.send(recipients, message)
    except smtplib.SMTPRecipientsRefused as exc:  # every recipient refused
        return Outcome.refused_by(exc.recipients, everyone=True)
    except smtplib.SMTPResponseException as exc:  # sender or data refused, 4xx or 5xx
        kind = "failed" if exc.smtp_code >= 500 else "retry"
        return Outcome(kind, describe(exc))
    except (smtplib.SMTPException, OSError) as exc:
        return Outcome("retry", describe(exc))
    if result is False:
        return Outcome("retry", "connection lost while sending (yagmail gave up)")
    if result:
        return Outcome.refused_by(result, everyone=False)
    return Outcome("sent")


class _Connection:
    """One ``yagmail.SMTP`` connection for a batch of messages."""

    def __init__(self, yag: Any) -> None:
        self.yag = yag

    @classmethod
    def open(cls, settings: Settings) -> _Connection:
        import yagmail

        # yagmail logs in as its ``user`` and uses it as the envelope sender; a dict keeps
        # it from appending "@gmail.com" to a name without "@".
        user = settings.smtp_user or parseaddr(settings.smtp_from)[1]
        yag = yagmail.SMTP(
            user={user: user},
            password=settings.smtp_password or "",
            host=settings.smtp_host,
            port=settings.smtp_port,
            smtp_starttls=settings.smtp_starttls,
            smtp_ssl=settings.smtp_ssl,
            smtp_skip_login=not settings.smtp_user,
            soft_email_validation=False,
            timeout=SMTP_TIMEOUT,
        )
        yag.set_logging(None)  # failures are recorded on the rows, not printed
        yag.login()  # connect now: a refused connection raises here, at once
        return cls(yag)

    def send(self, recipients: list[str], message: str) -> Any:
        if not self._alive():
            self.yag.login()  # dropped between two messages: reconnect once
        return self.yag._attempt_send(recipients, message)

    def _alive(self) -> bool:
        try:
            return bool(self.yag.smtp.noop()[0] == 250)
        except (smtplib.SMTPException, OSError, AttributeError):
            return False

    def close(self) -> None:
        try:
            self.yag.close()  # QUIT; yagmail only ignores a server that already hung up
        except (smtplib.SMTPException, OSError):
            pass


def describe(exc: BaseException) -> str:
    """A failure as one line: the SMTP reply when there is one."""
    if isinstance(exc, smtplib.SMTPResponseException):
        reply = exc.smtp_error
        text = reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
        return f"{exc.smtp_code} {' '.join(text.split())}"
    return f"{type(exc).__name__}: {exc}"
