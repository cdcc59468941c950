"""One SMTP connection, opened, logged in and sending through yagmail.

A message goes out with the one call yagmail's ``_attempt_send`` makes,
``yag.smtp.sendmail(yag.user, recipients, message)``, without that method's loop: on a
dropped connection it sleeps 3, 6 and 9 s retrying on the dead socket and then returns
``False``, which says neither whether the message left nor why. Here the outcome of the
one call is kept:

- a reply from the server (a refusal, 4xx or 5xx, at any step) means the message was
  certainly not taken (or taken for some recipients only, returned as a dict);
- a dropped connection or a reply slower than the timeout means nobody knows: the
  server may well have taken the message. :class:`ReplyLost` says so, and the caller
  must not send it again on its own.

``before_send`` is called right before the message leaves: it records that the outcome
may become unknown, and returning ``False`` withdraws the message (another deliverer
has the row).
"""

from __future__ import annotations

import smtplib
from collections.abc import Callable
from email.utils import parseaddr
from typing import Any

from config.settings import Settings

Refused = dict[str, tuple[int, bytes]]


class ReplyLost(Exception):
    """The connection dropped or no reply came in time: the message may have been taken."""


class Withdrawn(Exception):
    """``before_send`` said no: the row is no longer this deliverer's to send."""


class Connection:
    """One ``yagmail.SMTP`` connection for a batch of messages."""

    def __init__(self, yag: Any) -> None:
        self.yag = yag

    @classmethod
    def open(cls, settings: Settings) -> Connection:
        """Connect (and log in) now: a refused connection raises here, at once."""
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
            timeout=settings.smtp_timeout,
        )
        yag.set_logging(None)  # failures are recorded on the rows, not printed
        yag.login()
        return cls(yag)

    def send(self, recipients: list[str], message: str, before_send: Callable[[], bool]) -> Refused:
        """Send one message; the recipients the server refused while taking it for others."""
        if not self._alive():
            self.yag.login()  # dropped between two messages: reconnect once
        if not before_send():
            raise Withdrawn
        try:
            refused: Refused = self.yag.smtp.sendmail(self.yag.user, recipients, message)
        except (smtplib.SMTPResponseException, smtplib.SMTPRecipientsRefused):
            raise  # the server answered: nothing was taken
        except (smtplib.SMTPServerDisconnected, OSError) as exc:
            raise ReplyLost(describe(exc)) from exc
        return refused

    def _alive(self) -> bool:
        try:
            return bool(self.yag.smtp.noop()[0] == 250)
        except (smtplib.SMTPException, OSError, AttributeError):
            return False

    def close(self) -> None:
        """QUIT; a server that already hung up is fine."""
        try:
            self.yag.close()
        except (smtplib.SMTPException, OSError):
            pass


def describe(exc: BaseException) -> str:
    """A failure as one line: the SMTP reply when there is one."""
    if isinstance(exc, smtplib.SMTPResponseException):
        reply = exc.smtp_error
        text = reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
        return f"{exc.smtp_code} {' '.join(text.split())}"
    if isinstance(exc, TimeoutError):
        return f"TimeoutError: no reply within the timeout ({exc})"
    return f"{type(exc).__name__}: {exc}"
