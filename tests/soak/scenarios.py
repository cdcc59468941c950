"""The scenarios of the kill harness, one function each.

- ``import``: a programme of a few hundred tasks imported by a process killed one to
  three times at random moments, then imported to the end: after each kill the
  database holds none or all of the items; at the end every task is one item, once.
- ``delivery``: a queue of messages delivered by ``workplan outbox --retry`` processes
  killed at random moments, then delivered to the end (the clock moved past the lease of
  abandoned claims), counted at a real SMTP server on loopback by key and recipient.

- ``rollup``: July closed by ``workplan rollup 2020-07`` processes killed at random
  moments, then run to the end: after each kill the database holds no continuation or
  all of them; at the end every unfinished item has exactly one continuation in August,
  no finished one has any, July is closed and the rollup ran once.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, insert, select

from config.loading import read_organisation
from config.settings import DEFAULT_ORGANISATION
from domain.organisation import Organisation
from domain.parsing import parse
from domain.planning import plan_import
from store.models import Outbox, Programme, StatusUpdate, WorkItem
from store.outbox import base_key

from .harness import Site, Trial, scenario

HEAD = "**CHƯƠNG TRÌNH**\n**Công tác tháng 7 năm 2020**\n\n**1. Các nhiệm vụ trọng tâm**\n\n"
PLACES = ["Lục Ngạn", "Lạng Giang", "Yên Thế", "Hiệp Hòa", "Việt Yên", "Tân Yên", "Sơn Động"]
FINAL_STATES = {"sent", "failed", "unknown"}


def programme(rng: random.Random, tasks: int) -> str:
    """A programme of ``tasks`` distinct tasks for Thanh tra Sở."""
    lines = [
        f"- Thanh tra Sở chủ trì kiểm tra cơ sở kinh doanh số {n} tại huyện {rng.choice(PLACES)}."
        for n in range(1, tasks + 1)
    ]
    return HEAD + "\n".join(lines) + "\n"


@scenario("import")
def import_under_kills(site: Site, rng: random.Random) -> Trial:
    """Kill imports mid-way: none or all items after each kill, every task once at the end."""
    trial = Trial("import", site.backend)
    text = programme(rng, rng.randrange(300, 900))
    document = site.home / "chuong-trinh.md"
    document.write_text(text, encoding="utf-8")
    org = Organisation.from_dict(read_organisation(DEFAULT_ORGANISATION))
    expected = len(plan_import(parse(text), org).items)
    engine = site.engine()
    for _ in range(rng.randrange(1, 4)):
        trial.killed |= site.kill_during(rng.uniform(0.4, 1.6), "import", str(document))
        trial.faults += 1
        found = _count(engine, WorkItem)
        trial.check(found in (0, expected), f"{found} of {expected} items after a kill")
    final = site.run("import", str(document))
    trial.check(final.returncode == 0, f"the import after the kills: {final.stderr[-300:]}")
    with engine.connect() as conn:
        items = conn.execute(select(WorkItem.programme_id, WorkItem.position)).all()
        history = conn.execute(
            select(StatusUpdate.item_id).where(StatusUpdate.channel == "import")
        ).scalars().all()
    trial.check(len(items) == expected, f"{len(items)} items for {expected} tasks")
    trial.check(len(set(items)) == len(items), "an item stored twice")
    trial.check(_count(engine, Programme) == 1, "the programme stored more than once")
    trial.check(len(history) == len(set(history)) == expected, "import history not one per item")
    engine.dispose()
    return trial


@scenario("delivery")
def delivery_under_kills(site: Site, rng: random.Random) -> Trial:
    """Kill deliveries mid-way: no message twice, every row sent, failed or unknown."""
    from .faulty_smtp import FaultyMailbox, start

    trial = Trial("delivery", site.backend)
    handler = FaultyMailbox(seed=rng.randrange(10**6))
    handler.delay = rng.uniform(0.005, 0.03)
    server = start(handler)
    try:
        site.extra_env |= {"WORKPLAN_SMTP_HOST": "127.0.0.1", "WORKPLAN_SMTP_PORT": str(server.port)}
        engine = site.engine()
        queue(engine, rng.randrange(40, 120))
        for _ in range(rng.randrange(1, 4)):
            trial.killed |= site.kill_during(rng.uniform(0.4, 1.4), "outbox", "--retry")
            trial.faults += 1
        # Past the lease of the claims the killed processes left: they are due again.
        later = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
        site.run("outbox", "--retry", WORKPLAN_NOW=later)
        check_outbox(engine, handler.accepted, trial)
        engine.dispose()
    finally:
        server.stop()
    return trial


def queue(engine, n: int, *, now: datetime | None = None) -> list[str]:  # type: ignore[no-untyped-def]
    """Put ``n`` messages (one recipient each) in the outbox; their keys."""
    now = now or datetime.now(UTC)
    keys = [f"status-request:d{i:03}@sokhcn.example.vn:2020-w33" for i in range(n)]
    rows = [
        {"key": key, "kind": "status-request", "to": [f"d{i:03}@sokhcn.example.vn"], "cc": [],
         "subject": f"Đề nghị cập nhật tiến độ — tuần 33 ({i})", "html": "<p>Kính gửi</p>",
         "text": "Kính gửi\n", "attachments": [], "state": "pending", "attempts": 0,
         "created_at": now}
        for i, key in enumerate(keys)
    ]
    with engine.begin() as conn:
        conn.execute(insert(Outbox), rows)
    return keys


def check_outbox(engine, accepted: Counter[tuple[str, str]], trial: Trial) -> None:  # type: ignore[no-untyped-def]
    """Each (key, recipient) accepted at most once; every row sent, failed or unknown; a
    sent row accepted once; a failed row never; nothing accepted that no row explains."""
    with engine.connect() as conn:
        rows = conn.execute(select(Outbox.key, Outbox.state, Outbox.to, Outbox.cc)).all()
    wanted = set()
    for key, state, to, cc in rows:
        trial.check(state in FINAL_STATES, f"{key} left {state}")
        for address in [*to, *cc]:
            wanted.add((base_key(key), address))
            times = accepted[base_key(key), address]
            trial.check(times <= 1, f"{key} to {address} accepted {times} times")
            if state == "sent":
                trial.check(times == 1, f"{key} to {address} is sent but never arrived")
            if state == "failed":
                trial.check(times == 0, f"{key} to {address} is failed but arrived")
    stray = set(accepted) - wanted
    trial.check(not stray, f"accepted without a row: {sorted(stray)[:3]}")


@scenario("rollup")
def rollup_under_kills(site: Site, rng: random.Random) -> Trial:
    """Kill rollups mid-way: no continuation or all of them, each unfinished item once."""
    from sqlalchemy import update

    from store.models import JobRun
    from store.models import Period as PeriodRow

    trial = Trial("rollup", site.backend)
    document = site.home / "chuong-trinh.md"
    document.write_text(programme(rng, rng.randrange(200, 600)), encoding="utf-8")
    imported = site.run("import", str(document))
    trial.check(imported.returncode == 0, f"the import before the rollup: {imported.stderr[-300:]}")
    engine = site.engine()
    with engine.begin() as conn:
        ids = conn.execute(select(WorkItem.id)).scalars().all()
        done = set(rng.sample(ids, len(ids) // 3))
        conn.execute(update(WorkItem).where(WorkItem.id.in_(done)).values(
            status="done", progress=100, done_on=datetime(2020, 7, 20).date()))
    unfinished = set(ids) - done
    when = {"WORKPLAN_NOW": "2020-08-03T08:00"}  # the first working day after July
    for _ in range(rng.randrange(1, 4)):
        trial.killed |= site.kill_during(rng.uniform(0.8, 3.0), "rollup", "2020-07", **when)
        trial.faults += 1
        found = _carried(engine)
        trial.check(len(found) in (0, len(unfinished)),
                    f"{len(found)} of {len(unfinished)} continuations after a kill")
    final = site.run("rollup", "2020-07", **when)
    trial.check("Traceback" not in final.stderr, f"the rollup after the kills: {final.stderr[-300:]}")
    again = site.run("rollup", "2020-07", **when)
    trial.check("Traceback" not in again.stderr, f"a second rollup: {again.stderr[-300:]}")
    carried = _carried(engine)
    sources = Counter(source for _, source in carried)
    trial.check(set(sources) == unfinished, "the carried set is not the unfinished set")
    trial.check(all(n == 1 for n in sources.values()), "an item carried twice")
    trial.check(all(p == "2020-08" for p, _ in carried), "a continuation outside August")
    with engine.connect() as conn:
        closed = conn.execute(select(PeriodRow.closed_at).where(PeriodRow.key == "2020-07"))
        runs = conn.execute(select(func.count()).select_from(JobRun).where(
            JobRun.job == "rollup", JobRun.key == "2020-07")).scalar_one()
        trial.check(closed.scalar_one() is not None, "July not closed")
    trial.check(runs == 1, f"{runs} ledger rows for July's rollup")
    engine.dispose()
    return trial


def _carried(engine) -> list[tuple[str, int]]:  # type: ignore[no-untyped-def]
    """Each continuation's period and the item it continues."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(WorkItem.period, WorkItem.carried_from).where(WorkItem.carried_from.is_not(None))
        ).all()
    return [(period, source) for period, source in rows]


def _count(engine, table) -> int:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())
