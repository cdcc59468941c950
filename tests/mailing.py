"""A digest mail to queue, for the tests of delivery and of the mail commands."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from notifications.outgoing import OutgoingMail, enqueue
from notifications.previews import sample_context
from notifications.render import RenderedMail, render
from store.db import session_scope

NOW = datetime(2020, 8, 14, 1, 0, tzinfo=UTC)
LEADER, QLKH = "giamdoc@sokhcn.example.vn", "qlkh@sokhcn.example.vn"


def digest_mail(org: Any) -> RenderedMail:
    """The weekly digest rendered from the previews' sample data."""
    return render("digest", "vi", sample_context("digest", org=org, base_url="http://wp.test"))


def queue(engine: Any, rendered: RenderedMail, key: str = "digest:2020-w33", **kw: Any) -> str:
    """One row in the outbox, queued at :data:`NOW`; its key."""
    kw.setdefault("to", [LEADER])
    with session_scope(engine) as session:
        enqueue(session, OutgoingMail.of(rendered, key=key, kind="digest", **kw), now=NOW)
    return key
