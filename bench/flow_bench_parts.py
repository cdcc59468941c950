"""The flow benchmark's side measurements: a flow's fixed cost (heartbeat on and off), the
digest's data against one SQL GROUP BY and the board against the same floor, and what a
fresh process pays to run one flow with Prefect's temporary server or a running one."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

MONDAY = datetime(2020, 8, 3, 8)


def flow_costs(runs: int = 6) -> None:
    """A flow of two empty tasks: the fixed cost of a flow run, heartbeat on and off."""
    from prefect import flow, task
    from prefect.cache_policies import NO_CACHE
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    @task(cache_policy=NO_CACHE)
    def nothing() -> None:
        return None

    @flow(name="empty")
    def empty() -> None:
        nothing()
        nothing()

    empty()  # the first run registers the flow
    on = [timed(empty) for _ in range(runs)]
    with temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        off = [timed(empty) for _ in range(runs * 2)]
    stalls = sum(t > 1.0 for t in off)
    print(f"fixed cost of a flow run (2 empty tasks): heartbeat on {spread(on, 2)} s; "
          f"off {spread(off, 2)} s, {stalls} of {len(off)} runs stalled over 1 s")


def digest_rounds(rounds: int, url: str) -> None:
    from sqlalchemy import text
    from sqlmodel import Session

    from services.digest import digest_data
    from services.runtime import Runtime
    from store.dashboard import load_board

    rt = Runtime().at(MONDAY)
    periods = ["2020-07", "2020-08", "2020-09", "2020-Q3"]
    floor_sql = text(FLOOR.format(keys=", ".join(f"'{p}'" for p in periods)))
    data, floor, board = [], [], []
    today, codes = MONDAY.date(), rt.org.codes
    for _ in range(rounds):
        with rt.begin() as conn:
            data.append(timed(lambda c=conn: digest_data(c, rt)))
            floor.append(timed(lambda c=conn: c.execute(floor_sql, {"today": today}).all()))
        with Session(rt.engine) as session:
            board.append(timed(
                lambda s=session: load_board(s, period="2020-Q3", today=today, order=codes)
            ))
    with rt.begin() as conn:
        tracemalloc.start()
        digest_data(conn, rt)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    ratio = [d / f for d, f in zip(data, floor, strict=True)]
    board_ratio = [b / f for b, f in zip(board, floor, strict=True)]
    print(f"digest data {spread(data, 3)} s vs one SQL GROUP BY {spread(floor, 3)} s: "
          f"{spread(ratio, 1)}x (target <= 3x); Python peak during it {peak / 2**20:.1f} MB")
    print(f"leadership board's counts and lists of the quarter (load_board) "
          f"{spread(board, 3)} s: {spread(board_ratio, 1)}x the same floor")
    rt.close()


def process_costs(api: str, home: Path, rounds: int = 2) -> None:
    """A fresh process running one flow: temporary Prefect server vs a running one."""
    code = ("from prefect import flow\n"
            "@flow(name='one')\ndef one():\n    return 1\none()\n")
    ephemeral = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    ephemeral["PREFECT_HOME"] = str(home / "prefect-ephemeral")
    served = dict(os.environ, PREFECT_API_URL=api)
    times: dict[str, list[float]] = {"temporary server": [], "running server": []}
    for _ in range(rounds):
        for name, env in (("temporary server", ephemeral), ("running server", served)):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], env=env, check=True,
                           capture_output=True, timeout=300)
            times[name].append(time.perf_counter() - start)
    print("a process running one flow: " + "; ".join(
        f"{name} {spread(values, 1)} s" for name, values in times.items()))


FLOOR = """SELECT lead, status, CASE
    WHEN status = 'cancelled' THEN NULL
    WHEN status = 'done' AND COALESCE(done_on, :today) <= due THEN 'done_on_time'
    WHEN status = 'done' THEN 'done_late'
    WHEN due < :today THEN 'open_overdue' ELSE 'open_not_due' END AS klass,
    count(*), sum(progress)
FROM work_item WHERE period IN ({keys}) GROUP BY lead, status, klass"""


def timed(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def spread(values: list[float], digits: int = 2) -> str:
    """The median and the range: ``1.10 [1.08–1.14]``."""
    low, mid, high = min(values), statistics.median(values), max(values)
    return f"{mid:.{digits}f} [{low:.{digits}f}–{high:.{digits}f}]"
