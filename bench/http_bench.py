"""Status updates over HTTP (P4): ``POST /api/v1/items/{id}/status`` on workplan, beside
the same SQL on a bare ASGI endpoint (the floor) and on a minimal FastAPI endpoint (the
reference) — see ``bench/http_floor.py``.

Each server runs in its own process, one uvicorn worker (on SQLite a second one is slower:
the write lock does not span processes), on its own copy of the sample programme. The
stack is named and pinned: uvicorn with h11 on asyncio. 16 keep-alive clients (a minimal
asyncio HTTP/1.1 client), each a department flipping one item it leads between two
statuses, read the new version from every answer. Rounds alternate the servers (floor,
reference, workplan, floor, …); each round gives the ratios; the ranges are printed.

Targets: SQLite — throughput >= 0.5 x the floor's, p99 <= 2 x; >= 0.9 x the reference's.
PostgreSQL (``--pg URL``) — >= 0.4 x the floor's (async psycopg), p99 <= 3 x.

    python bench/http_bench.py [--rounds 3] [--seconds 4] [--clients 16] [--pg URL]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import socket
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SECRET = "bench-secret-of-at-least-thirty-two-chars"
UVICORN = {"http": "h11", "loop": "asyncio", "access_log": False, "log_level": "warning"}
STEPS = ({"status": "in_progress", "progress": 50}, {"status": "done", "progress": 100})
SERVERS = ("floor", "reference", "workplan")


def prepare(url: str, home: Path) -> list[tuple[int, str]]:
    """A database holding the sample programme at ``url``; each item's id and lead."""
    from config.settings import Settings
    from services.importing import import_programme
    from services.runtime import Runtime
    from store.db import upgrade
    from store.departments import sync_departments

    rt = Runtime(Settings(home=home, database_url=url, secret_key=SECRET))
    upgrade(rt.engine)
    sync_departments(rt.engine, rt.org)
    text = (ROOT / "examples" / "bac-giang-khcn-2020-07-q3.md").read_text(encoding="utf-8")
    import_programme(rt, text, source_name="sample.md")
    with rt.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT id, lead FROM work_item ORDER BY id")
        items = [tuple(r) for r in rows]
    rt.close()
    return items  # type: ignore[return-value]


def serve(kind: str, url: str, port: int) -> None:
    """Run one server until terminated."""
    import uvicorn

    if kind == "floor":
        from bench.http_floor import Floor

        app = Floor(url.replace("postgresql+psycopg", "postgresql"))
    elif kind == "reference":
        from bench.http_floor import reference

        app = reference(url.replace("postgresql+psycopg", "postgresql"), SECRET)
    else:
        from config.settings import Settings
        from services.runtime import Runtime
        from workplan.web.app import create_app

        app = create_app(Runtime(Settings(home=Path(tempfile.gettempdir()), database_url=url,
                                          secret_key=SECRET)))  # fmt: skip
    uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, **UVICORN)).run()


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    conflicts: int = 0
    errors: int = 0
    requests: int = 0  # warm-up included


async def client(port: int, item: tuple[int, str], token: str, stop: float, start_at: float,
                 tally: Tally) -> None:  # fmt: skip
    """One keep-alive connection flipping one item until ``stop``."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    (item_id, dept), version_, step = item, 1, 0
    while (start := time.perf_counter()) < stop:
        body = json.dumps(STEPS[step % 2] | {"version": version_}).encode()
        writer.write(
            f"POST /api/v1/items/{item_id}/status HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Authorization: Bearer {token}\r\nX-Dept: {dept}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n".encode()
            + body
        )
        head = await reader.readuntil(b"\r\n\r\n")
        length = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
        answer, status = json.loads(await reader.readexactly(length)), int(head.split(b" ")[1])
        tally.requests += 1
        if start >= start_at:
            tally.latencies.append(time.perf_counter() - start)
            tally.conflicts += status == 409
            tally.errors += status not in (200, 409)
        if status == 200:
            version_, step = answer["version"], step + 1
        elif status == 409:
            version_ = answer["item"]["version"]
    writer.close()


def load(port: int, items: list[tuple[int, str]], seconds: float) -> tuple[float, float, Tally]:
    """Throughput (req/s) and p99 (s) of ``seconds`` of load after one second of warm-up."""
    from notifications.links import make_token

    tokens = {dept: make_token(SECRET, dept=dept) for _, dept in items}
    tally, now = Tally(), time.perf_counter()

    async def everyone() -> None:
        await asyncio.gather(*(client(port, item, tokens[item[1]], now + 1 + seconds, now + 1,
                                      tally) for item in items))  # fmt: skip

    asyncio.run(everyone())
    lat = sorted(tally.latencies)
    return len(lat) / seconds, lat[max(0, int(len(lat) * 0.99) - 1)], tally


def cpu_seconds(pid: int) -> float:
    """The user and system CPU time a process has used (Linux; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start(kind: str, url: str) -> tuple[multiprocessing.Process, int]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = multiprocessing.get_context("spawn").Process(target=serve, args=(kind, url, port),
                                                        daemon=True)  # fmt: skip
    proc.start()
    for _ in range(1200):  # a busy machine may take a while to import the app
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            return proc, port
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"the {kind} server did not start")


