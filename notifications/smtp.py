"""One SMTP connection (opened by yagmail) and the transaction of one message on it.

The transaction (MAIL, RCPT, DATA) is driven here rather than by yagmail's
``_attempt_send``, which retries on a dead socket for about 18 s and then returns
``False`` whatever happened, so that the one moment whose outcome is unknown can be told
apart: the message has gone out in full (its final ``.`` sent) but the server's reply
never came back, because the connection dropped or the reply took longer than the
timeout. The server has probably accepted it then: :class:`ReplyLost` says so, and the
caller must not send it again on its own.

- ``before_data`` is called once the server is ready for the message (after its 354
  reply) and before the first byte of it leaves: it records that the outcome may become
  unknown, and returning ``False`` withdraws the message (RSET) instead.
- Everything that fails before the final ``.`` left (connection refused or dropped,
  timeouts, 4xx/5xx replies) certainly delivered nothing.
"""

from __future__ import annotations

import smtplib
from collections.abc import Callable
from email.utils import parseaddr
from typing import Any

from config.settings import Settings

Refused = dict[str, tuple[int, bytes]]


class ReplyLost(Exception):
    """The message went out in full and no reply came: it may well have been delivered."""


class Withdrawn(Exception):
    """``before_data`` said no: the row is no longer this deliverer's to send."""


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

    def send(self, recipients: list[str], message: str, before_data: Callable[[], bool]) -> Refused:
        """Send one message; the recipients the server refused while taking it for others."""
        if not self._alive():
            self.yag.login()  # dropped between two messages: reconnect once
        return transact(self.yag.smtp, self.yag.user, recipients, message, before_data)

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


def transact(
    smtp: smtplib.SMTP,
    sender: str,
    recipients: list[str],
    message: str,
    before_data: Callable[[], bool],
) -> Refused:
    """MAIL, RCPT, DATA as :meth:`smtplib.SMTP.sendmail` does, telling the unknown apart."""
    body = smtplib._fix_eols(message).encode("ascii")  # type: ignore[attr-defined]
    smtp.ehlo_or_helo_if_needed()
    options = [f"size={len(body)}"] if smtp.does_esmtp and smtp.has_extn("size") else []
    code, reply = smtp.mail(sender, options)
    if code != 250:
        _reset(smtp)
        raise smtplib.SMTPSenderRefused(code, reply, sender)
    refused: Refused = {}
    for address in recipients:
        code, reply = smtp.rcpt(address)
        if code not in (250, 251):
            refused[address] = (code, reply)
    if len(refused) == len(recipients):
        _reset(smtp)
        raise smtplib.SMTPRecipientsRefused(refused)  # type: ignore[arg-type]
    code, reply = smtp.docmd("data")
    if code != 354:
        _reset(smtp)
        raise smtplib.SMTPDataError(code, reply)
    if not before_data():
        smtp.close()  # mid-DATA: only hanging up leaves nothing accepted
        raise Withdrawn
    data = smtplib._quote_periods(body)  # type: ignore[attr-defined]
    if data[-2:] != smtplib.bCRLF:
        data += smtplib.bCRLF
    smtp.send(data + b"." + smtplib.bCRLF)  # fails before the final "." is out: not sent
    try:
        code, reply = smtp.getreply()
    except (smtplib.SMTPServerDisconnected, OSError) as exc:
        raise ReplyLost(describe(exc)) from exc
    if code != 250:
        _reset(smtp)
        raise smtplib.SMTPDataError(code, reply)
    return refused


def _reset(smtp: smtplib.SMTP) -> None:
    try:
        smtp.rset()
    except smtplib.SMTPServerDisconnected:
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
