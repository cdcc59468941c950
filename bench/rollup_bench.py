"""Roll up a quarter of 100,000 items, 50,000 of them unfinished, and compare the
rollup's writes with a floor measured in the same run.

A: the rollup's writes as the service makes them (``services.rollup.write_rollup``:
the continuations through ``INSERT … SELECT``, their units and first history entry, the
month pieces re-pointed, the period closed) with the ledger row, in one transaction.
B, the floor: raw SQL through the bare driver (``sqlite3``, ``psycopg``) doing the same
writes in one transaction. Rounds alternate A B A B on the same data, each undone
(untimed) before the next; the ratio A/B is given per pair, as a median and a range.
Target: ratio <= 2 on SQLite and on PostgreSQL (``WORKPLAN_BENCH_DATABASE_URL``, else
``WORKPLAN_TEST_DATABASE_URL``; a schema of its own, dropped afterwards).

Then the files: the report (.xlsx, .docx), the next period's draft and the report mail,
timed on periods of several sizes.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, insert, select, text  # noqa: E402

from bench.rollup_floor import floor_writes, undo  # noqa: E402
from config.loading import read_organisation  # noqa: E402
from config.settings import DEFAULT_ORGANISATION, Settings  # noqa: E402
from domain.organisation import Organisation  # noqa: E402
from domain.periods import Period  # noqa: E402
from services.rollup import write_rollup  # noqa: E402
from services.rollup_plan import plan_rollup  # noqa: E402
from services.runtime import Runtime  # noqa: E402
from store import ledger  # noqa: E402
from store.carry import ensure_period  # noqa: E402
from store.db import make_engine, upgrade  # noqa: E402
from store.departments import sync_departments  # noqa: E402
from store.models import ItemSupport, StatusUpdate, WorkItem  # noqa: E402

Q3, Q4 = Period.quarter(2020, 3), Period.quarter(2020, 4)
CLOSING = datetime(2020, 10, 1, 7, 0)  # Thursday 01/10/2020, 07:00: Q3's rollup
OPEN = ("not_started", "in_progress", "blocked")


def seed(rt: Runtime, items: int, unfinished: int) -> None:
    """``items`` tasks in Quý III/2020, ``unfinished`` of them open; every third has a
    supporting unit; each has its import in the history."""
    codes = rt.org.codes
    at = datetime(2020, 7, 2, 2, 0, tzinfo=UTC)
    with rt.engine.begin() as conn:
        ensure_period(conn, Q3)
        ensure_period(conn, Q4)
    for start in range(0, items, 10_000):
        rows = []
        for n in range(start, min(items, start + 10_000)):
            done = n >= unfinished
            rows.append({
                "period": Q3.key, "section": "task", "bullet": n % 40 + 1, "part": 1,
                "text": f"Nhiệm vụ số {n + 1}: kiểm tra, đôn đốc thực hiện kế hoạch năm 2020.",
                "lead": codes[n % len(codes)], "due": date(2020, 9, 30),
                "status": "done" if done else OPEN[n % 3], "progress": 100 if done else n % 90,
                "note": None if n % 5 else "Đang tổng hợp", "origin": "import", "version": 1,
                "done_on": date(2020, 9, 1 + n % 29) if done else None, "updated_at": at,
            })  # fmt: skip
        with rt.engine.begin() as conn:
            conn.execute(insert(WorkItem), rows)
    with rt.engine.begin() as conn:
        ids = list(conn.execute(select(WorkItem.id).order_by(WorkItem.id)).scalars())
        history = [{"item_id": i, "new_status": "not_started", "new_progress": 0,
                    "by": "ctr.md", "channel": "import", "at": at} for i in ids]  # fmt: skip
        for start in range(0, len(history), 10_000):
            conn.execute(insert(StatusUpdate), history[start : start + 10_000])
        support = [{"item_id": i, "dept": codes[(i + 1) % len(codes)], "position": 0}
                   for i in ids[::3]]  # fmt: skip
        for start in range(0, len(support), 10_000):
            conn.execute(insert(ItemSupport), support[start : start + 10_000])


def rollup_writes(rt: Runtime, plan) -> float:  # type: ignore[no-untyped-def]
    """A: the service's writes and the ledger row, one transaction, committed."""
    now = rt.now()
    start = time.perf_counter()
    with rt.begin() as conn:
        ledger.claim(conn, job="rollup", key=Q3.key, now=now)
        made, _ = write_rollup(rt, conn, plan, now=now)
        ledger.finish(conn, job="rollup", key=Q3.key, now=now, result={"carried": made})
    elapsed = time.perf_counter() - start
    assert made == len(plan.rollup.carry.continuations)
    return elapsed