def databases(args: argparse.Namespace, home: Path) -> tuple[dict[str, str], list, str]:
    """A database per server holding the sample; the items; the engine's name."""
    if not args.pg:
        urls = {k: f"sqlite:///{home / k}.db" for k in SERVERS}
    else:
        from sqlalchemy import create_engine, text

        admin = create_engine(args.pg.replace("postgresql://", "postgresql+psycopg://"))
        urls = {}
        with admin.begin() as conn:
            for kind in SERVERS:
                schema = f"bench_{kind}_{uuid.uuid4().hex[:8]}"
                conn.execute(text(f'CREATE SCHEMA "{schema}"'))
                sep = "&" if "?" in args.pg else "?"
                urls[kind] = f"{args.pg}{sep}options=-csearch_path%3D{schema}"
        admin.dispose()
    items = [prepare(url, home) for url in urls.values()][-1]
    return urls, items[: args.clients], "PostgreSQL" if args.pg else "SQLite"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--pg", help="a PostgreSQL URL: bench there instead of SQLite")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        urls, items, engine = databases(args, Path(tmp))
        servers = {kind: start(kind, urls[kind]) for kind in SERVERS}
        stack = ", ".join(f"{p} {version(p)}" for p in ("uvicorn", "h11", "fastapi", "starlette",
                                                          "SQLAlchemy", "psycopg"))  # fmt: skip
        print(f"http bench on {engine}: {len(items)} keep-alive clients, {args.seconds:g} s a "
              f"round, 1 worker, uvicorn http=h11 loop=asyncio; {stack}")
        figures: dict[str, list[tuple[float, float]]] = {k: [] for k in SERVERS}
        try:
            for n in range(args.rounds):
                for kind in SERVERS:
                    proc, port = servers[kind]
                    used = cpu_seconds(proc.pid or 0)
                    rps, p99, tally = load(port, items, args.seconds)
                    used = cpu_seconds(proc.pid or 0) - used  # warm-up second included
                    figures[kind].append((rps, p99))
                    print(f"  round {n + 1} {kind:<9} {rps:7.0f} req/s  p99 {p99 * 1000:6.1f} ms"
                          f"  server CPU {used / tally.requests * 1e6:5.0f} µs a request"
                          f"  409s {tally.conflicts}  errors {tally.errors}")
        finally:
            for proc, _ in servers.values():
                proc.terminate()
                proc.join()
            drop(args, urls)
    verdicts(figures, engine)


def drop(args: argparse.Namespace, urls: dict[str, str]) -> None:
    """Drop the PostgreSQL schemas the run made."""
    if not args.pg:
        return
    from sqlalchemy import create_engine, text

    admin = create_engine(args.pg.replace("postgresql://", "postgresql+psycopg://"))
    with admin.begin() as conn:
        for url in urls.values():
            conn.execute(text(f'DROP SCHEMA "{url.rsplit("%3D", 1)[1]}" CASCADE'))
    admin.dispose()


def verdicts(figures: dict[str, list[tuple[float, float]]], engine: str) -> None:
    app, floor, ref = figures["workplan"], figures["floor"], figures["reference"]
    per_floor = [a[0] / f[0] for a, f in zip(app, floor, strict=True)]
    tail = [a[1] / f[1] for a, f in zip(app, floor, strict=True)]
    per_ref = [a[0] / r[0] for a, r in zip(app, ref, strict=True)]
    for name, values in (("floor", floor), ("reference", ref), ("workplan", app)):
        print(f"  {name:<9} {_range([v[0] for v in values], '.0f')} req/s, "
              f"p99 {_range([v[1] * 1000 for v in values], '.1f')} ms")
    pg = engine == "PostgreSQL"
    goals = [("throughput / floor", per_floor, 0.4 if pg else 0.5, ">="),
             ("p99 / floor", tail, 3.0 if pg else 2.0, "<=")]
    if not pg:
        goals.append(("throughput / reference", per_ref, 0.9, ">="))
    for name, values, goal, sense in goals:
        middle = statistics.median(values)
        met = middle >= goal if sense == ">=" else middle <= goal
        print(f"  {name:<23} {_range(values, '.2f')} (median {statistics.median(values):.2f}, "
              f"target {sense} {goal}): {'met' if met else 'MISSED'}")


def _range(values: list[float], fmt: str) -> str:
    return f"{min(values):{fmt}}–{max(values):{fmt}}"


if __name__ == "__main__":
    main()
