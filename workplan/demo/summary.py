"""What the replay left, read back from the database and the mailbox: the items of the
quarter per department in the four classes, the mail by kind, whether any message
arrived twice, and what was carried into the next periods."""

from __future__ import annotations

import email
import email.policy
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from domain.periods import Period
from domain.report import DeptCounts
from services.runtime import Runtime


@dataclass(frozen=True)
class Summary:
    quarter: Period
    departments: list[DeptCounts]
    total: DeptCounts
    mails: dict[str, dict[str, int]]  # kind -> state -> count
    received: int  # .eml files in the mailbox
    twice: list[str]  # outbox keys that arrived more than once
    carried: dict[str, int]  # period key -> continuations


def summarise(rt: Runtime, *, start: date, end: date) -> Summary:
    """Read the summary of a replay from ``start`` to ``end``."""
    from domain.digest import add_up
    from store.aggregates import count_by_department
    from store.carry import carried_into
    from store.outbox import count_by_kind

    quarter = Period.of("quarter", start)
    keys = [quarter.key, *(Period.month(quarter.year, m).key for m in quarter.months)]
    with rt.begin() as conn:
        counts = count_by_department(conn, periods=keys, today=end, departments=rt.org.codes)
        by_kind = count_by_kind(conn)
        carried = carried_into(conn)
    mails: dict[str, dict[str, int]] = {}
    for (kind, state), n in sorted(by_kind.items()):
        mails.setdefault(kind, {})[state] = n
    arrived = _keys_received(rt.settings.mail_dir)
    twice = sorted(k for k, n in arrived.items() if n > 1)
    return Summary(quarter, counts, add_up(counts), mails, sum(arrived.values()), twice, carried)


def _keys_received(folder: Path) -> Counter[str]:
    """How many times each outbox key (the ``X-Workplan-Key`` header) reached the mailbox."""
    found: Counter[str] = Counter()
    for path in sorted(folder.glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        found[str(message.get("X-Workplan-Key", path.name))] += 1
    return found
