"""Concurrent writers on SQLite (WAL) and PostgreSQL: each of them changes the same few
items again and again through ``record_update``, retrying a stale version as a person
would. Nothing may be lost or doubled: history rows equal the updates applied, each
item's version is one more than its updates, and each change starts where the one
before it ended.

``WORKPLAN_SOAK_WRITERS`` × ``WORKPLAN_SOAK_UPDATES`` (``make soak``: 8 × 500).
"""

from __future__ import annotations

import os
import random
import threading
from collections import Counter, defaultdict

from sqlalchemy import select
from sqlmodel import Session

from domain.problems import InputError
from services.importing import import_programme
from services.runtime import Runtime
from services.updates import record_update
from store.items import get_item, list_items
from store.models import StatusUpdate

WRITERS = int(os.environ.get("WORKPLAN_SOAK_WRITERS", "4"))
UPDATES = int(os.environ.get("WORKPLAN_SOAK_UPDATES", "25"))


def test_concurrent_writers_lose_and_double_no_update(rt, sample_text):
    import_programme(rt, sample_text, source_name="ctr.md")
    with Session(rt.engine) as session:
        items = [i.id for i in list_items(session, period="2020-07")[:5]]
    applied: Counter[int] = Counter()
    conflicts, errors = Counter(), []
    lock = threading.Lock()

    def write(n: int) -> None:
        mine = Runtime(rt.settings, rt.clock, org=rt.org)
        rng = random.Random(n)
        try:
            for k in range(UPDATES):
                item_id = rng.choice(items)
                while True:
                    with Session(mine.engine) as session:
                        version = get_item(session, item_id).version
                    try:
                        record_update(mine, item_id=item_id, actor=None, status="in_progress",
                                      progress=rng.randrange(1, 100), note=f"writer {n}, update {k}",
                                      by=f"Người viết {n}", channel="api", version=version)
                        break
                    except InputError as exc:
                        assert exc.code == "stale_version", exc
                        with lock:
                            conflicts[n] += 1
                with lock:
                    applied[item_id] += 1
        except Exception as exc:  # noqa: BLE001  (reported below, with the writer)
            errors.append(f"writer {n}: {type(exc).__name__}: {exc}")
        finally:
            mine.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with Session(rt.engine) as session:
        rows = session.execute(
            select(StatusUpdate).where(StatusUpdate.channel == "api").order_by(StatusUpdate.id)
        ).scalars().all()
        versions = {i: get_item(session, i).version for i in items}
    chains = defaultdict(list)
    for row in rows:
        chains[row.item_id].append(row)
    assert len(rows) == sum(applied.values()) == WRITERS * UPDATES
    for item_id in items:
        assert versions[item_id] == 1 + applied[item_id]
        chain = chains[item_id]
        assert all(b.old_progress == a.new_progress for a, b in zip(chain, chain[1:], strict=False))
    print(f"\nconcurrency ({rt.engine.dialect.name}): {WRITERS} writers × {UPDATES} updates, "
          f"{sum(conflicts.values())} conflicts retried, {len(rows)} history rows, 0 lost")
