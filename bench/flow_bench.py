"""The scheduled jobs at scale: 200 departments, 100,000 items, one weekly tick.

A tick is what the schedule fires in a week: the reminders (Monday), the status
collection (Thursday), the chaser (Friday) and the leadership digest (Monday), each
followed by delivery of the outbox to a local SMTP sink. It runs two ways, round by
round (A B A B ...), on the same data (the ledger and the outbox emptied between runs):

  A  the service functions called directly (``services.*``), the baseline;
  B  the same through their Prefect flows, in one process once the Prefect API is up.

Target: B <= 1.5 x A + the fixed cost of the four flow runs, reported separately (a flow
with two empty tasks, heartbeat on and off). Also measured:

- the digest's data (``services.digest``: counts, lists, last round, undelivered mail)
  against one SQL ``GROUP BY`` counting the same items; target <= 3x;
- the leadership board's counts and lists of one quarter against the same floor;
- what a process pays to run one flow: with Prefect's temporary server (no
  ``PREFECT_API_URL``) and against a running ``prefect server start``;
- peak memory (RSS) of this process, and Python's peak allocation during one digest.

    .venv/bin/python bench/flow_bench.py [--departments 200] [--items 100000] [--rounds 2]
        [--postgres URL] [--prefect-url URL] [--skip-process] [--data-only]
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import sys
import tempfile
import time
import uuid
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from flow_bench_data import SEED, Sink, build_database, drop_schema, org_toml  # noqa: E402
from flow_bench_parts import digest_rounds, flow_costs, process_costs, spread  # noqa: E402

MONDAY, THURSDAY = datetime(2020, 8, 3, 8), datetime(2020, 8, 6, 8)
FRIDAY = datetime(2020, 8, 7, 15)


def main() -> None:
    args = options()
    home = Path(tempfile.mkdtemp(prefix="flow-bench-"))
    sink = Sink.start()
    url, schema = database_url(args, home)
    environment(home, url, sink.port, args)
    # before Prefect is imported: it reads its API then
    api = "" if args.data_only else prefect_api(args, home)
    print(stack(url, args))
    started = time.perf_counter()
    counts = build_database(url, departments=args.departments, items=args.items)
    print(f"data: {args.departments} departments, {counts['items']} items "
          f"({counts['open']} open, {counts['support']} supporting links, "
          f"{counts['updates']} updates this week) in {time.perf_counter() - started:.1f} s; "
          f"peak RSS {rss_mb():.0f} MB")
    try:
        if not args.data_only:
            tick_rounds(args.rounds, url, sink)
            flow_costs()
        digest_rounds(max(10, args.rounds * 4), url)
        if not (args.skip_process or args.data_only):
            process_costs(api, home)
        print(f"peak RSS of this process: {rss_mb():.0f} MB")
    finally:
        sink.stop()
        if schema:
            drop_schema(args.postgres, schema)


def options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--departments", type=int, default=200)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--postgres", help="a PostgreSQL URL (a schema is created and dropped)")
    parser.add_argument("--prefect-url", help="a running Prefect API (default: start one)")
    parser.add_argument("--skip-process", action="store_true", help="skip per-process costs")
    parser.add_argument("--data-only", action="store_true",
                        help="only the digest's and the board's data against the GROUP BY "
                             "(no Prefect, no weekly tick)")
    return parser.parse_args()


def database_url(args: argparse.Namespace, home: Path) -> tuple[str, str | None]:
    if not args.postgres:
        return f"sqlite:///{home / 'workplan.db'}", None
    from sqlalchemy import text

    from store.db import make_engine

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = make_engine(args.postgres)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    sep = "&" if "?" in args.postgres else "?"
    return f"{args.postgres}{sep}options=-csearch_path%3D{schema}", schema


def environment(home: Path, url: str, port: int, args: argparse.Namespace) -> None:
    """What a deployment's process would have: the flows read their settings from it."""
    organisation = home / "organisation.toml"
    organisation.write_text(org_toml(args.departments), encoding="utf-8")
    os.environ.update(
        WORKPLAN_HOME=str(home), WORKPLAN_DATABASE_URL=url, WORKPLAN_SMTP_PORT=str(port),
        WORKPLAN_ORGANISATION=str(organisation), WORKPLAN_SECRET_KEY="b" * 40,
        WORKPLAN_LOCALE="vi", PREFECT_LOGGING_LEVEL="WARNING",
    )
    from config.settings import load_settings
    from workflows.prefect_env import configure

    configure(load_settings())


def prefect_api(args: argparse.Namespace, home: Path) -> str:
    if args.prefect_url:
        os.environ["PREFECT_API_URL"] = args.prefect_url
        return str(args.prefect_url)
    from config.settings import load_settings
    from workflows.prefect_server import start_server

    settings = load_settings(prefect_port=_free_port())
    started = time.perf_counter()
    server = start_server(settings)
    os.environ["PREFECT_API_URL"] = server.url
    print(f"prefect server start (SQLite under the bench home): up in "
          f"{time.perf_counter() - started:.1f} s")
    return server.url


def tick_rounds(rounds: int, url: str, sink: Sink) -> None:
    direct, flows, mails = [], [], []
    for n in range(rounds):
        for name, runner, times in (("A", tick_direct, direct), ("B", tick_flows, flows)):
            reset(url)
            sink.count = 0
            start = time.perf_counter()
            runner()
            times.append(time.perf_counter() - start)
            mails.append(sink.count)
            print(f"  round {n + 1} {name}: {times[-1]:6.2f} s, {sink.count} mails delivered")
    ratios = [b / a for a, b in zip(direct, flows, strict=True)]
    print(f"weekly tick: A direct {spread(direct)} s, B Prefect {spread(flows)} s; "
          f"B/A {spread(ratios, 2)} (target <= 1.5 + the four flows' fixed cost); "
          f"B - A {spread([b - a for a, b in zip(direct, flows, strict=True)], 2)} s; "
          f"mails per tick {sorted(set(mails))}")


def tick_direct() -> None:
    from services.chasing import chase
    from services.delivery import deliver
    from services.digest import digest
    from services.reminders import remind
    from services.runtime import Runtime
    from services.status_requests import collect

    for use_case, moment in ((remind, MONDAY), (digest, MONDAY), (collect, THURSDAY),
                             (chase, FRIDAY)):
        rt = Runtime().at(moment)
        assert use_case(rt).outcome == "done"
        deliver(rt)
        rt.close()


def tick_flows() -> None:
    from workflows.digest import digest_flow
    from workflows.reminders import remind_flow
    from workflows.status_collection import chase_flow, collect_flow

    for flow, moment in ((remind_flow, MONDAY), (digest_flow, MONDAY), (collect_flow, THURSDAY),
                         (chase_flow, FRIDAY)):
        assert flow(as_of=moment)["outcome"] == "done"


def reset(url: str) -> None:
    from sqlalchemy import text

    from store.db import make_engine

    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM outbox"))
        conn.execute(text("DELETE FROM job_run"))
    engine.dispose()


def stack(url: str, args: argparse.Namespace) -> str:
    import sqlite3

    import apscheduler
    import prefect
    import sqlalchemy

    db = "PostgreSQL" if url.startswith("postgresql") else f"SQLite {sqlite3.sqlite_version}"
    return (f"stack: Python {platform.python_version()} on {platform.system()} "
            f"{platform.machine()}, {os.cpu_count()} CPUs; {db}; "
            f"SQLAlchemy {sqlalchemy.__version__}; Prefect {prefect.__version__}; "
            f"APScheduler {apscheduler.__version__}; seed {SEED}")


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


if __name__ == "__main__":
    main()

