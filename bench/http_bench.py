"""Status updates over HTTP: ``POST /api/v1/items/{id}/status`` against a bare ASGI app.

Both servers run in their own process under the same uvicorn settings on loopback, each
on its own copy of a SQLite database holding the sample programme. The bare one is a
plain async ASGI callable doing the single-row UPDATE (with the version check) through
raw sqlite3. N keep-alive clients (a minimal asyncio HTTP/1.1 client, cheap enough not
to be the bottleneck) alternate each item between two statuses, read the new version
from every answer and retry 409s (counted). Targets: app throughput >= 1/2 of the bare
one, app p99 <= 4x the bare p99.

    python bench/http_bench.py [--clients 16] [--seconds 5] [--items 0]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import shutil
import socket
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SECRET = "bench-secret-of-at-least-thirty-two-chars"
QUIET = {"access_log": False, "log_level": "warning"}  # the same for both servers
STEPS = ({"status": "in_progress", "progress": 50}, {"status": "done", "progress": 100})


def prepare(folder: Path) -> list[int]:
    """A database with the sample imported; returns its item ids."""
    from config.settings import Settings
    from services.importing import import_programme
    from services.runtime import Runtime
    from store.db import upgrade
    from store.departments import sync_departments

    rt = Runtime(Settings(home=folder, database_url=f"sqlite:///{folder / 'seed.db'}"))
    upgrade(rt.engine)
    sync_departments(rt.engine, rt.org)
    text = (ROOT / "examples" / "bac-giang-khcn-2020-07-q3.md").read_text(encoding="utf-8")
    import_programme(rt, text, source_name="sample.md")
    with rt.engine.connect() as conn:
        ids = [row[0] for row in conn.exec_driver_sql("SELECT id FROM work_item ORDER BY id")]
    rt.close()
    return ids


def serve_app(db: str, port: int) -> None:
    import uvicorn

    from config.settings import Settings
    from services.runtime import Runtime
    from workplan.web.app import create_app
    from workplan.web.server import config

    settings = Settings(home=Path(db).parent, database_url=f"sqlite:///{db}", secret_key=SECRET)
    app = create_app(Runtime(settings=settings))
    uvicorn.Server(config(app, host="127.0.0.1", port=port, **QUIET)).run()


CURRENT = "SELECT version FROM work_item WHERE id=?"


class Bare:
    """The baseline: parse the JSON body, one UPDATE with the version check, answer JSON."""

    def __init__(self, db: str) -> None:
        self.conn = sqlite3.connect(db, timeout=30, isolation_level=None)
        for pragma in ("foreign_keys=ON", "journal_mode=WAL", "synchronous=NORMAL"):
            self.conn.execute(f"PRAGMA {pragma}")

    async def __call__(self, scope, receive, send) -> None:  # type: ignore[no-untyped-def]
        if scope["type"] != "http":
            return
        body, more = b"", True
        while more:
            message = await receive()
            body, more = body + message.get("body", b""), message.get("more_body", False)
        item_id, change = int(scope["path"].split("/")[4]), json.loads(body)
        cur = self.conn.execute(
            "UPDATE work_item SET status=?, progress=?, version=version+1, updated_at=? "
            "WHERE id=? AND version=?",
            (change["status"], change["progress"], time.time(), item_id, change["version"]),
        )
        if cur.rowcount == 1:
            status, answer = 200, {"id": item_id, "version": change["version"] + 1}
        else:
            now = self.conn.execute(CURRENT, (item_id,)).fetchone()
            status, answer = 409, {"code": "stale_version", "item": {"version": now[0]}}
        data = json.dumps(answer).encode()
        headers = [(b"content-type", b"application/json"),
                   (b"content-length", str(len(data)).encode())]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": data})


def serve_bare(db: str, port: int) -> None:
    import uvicorn

    from workplan.web.server import config

    uvicorn.Server(config(Bare(db), host="127.0.0.1", port=port, **QUIET)).run()


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    conflicts: int = 0
    errors: int = 0


async def client(
    port: int, item_id: int, token: str, stop: float, measure_from: float, tally: Tally
) -> None:
    """One keep-alive connection flipping one item until ``stop``."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    version, step = 1, 0
    while (start := time.perf_counter()) < stop:
        body = json.dumps(STEPS[step % 2] | {"version": version}).encode()
        writer.write(
            f"POST /api/v1/items/{item_id}/status HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n".encode() + body
        )
        head = await reader.readuntil(b"\r\n\r\n")
        length = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
        answer = json.loads(await reader.readexactly(length))
        status = int(head.split(b" ", 2)[1])
        if start >= measure_from:
            tally.latencies.append(time.perf_counter() - start)
            tally.conflicts += status == 409
            tally.errors += status not in (200, 409)
        if status == 200:
            version, step = answer["version"], step + 1
        elif status == 409:
            version = answer["item"]["version"]
    writer.close()


async def load(port: int, ids: list[int], token: str, clients: int, seconds: float) -> Tally:
    tally, now = Tally(), time.perf_counter()
    warm = now + 1.0
    await asyncio.gather(*(client(port, ids[n % len(ids)], token, warm + seconds, warm, tally)
                           for n in range(clients)))
    return tally


def measure(target, db: Path, ids: list[int], token: str, args) -> tuple[Tally, float]:  # type: ignore[no-untyped-def]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    spawn = multiprocessing.get_context("spawn")
    proc = spawn.Process(target=target, args=(str(db), port), daemon=True)
    proc.start()
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.05)
        return asyncio.run(load(port, ids, token, args.clients, args.seconds)), args.seconds
    finally:
        proc.terminate()
        proc.join()


def report(name: str, tally: Tally, seconds: float) -> tuple[float, float]:
    lat = sorted(tally.latencies)
    rps, p50, p99 = len(lat) / seconds, statistics.median(lat), lat[int(len(lat) * 0.99) - 1]
    print(f"  {name:<28} {rps:8.0f} req/s   p50 {p50 * 1000:6.2f} ms   p99 {p99 * 1000:6.2f} ms"
          f"   409s {tally.conflicts}   errors {tally.errors}")
    return rps, p99


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--items", type=int, default=0,
                        help="items the clients share (0: one item per client)")
    args = parser.parse_args()
    from notifications.links import make_token

    token = make_token(SECRET, leadership=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        ids = prepare(folder)[: args.items or args.clients]
        for name in ("app.db", "bare.db"):
            shutil.copy(folder / "seed.db", folder / name)
        print(f"http bench: {args.clients} clients, {args.seconds:g} s each, "
              f"{len(ids)} items, SQLite")
        bare = report("bare ASGI + sqlite3", *measure(serve_bare, folder / "bare.db", ids, token,
                                                       args))
        app = report("workplan API (FastAPI)", *measure(serve_app, folder / "app.db", ids, token,
                                                        args))
    throughput, tail = app[0] / bare[0], app[1] / bare[1]
    print(f"  throughput ratio {throughput:.2f} (target >= 0.5): {_verdict(throughput >= 0.5)}")
    print(f"  p99 ratio        {tail:.2f} (target <= 4):   {_verdict(tail <= 4)}")


def _verdict(met: bool) -> str:
    return "met" if met else "MISSED"


if __name__ == "__main__":
    main()
