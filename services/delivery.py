"""Delivering the outbox on the runtime's clock: what is due goes out, each row once, from
the organisation's name with Reply-To to its office."""

from __future__ import annotations

from email.utils import formataddr, parseaddr

from config.settings import Settings
from notifications.delivery import DeliveryReport
from notifications.mailer import deliver_pending
from services.runtime import Runtime


def deliver(rt: Runtime, *, keys: list[str] | None = None) -> DeliveryReport:
    """Send the rows that are due now (only ``keys`` when given)."""
    return deliver_pending(rt.engine, sender_settings(rt), now=rt.now(), keys=keys)


def sender_settings(rt: Runtime) -> Settings:
    """The settings with the sender's display name and the Reply-To address filled in:
    the organisation's name and its office's e-mail unless the settings name others."""
    settings, org = rt.settings, rt.org
    name, address = parseaddr(settings.smtp_from)
    office = org.department(org.default_department).email
    return settings.model_copy(
        update={
            "smtp_from": formataddr((name or settings.sender_name or org.name, address)),
            "reply_to": settings.reply_to or office,
        }
    )
