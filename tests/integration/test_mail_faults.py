"""Mail faults: a server on loopback that refuses connections for a while, answers 451 to
30 % of messages, refuses some recipients with 550, drops the connection mid-DATA or
after the message, and hangs past the client's timeout. Delivery runs again and again
(the clock moving past each back-off) until nothing is due: every message was then
accepted once, or is visibly ``failed`` or ``unknown``; none twice, none lost.

``WORKPLAN_SOAK_MESSAGES`` sets the number of messages (``make soak``: 600).
"""

from __future__ import annotations

import os
from collections import Counter
from datetime import UTC, datetime, timedelta

from soak.faulty_smtp import FaultyMailbox, start
from soak.harness import Trial
from soak.scenarios import check_outbox, queue

from notifications.mailer import deliver_pending
from store.outbox import count_due

MESSAGES = int(os.environ.get("WORKPLAN_SOAK_MESSAGES", "60"))
NOW = datetime(2020, 8, 14, 1, 0, tzinfo=UTC)


def test_after_every_fault_each_message_is_delivered_once_or_visibly_failed_or_unknown(
    engine, settings, refused_port
):
    keys = queue(engine, MESSAGES, now=NOW)
    handler = FaultyMailbox(seed=MESSAGES)
    handler.temporary_rate, handler.drop_rate, handler.lose_rate = 0.30, 0.03, 0.03
    handler.hang_rate, handler.hang = 0.02, 1.5
    handler.refused = {f"d{i:03}@sokhcn.example.vn" for i in range(0, MESSAGES, 17)}
    quick = settings.model_copy(
        update={"smtp_host": "127.0.0.1", "smtp_port": refused_port, "smtp_timeout": 1.0}
    )
    # The server is down for the first two runs: every connection is refused.
    now = NOW
    for _ in range(2):
        report = deliver_pending(engine, quick, now=now)
        assert report.sent == [] and len(report.retrying) > 0
        now += timedelta(hours=13)
    server = start(handler, refused_port)
    runs = 0
    try:
        while count_due(engine, now=now) and runs < 40:
            deliver_pending(engine, quick, now=now)
            now, runs = now + timedelta(hours=13), runs + 1  # past the longest back-off
    finally:
        server.stop()
    trial = Trial("mail faults", engine.dialect.name)
    check_outbox(engine, handler.accepted, trial)
    assert trial.violations == []
    states = _states(engine)
    faults = sum(handler.faults.values()) + 2 * MESSAGES  # the refused connections too
    print(f"\nmail faults: {MESSAGES} messages, {faults} faults injected {dict(handler.faults)}, "
          f"{runs} runs, final states {dict(states)}, {trial.checks} invariants checked, "
          f"{len(trial.violations)} violations")
    assert states["sent"] + states["failed"] + states["unknown"] == len(keys)
    assert handler.faults["451 message"] > 0 and states["failed"] >= len(handler.refused)
    assert states["sent"] > MESSAGES // 2


def _states(engine) -> Counter[str]:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from store.models import Outbox

    with engine.connect() as conn:
        return Counter(conn.execute(select(Outbox.state)).scalars())
