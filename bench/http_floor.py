"""The HTTP bench's two yardsticks for ``POST /api/v1/items/{id}/status``, each doing the
SQL workplan does for a department's change, in one transaction:

- the floor: a bare ASGI callable on the driver (sqlite3, or psycopg's async connections
  on PostgreSQL), no framework, no token check;
- the reference: a minimal FastAPI endpoint, Bearer token checked, body validated by a
  pydantic model, the same statements on the same driver.

The statements: the item's lead (and, for a supporting department, its support row), the
item with its period, the versioned UPDATE, the history INSERT, the supporting departments.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel


class Change(BaseModel):
    """The reference endpoint's body."""

    status: str
    progress: int
    version: int

LEAD = "SELECT lead FROM work_item WHERE id = {p}"
SUPPORTS = "SELECT 1 FROM item_support WHERE item_id = {p} AND dept = {p}"
CURRENT = (
    "SELECT w.id, w.period, w.lead, w.due, w.status, w.progress, w.note, w.done_on, w.version,"
    " p.closed_at FROM work_item w JOIN period p ON p.key = w.period WHERE w.id = {p}"
)
UPDATE = (
    "UPDATE work_item SET status = {p}, progress = {p}, note = {p}, done_on = {p},"
    " version = {p}, updated_at = {p} WHERE id = {p} AND version = {p}"
)
HISTORY = (
    "INSERT INTO status_update (item_id, old_status, new_status, old_progress, new_progress,"
    ' note, "by", channel, at) VALUES ({p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p})'
)
SUPPORT = 'SELECT dept FROM item_support WHERE item_id = {p} ORDER BY "position"'


def statements(mark: str) -> dict[str, str]:
    return {k: v.format(p=mark) for k, v in (("lead", LEAD), ("supports", SUPPORTS),
            ("current", CURRENT), ("update", UPDATE), ("history", HISTORY),
            ("support", SUPPORT))}  # fmt: skip


def change(sql: dict[str, str], item_id: int, dept: str, body: dict[str, Any], now: Any) -> Any:
    """The statements of one change, as a generator: it yields ``(statement, parameters)``
    and is sent the rows, so the sync and the async driver run the same steps; it returns
    the HTTP status and the answer."""
    lead = yield sql["lead"], (item_id,)
    if not lead:
        return 404, {"code": "unknown_item"}
    if lead[0][0] != dept and not (yield sql["supports"], (item_id, dept)):
        return 403, {"code": "not_your_item"}
    (item_id, period, lead_, due, status, progress, note, done_on, version, closed), = (
        yield sql["current"], (item_id,))
    if body["version"] != version:
        return 409, {"code": "stale_version", "item": {"id": item_id, "version": version}}
    new = (body["status"], body["progress"], note, done_on, version + 1, now, item_id, version)
    yield sql["update"], new
    yield sql["history"], (item_id, status, body["status"], progress, body["progress"], None,
                           dept, "api", now)  # fmt: skip
    support = [row[0] for row in (yield sql["support"], (item_id,))]
    return 200, {"id": item_id, "period": period, "lead": lead_, "support": support,
                 "due": str(due), "status": body["status"], "progress": body["progress"],
                 "note": note, "version": version + 1}  # fmt: skip


def drive_sync(cur: Any, steps: Any) -> tuple[int, dict[str, Any]]:
    """Run a :func:`change` on a sqlite3 cursor."""
    try:
        statement = next(steps)
        while True:
            rows = cur.execute(*statement).fetchall()
            statement = steps.send(rows)
    except StopIteration as done:
        return done.value  # type: ignore[no-any-return]


async def drive_async(cur: Any, steps: Any) -> tuple[int, dict[str, Any]]:
    """Run a :func:`change` on a psycopg async cursor."""
    try:
        statement = next(steps)
        while True:
            await cur.execute(*statement)
            rows = await cur.fetchall() if statement[0].startswith("SELECT") else []
            statement = steps.send(rows)
    except StopIteration as done:
        return done.value  # type: ignore[no-any-return]


class Store:
    """One driver connection (SQLite) or a pool of async ones (PostgreSQL)."""

    def __init__(self, url: str, size: int = 8) -> None:
        self.url, self.size, self.pool = url, size, None
        if url.startswith("sqlite"):
            self.conn = sqlite3.connect(url.split("///", 1)[1], isolation_level=None,
                                        check_same_thread=False)  # fmt: skip
            for pragma in ("foreign_keys=ON", "journal_mode=WAL", "synchronous=NORMAL"):
                self.conn.execute(f"PRAGMA {pragma}")
            self.sql = statements("?")
        else:
            self.sql = statements("%s")

    async def run(self, item_id: int, dept: str, body: dict[str, Any]) -> tuple[int, dict]:
        now = datetime.now(UTC)
        if self.url.startswith("sqlite"):
            cur = self.conn.cursor()
            cur.execute("BEGIN")
            stamp = now.strftime("%Y-%m-%d %H:%M:%S.%f")
            answer = drive_sync(cur, change(self.sql, item_id, dept, body, stamp))
            cur.execute("COMMIT")
            return answer
        if self.pool is None:
            import psycopg

            self.pool = asyncio.Queue()
            for _ in range(self.size):
                self.pool.put_nowait(await psycopg.AsyncConnection.connect(self.url))
        conn = await self.pool.get()
        try:
            async with conn.transaction(), conn.cursor() as cur:
                return await drive_async(cur, change(self.sql, item_id, dept, body, now))
        finally:
            self.pool.put_nowait(conn)


class Floor:
    """The bare ASGI endpoint: the path's item, the JSON body, the store, JSON back."""

    def __init__(self, url: str) -> None:
        self.store = Store(url)

    async def __call__(self, scope, receive, send) -> None:  # type: ignore[no-untyped-def]
        if scope["type"] != "http":
            return
        body, more = b"", True
        while more:
            message = await receive()
            body, more = body + message.get("body", b""), message.get("more_body", False)
        dept = dict(scope["headers"]).get(b"x-dept", b"").decode()
        status, answer = await self.store.run(int(scope["path"].split("/")[4]), dept,
                                              json.loads(body))  # fmt: skip
        data = json.dumps(answer).encode()
        headers = [(b"content-type", b"application/json"),
                   (b"content-length", str(len(data)).encode())]  # fmt: skip
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": data})


def reference(url: str, secret: str) -> Any:
    """The minimal FastAPI endpoint: Bearer token read as workplan reads it, a pydantic body."""
    from fastapi import Depends, FastAPI
    from fastapi.responses import JSONResponse
    from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

    from notifications.links import read_token

    app, store, bearer = FastAPI(), Store(url), HTTPBearer()

    def caller(credentials: HTTPAuthorizationCredentials = Depends(bearer)) -> str:  # noqa: B008
        return read_token(secret, credentials.credentials).dept or ""

    @app.post("/api/v1/items/{item_id}/status")
    async def status(item_id: int, body: Change, dept: str = Depends(caller)) -> JSONResponse:  # noqa: B008
        code, answer = await store.run(item_id, dept, body.model_dump())
        return JSONResponse(answer, code)

    return app