def snapshot(rt: Runtime) -> tuple[int, int, int, str]:
    """What a run wrote: continuations, their units and history rows, and a digest."""
    with rt.engine.connect() as conn:
        made = conn.execute(
            select(func.count(), func.sum(WorkItem.carried_from), func.sum(WorkItem.progress))
            .where(WorkItem.period == Q4.key)
        ).one()
        units = conn.execute(select(func.count()).select_from(ItemSupport)).scalar_one()
        rows = conn.execute(select(func.count()).select_from(StatusUpdate)).scalar_one()
    return made[0], units, rows, f"{made[1]}/{made[2]}"


def backend(name: str, url: str, args: argparse.Namespace, org: Organisation) -> None:
    home = Path(tempfile.mkdtemp(prefix="rollup-bench-"))
    rt = Runtime(Settings(home=home, database_url=url, secret_key="b" * 40), org=org)
    rt = rt.at(CLOSING)
    upgrade(rt.engine)
    sync_departments(rt.engine, org)
    began = time.perf_counter()
    seed(rt, args.items, args.unfinished)
    print(f"\n{name}: {args.items:,} items, {args.unfinished:,} unfinished "
          f"(seeded in {time.perf_counter() - began:.1f} s)")  # fmt: skip
    began = time.perf_counter()
    with rt.begin() as conn:
        plan = plan_rollup(rt, conn, Q3)
    print(f"  read and decide (items, plan, report, mail): {time.perf_counter() - began:.2f} s")
    base = snapshot(rt)
    ratios, a_times, b_times, written = [], [], [], set()
    for _ in range(args.rounds):
        a = rollup_writes(rt, plan)
        written.add(snapshot(rt))
        undo(rt.engine, Q3, Q4)
        b = floor_writes(url, rt, Q3, Q4)
        written.add(snapshot(rt))
        undo(rt.engine, Q3, Q4)
        a_times.append(a)
        b_times.append(b)
        ratios.append(a / b)
        print(f"  round: rollup {a:.3f} s, floor {b:.3f} s, ratio {a / b:.2f}")
    assert snapshot(rt) == base and len(written) == 1, "A and B write the same rows"
    print(f"  rollup writes: median {statistics.median(a_times):.3f} s "
          f"({min(a_times):.3f}–{max(a_times):.3f})")  # fmt: skip
    print(f"  floor (raw SQL): median {statistics.median(b_times):.3f} s "
          f"({min(b_times):.3f}–{max(b_times):.3f})")  # fmt: skip
    print(f"  ratio: median {statistics.median(ratios):.2f} "
          f"(range {min(ratios):.2f}–{max(ratios):.2f}; target <= 2)")  # fmt: skip
    rt.close()
    shutil.rmtree(home, ignore_errors=True)


def files(sizes: list[int], org: Organisation) -> None:
    from bench.rollup_floor import file_times

    print("\nreport files (seconds; a period of N items, half unfinished):")
    print(f"  {'items':>8} {'.xlsx':>8} {'.docx':>8} {'draft':>8} {'mail':>8}")
    for n in sizes:
        xlsx, docx, draft, mail = file_times(n, org)
        print(f"  {n:>8,} {xlsx:>8.2f} {docx:>8.2f} {draft:>8.2f} {mail:>8.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--unfinished", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=3, help="pairs of runs (A B)")
    parser.add_argument("--files", default="100,1000,10000", help="period sizes for file times")
    args = parser.parse_args()
    org = Organisation.from_dict(read_organisation(DEFAULT_ORGANISATION))
    with tempfile.TemporaryDirectory() as tmp:
        backend("SQLite", f"sqlite:///{Path(tmp) / 'bench.db'}", args, org)
    pg = os.environ.get("WORKPLAN_BENCH_DATABASE_URL") or os.environ.get(
        "WORKPLAN_TEST_DATABASE_URL"
    )
    if pg:
        schema = f"bench_{uuid.uuid4().hex[:8]}"
        admin = make_engine(pg)
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        try:
            sep = "&" if "?" in pg else "?"
            backend("PostgreSQL", f"{pg}{sep}options=-csearch_path%3D{schema}", args, org)
        finally:
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()
    else:
        print("\nPostgreSQL: skipped (set WORKPLAN_BENCH_DATABASE_URL)")
    files([int(n) for n in args.files.split(",") if n], org)


if __name__ == "__main__":
    main()
