"""Delivering the outbox through yagmail: batches over one SMTP connection, each row at
most once automatically.

What yagmail 0.15 does, and what this module does about it:

- ``send()`` opens a new connection on every call and never closes the old one. Here
  one ``yagmail.SMTP`` connects once per batch (:class:`notifications.smtp.Connection`)
  and is closed after it.
- Its ``_attempt_send`` retries on a dead socket for about 18 s and then returns
  ``False``, which cannot tell "not sent" from "sent, reply lost": the connection makes
  that method's one ``sendmail`` call itself (:mod:`notifications.smtp`), and a lost
  connection or reply makes the row ``unknown`` (the rule: :mod:`notifications.delivery`).
- A ``user`` without "@" gets "@gmail.com" appended and a missing password sends it to
  the keyring and then to an interactive prompt: the user is given as a dict and the
  password as a string, never ``None``. Its logger prints to stderr: silenced, since
  every failure is recorded on its row.
- The message is built by :mod:`notifications.message`, which explains the MIME fixes.

A run sends every row that is due, in batches of :data:`BATCH` messages (one connection
each, as many servers limit messages per connection), up to :data:`RUN_LIMIT`; what is
still due then is counted in the report (``left``) and goes in the next run.
"""

from __future__ import annotations

import smtplib
from datetime import UTC, datetime, timedelta

from sqlalchemy.engine import Engine

from config.settings import Settings
from notifications.delivery import DeliveryReport, Outcome, settle
from notifications.message import build_message
from notifications.smtp import Connection, ReplyLost, Withdrawn, describe
from store.outbox import Claimed, Due, claim, count_due, due_rows, hand_over

LEASE = timedelta(minutes=10)  # a claimed row is due again if its deliverer vanished
BATCH = 100  # messages per connection
RUN_LIMIT = 10_000  # messages per run; the rest is reported and sent by the next run


def deliver_pending(
    engine: Engine,
    settings: Settings,
    *,
    now: datetime,
    limit: int = RUN_LIMIT,
    keys: list[str] | None = None,
) -> DeliveryReport:
    """Send the rows that are due (only ``keys`` when given), ``limit`` at most."""
    now = now.astimezone(UTC)
    report = DeliveryReport()
    tried = 0
    while tried < limit:
        due = due_rows(engine, now=now, limit=min(BATCH, limit - tried), keys=keys)
        if not due:
            break
        tried += len(due)
        if not _batch(engine, settings, due, now=now, report=report):
            break  # the server is unreachable: the rest waits for its next attempt
    if tried >= limit:
        report.left = count_due(engine, now=now) if keys is None else 0
    return report


def _batch(
    engine: Engine, settings: Settings, due: list[Due], *, now: datetime, report: DeliveryReport
) -> bool:
    """Deliver one batch over one connection; ``False`` when the server is unreachable."""
    try:
        connection = Connection.open(settings)
    except (smtplib.SMTPException, OSError) as exc:
        # Every due row records the attempt and waits.
        for claimed in filter(None, (claim(engine, d, now=now, lease=LEASE) for d in due)):
            settle(engine, claimed, Outcome("retry", describe(exc)), now=now, report=report)
        return False
    try:
        for d in due:
            row = claim(engine, d, now=now, lease=LEASE)
            if row is None:
                report.skipped += 1
                continue
            outcome = _send(engine, connection, row, settings)
            if outcome is None:  # another deliverer took the row over: it is theirs now
                report.skipped += 1
            else:
                settle(engine, row, outcome, now=now, report=report)
    finally:
        connection.close()
    return True


def _send(
    engine: Engine, connection: Connection, row: Claimed, settings: Settings
) -> Outcome | None:
    try:
        recipients, message = build_message(
            row, sender=settings.smtp_from, reply_to=settings.reply_to, zone=settings.timezone
        )
    except (OSError, TypeError, ValueError) as exc:
        return Outcome("failed", f"cannot build the message: {exc}")
    try:
        refused = connection.send(recipients, message, lambda: hand_over(engine, row))
    except ReplyLost as exc:
        return Outcome("unknown", f"sent, but no reply from the server ({exc})")
    except Withdrawn:
        return None
    except smtplib.SMTPRecipientsRefused as exc:  # every recipient refused
        return Outcome.refused_by(exc.recipients, everyone=True)
    except smtplib.SMTPResponseException as exc:  # sender or data refused, 4xx or 5xx
        return Outcome("failed" if exc.smtp_code >= 500 else "retry", describe(exc))
    except (smtplib.SMTPException, OSError) as exc:
        return Outcome("retry", describe(exc))
    if refused:
        return Outcome.refused_by(refused, everyone=False)
    return Outcome("sent")
