"""A status update while another connection holds SQLite's write lock: the event loop
keeps answering, the update waits in a worker thread and then lands once."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest
from sqlalchemy.engine import make_url
from sqlmodel import Session

from services.updates import WriterBusy, record_update
from store.items import get_item, history, list_items
from store.writers import never_waiting, unless_busy


def _led_by(engine, dept: str):
    with Session(engine) as s:
        return next(i for i in list_items(s, period="2020-07", dept=dept) if i.lead == dept)


@pytest.fixture
def other_writer(seeded):
    """A connection of another process's kind holding the write lock until released."""
    if seeded.dialect.name != "sqlite":
        pytest.skip("the write lock that makes a writer wait is SQLite's")
    conn = sqlite3.connect(make_url(str(seeded.url)).database, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    yield conn
    if conn.in_transaction:
        conn.execute("ROLLBACK")
    conn.close()


def test_the_loop_answers_while_an_update_waits_for_another_writer(
    client, token, seeded, other_writer
):
    item = _led_by(seeded, "TTRA")
    headers = {"Authorization": f"Bearer {token('TTRA')}"}
    body = {"status": "in_progress", "progress": 40, "version": item.version}
    answers: dict[str, object] = {}

    def update() -> None:
        answers["post"] = client.post(f"/api/v1/items/{item.id}/status", json=body,
                                      headers=headers)  # fmt: skip

    def read() -> None:
        answers["get"] = client.get(f"/api/v1/items/{item.id}", headers=headers)

    writer = threading.Thread(target=update)
    writer.start()
    time.sleep(0.5)  # the update has met the lock and waits for it
    reader = threading.Thread(target=read)
    reader.start()
    reader.join(timeout=10)
    assert "get" in answers and "post" not in answers  # answered while the update waits
    assert answers["get"].json()["version"] == item.version  # type: ignore[attr-defined]
    other_writer.execute("COMMIT")
    writer.join(timeout=30)
    post = answers["post"]
    assert post.status_code == 200, post.text  # type: ignore[attr-defined]
    assert post.json()["version"] == item.version + 1  # type: ignore[attr-defined]
    with Session(seeded) as s:
        entries = [e for e in history(s, item.id) if e.channel == "api"]
    assert [(e.new_status, e.new_progress) for e in entries] == [("in_progress", 40)]


def test_an_update_that_may_not_wait_changes_nothing_and_says_so(runtime, seeded, other_writer):
    item = _led_by(seeded, "TTRA")
    started = time.perf_counter()
    with pytest.raises(WriterBusy):
        record_update(runtime, item_id=item.id, actor="TTRA", status="done", by="TTRA",
                      channel="api", version=item.version, wait=False)  # fmt: skip
    assert time.perf_counter() - started < 5  # not the 30 s of the busy timeout
    other_writer.execute("COMMIT")
    with Session(seeded) as s:
        assert get_item(s, item.id).version == item.version
    # The connection waits again as configured: the next update lands.
    done = record_update(runtime, item_id=item.id, actor="TTRA", status="done", by="TTRA",
                         channel="api", version=item.version)  # fmt: skip
    assert (done.status, done.version) == ("done", item.version + 1)


def test_a_connection_waits_again_after_a_write_that_would_not(seeded, other_writer):
    with seeded.connect() as conn:
        configured = conn.exec_driver_sql("PRAGMA busy_timeout").scalar()
        conn.rollback()
        with pytest.raises(WriterBusy), unless_busy(conn), conn.begin():
            conn.exec_driver_sql("UPDATE work_item SET progress = progress")
        assert configured == 30000
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == configured


def test_the_event_loop_s_connection_never_waits_and_the_pool_s_still_do(seeded, other_writer):
    conn = never_waiting(seeded)
    try:
        started = time.perf_counter()
        with pytest.raises(WriterBusy), unless_busy(conn), conn.begin():
            conn.exec_driver_sql("UPDATE work_item SET progress = progress")
        assert time.perf_counter() - started < 5
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 0
    finally:
        conn.close()
    with seeded.connect() as pooled:  # the kept connection never went back to the pool
        assert pooled.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
