"""Delivering the outbox on the runtime's clock: what is due goes out, each row once."""

from __future__ import annotations

from notifications.delivery import DeliveryReport
from notifications.mailer import deliver_pending
from services.runtime import Runtime


def deliver(rt: Runtime, *, keys: list[str] | None = None) -> DeliveryReport:
    """Send the rows that are due now (only ``keys`` when given)."""
    return deliver_pending(rt.engine, rt.settings, now=rt.now(), keys=keys)
