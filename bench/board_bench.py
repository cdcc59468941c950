"""The leadership board's data against one SQL ``GROUP BY`` (P3), and its rendering apart.

10,000 items of Quý III/2020 in the organisation's eight departments, a third of them
changed in the last fortnight, a request for progress a week ago. Each round times, in
turn, the floor (the same counts by one ``GROUP BY`` through the driver), the counts and
lists of ``store.dashboard.load_board``, and all the board's data
(``services.board.leadership_board``: also the change since last week and who did not
answer); the page (the data and its HTML) is timed apart. Target: data <= 3 x the floor.

    python bench/board_bench.py [--items 10000] [--rounds 10] [--pg URL]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SECRET = "bench-secret-of-at-least-thirty-two-chars"
NOW = datetime(2020, 8, 17, 3, 0, tzinfo=UTC)  # Monday 17 August 2020, 10:00
FLOOR = text(
    "SELECT lead, CASE WHEN status = 'cancelled' THEN NULL WHEN status = 'done' AND "
    "COALESCE(done_on, :today) <= due THEN 'done_on_time' WHEN status = 'done' THEN "
    "'done_late' WHEN due < :today THEN 'open_overdue' ELSE 'open_not_due' END AS k, status, "
    "count(*), sum(progress) FROM work_item WHERE period = :period GROUP BY lead, k, status"
)


def fill(rt, count: int) -> None:  # type: ignore[no-untyped-def]
    """``count`` items of Quý III/2020, their history, a round of requests a week ago."""
    from domain.periods import Period
    from services.status_requests import collect
    from store.importer import ensure_periods
    from store.models import StatusUpdate, WorkItem

    rng, codes = random.Random(17), rt.org.codes
    with rt.begin() as conn:
        ensure_periods(conn, [Period.quarter(2020, 3)])
        rows = []
        for n in range(count):
            key, end = "2020-Q3", date(2020, 9, 30)
            due = end - timedelta(days=rng.randrange(0, 28))
            status = rng.choice(["not_started", "in_progress", "done", "blocked", "cancelled"])
            rows.append({"period": key, "section": "task", "bullet": n, "text": f"Nhiệm vụ {n}",
                         "lead": codes[n % len(codes)], "due": due, "status": status,
                         "progress": {"done": 100, "not_started": 0}.get(status, 40),
                         "done_on": due - timedelta(days=rng.randrange(-6, 6))
                         if status == "done" else None, "origin": "import",
                         "updated_at": NOW - timedelta(days=40)})  # fmt: skip
        conn.execute(insert(WorkItem.__table__), rows)
        ids = [r[0] for r in conn.execute(text("SELECT id FROM work_item ORDER BY id"))]
        # Every row names every column: an executemany takes its columns from the first.
        history = [{"item_id": i, "old_status": None, "new_status": "not_started",
                    "old_progress": None, "new_progress": 0, "by": "bench", "channel": "import",
                    "at": NOW - timedelta(days=40)} for i in ids]  # fmt: skip
        history += [{"item_id": i, "old_status": "not_started", "new_status": "in_progress",
                     "old_progress": 0, "new_progress": 40, "by": "Kiểm thử", "channel": "web",
                     "at": NOW - timedelta(hours=rng.randrange(1, 14 * 24))}
                    for i in ids if rng.random() < 0.33]  # fmt: skip
        # Written in the order it happened, as the application writes it (not item by
        # item): an index read of the last week's changes then finds them side by side.
        history.sort(key=lambda row: row["at"])
        conn.execute(insert(StatusUpdate.__table__), history)
    collect(rt, as_of=NOW - timedelta(days=7))


def timed(work) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--pg", help="a PostgreSQL URL: bench there instead of SQLite")
    args = parser.parse_args()
    from fastapi.testclient import TestClient
    from sqlmodel import Session

    from config.settings import Settings
    from notifications.links import make_token
    from services.board import leadership_board
    from services.runtime import Runtime
    from store.dashboard import load_board
    from store.db import upgrade
    from store.departments import sync_departments
    from workplan.web.app import create_app

    with tempfile.TemporaryDirectory() as tmp:
        url, schema = f"sqlite:///{tmp}/board.db", None
        if args.pg:
            schema = f"bench_board_{uuid.uuid4().hex[:8]}"
            url = f"{args.pg}{'&' if '?' in args.pg else '?'}options=-csearch_path%3D{schema}"
            with Runtime(Settings(database_url=args.pg)).engine.begin() as conn:
                conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        rt = Runtime(Settings(home=Path(tmp), database_url=url, secret_key=SECRET)).at(NOW)
        upgrade(rt.engine)
        sync_departments(rt.engine, rt.org)
        fill(rt, args.items)
        if args.pg:  # the statistics autovacuum would have gathered by now
            with rt.engine.begin() as conn:
                conn.execute(text("ANALYZE"))
        today, floor, numbers, data = NOW.date(), [], [], []
        page = f"/board/{make_token(SECRET, leadership=True)}?period=2020-Q3"
        with TestClient(create_app(rt)) as client:
            client.get(page)  # warm both
            for _ in range(args.rounds):
                with rt.engine.connect() as conn:
                    floor.append(timed(lambda c=conn: c.execute(
                        FLOOR, {"today": today, "period": "2020-Q3"}).all()))
                with Session(rt.engine) as session:
                    numbers.append(timed(lambda s=session: load_board(
                        s, period="2020-Q3", today=today, order=rt.org.codes)))
                data.append(timed(lambda: leadership_board(rt, period="2020-Q3")))
            pages = [timed(lambda: client.get(page)) for _ in range(args.rounds)]
        if schema:
            with rt.engine.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        rt.close()
    report(args, floor, {"counts and lists (load_board)": numbers,
                         "all the board's data": data}, pages)


def report(args: argparse.Namespace, floor: list[float], data: dict[str, list[float]],
           pages: list[float]) -> None:  # fmt: skip
    engine = "PostgreSQL" if args.pg else "SQLite"
    load = ", ".join(f"{n:.2f}" for n in os.getloadavg())
    print(f"board bench on {engine}: {args.items} items of Quý III/2020, "
          f"{args.rounds} alternating rounds (all the data: with the week's change and who "
          f"did not answer the last request); load average {load}")
    print(f"  one GROUP BY (floor)            {_ms(floor)}")
    for name, times in data.items():
        ratios = sorted(d / f for d, f in zip(times, floor, strict=True))
        median = statistics.median(ratios)
        print(f"  {name:<31} {_ms(times)}: {ratios[0]:.1f}–{ratios[-1]:.1f}x the floor "
              f"(median {median:.1f}, target <= 3: {'met' if median <= 3 else 'MISSED'})")
    print(f"  the page (all the data, HTML)   {_ms(pages)}")


def _ms(values: list[float]) -> str:
    found = sorted(values)
    return (f"median {statistics.median(found) * 1000:6.1f} ms "
            f"(range {found[0] * 1000:.1f}–{found[-1] * 1000:.1f})")


if __name__ == "__main__":
    main()
