"""One rollup at a time, all of it or nothing; and what a closed period's items accept:
completion dates, updates through an old id, forms rendered before the period closed."""

from __future__ import annotations

import threading
import time
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, insert, select
from sqlmodel import Session

from domain.periods import Period
from domain.problems import InputError
from services import rollup as rollup_service
from services.rollup import roll_up
from services.runtime import Runtime
from services.updates import record_update
from store import ledger
from store.carry import ensure_period
from store.items import get_item, list_items
from store.models import JobRun, Outbox, StatusUpdate, WorkItem

JULY = Period.month(2020, 7)
CLOSING = datetime(2020, 8, 3, 7, 0)  # Monday 03/08/2020, 07:00: July's rollup is due


def seed(rt: Runtime) -> dict[str, int]:
    """July with three tasks assigned on 02/07/2020."""
    with rt.engine.begin() as conn:
        ensure_period(conn, JULY)
    return {name: _add(rt, text) for name, text in (
        ("open", "Xây dựng kế hoạch chuyển đổi số của Sở."),
        ("done", "Tổng hợp báo cáo sơ kết 6 tháng đầu năm."),
        ("other", "Rà soát thủ tục hành chính thuộc thẩm quyền của Sở."),
    )}  # fmt: skip


def _add(rt: Runtime, text: str) -> int:
    assigned = datetime(2020, 7, 2, 2, 0, tzinfo=UTC)
    with rt.engine.begin() as conn:
        item_id = conn.execute(
            insert(WorkItem).returning(WorkItem.id),
            {"period": JULY.key, "section": "task", "bullet": 1, "text": text, "lead": "VP",
             "due": date(2020, 7, 31), "origin": "manual", "updated_at": assigned},
        ).scalar_one()  # fmt: skip
        conn.execute(insert(StatusUpdate), {"item_id": item_id, "new_status": "not_started",
                     "new_progress": 0, "by": "test", "channel": "import", "at": assigned})
    return item_id


def change(rt: Runtime, item_id: int, status: str, **more):  # type: ignore[no-untyped-def]
    return record_update(rt, item_id=item_id, actor=None, status=status, by="Lê Thị Hoa",
                         channel="web", **more)  # fmt: skip


def counts(rt: Runtime) -> dict[str, int]:
    with rt.engine.connect() as conn:
        return {
            "items": conn.execute(select(func.count()).select_from(WorkItem)).scalar_one(),
            "runs": conn.execute(select(func.count()).select_from(JobRun)).scalar_one(),
            "mail": conn.execute(select(func.count()).select_from(Outbox)).scalar_one(),
        }


def closed(rt: Runtime) -> bool:
    from store.reports import stored_period

    with rt.engine.connect() as conn:
        found = stored_period(conn, JULY)
    return found is not None and found.closed_at is not None


def test_a_rollup_killed_midway_leaves_nothing_and_the_next_run_completes_it(rt, monkeypatch):
    seed(rt)

    def killed(*args, **kwargs):  # the continuations are written, the mail not yet queued
        raise RuntimeError("killed")

    monkeypatch.setattr(rollup_service, "queue_report", killed)
    with pytest.raises(RuntimeError):
        roll_up(rt.at(CLOSING), JULY)
    assert counts(rt) == {"items": 3, "runs": 0, "mail": 0} and not closed(rt)
    monkeypatch.undo()
    done = roll_up(rt.at(CLOSING), JULY)
    assert (done.state, len(done.carried)) == ("done", 3)
    assert counts(rt) == {"items": 6, "runs": 1, "mail": 1} and closed(rt)


def test_a_period_not_yet_ended_is_refused_until_its_rollup_time_or_forced(rt):
    ids = seed(rt)
    with pytest.raises(InputError) as refused:
        roll_up(rt.at(datetime(2020, 8, 3, 6, 59)), JULY, asked="tháng 7/2020")
    assert refused.value.code == "period_not_ended"
    assert refused.value.params["due"] == "07:00 ngày 03/08/2020"
    assert counts(rt) == {"items": 3, "runs": 0, "mail": 0} and not closed(rt)
    early = roll_up(rt.at(datetime(2020, 7, 20, 9)), JULY, force=True)
    assert early.report.as_of == date(2020, 7, 20)
    assert early.report.total.classes["open_not_due"] == 3
    assert {c.source for c in early.carried} == set(ids.values())


def test_a_period_without_items_is_refused(rt):
    seed(rt)
    with pytest.raises(InputError) as refused:
        roll_up(rt.at(CLOSING), Period.quarter(2020, 1), asked="Quý I/2020")
    assert refused.value.code == "period_not_stored"
    assert counts(rt) == {"items": 3, "runs": 0, "mail": 0}


def test_a_second_run_waits_for_the_first_and_then_finds_the_period_done(rt):
    seed(rt)
    now = rt.at(CLOSING).now()
    found: list[object] = []
    with rt.engine.connect() as first:
        transaction = first.begin()
        ledger.claim(first, job="rollup", key=JULY.key, now=now)  # the first run holds July
        second = threading.Thread(target=lambda: found.append(roll_up(rt.at(CLOSING), JULY)))
        second.start()
        time.sleep(0.5)  # let the second run reach the ledger and wait there
        assert second.is_alive(), "the second run waits while the first holds the period"
        ledger.finish(first, job="rollup", key=JULY.key, now=now, result={"carried": 0})
        transaction.commit()
    second.join(timeout=60)
    (outcome,) = found
    assert outcome.state == "already"  # type: ignore[attr-defined]
    assert counts(rt) == {"items": 3, "runs": 1, "mail": 0}, "never both write"


def test_a_completion_date_is_checked_and_counts_in_the_report(rt):
    ids = seed(rt)
    july_30 = rt.at(datetime(2020, 8, 1, 9))
    for day, status, code in (
        (date(2020, 8, 2), "done", "done_on_future"),
        (date(2020, 7, 1), "done", "done_on_before_item"),
        (date(2020, 7, 30), "in_progress", "done_on_not_done"),
    ):
        with pytest.raises(InputError) as refused:
            change(july_30, ids["done"], status, done_on=day, progress=50 if status != "done" else None)
        assert refused.value.code == code
    assert change(july_30, ids["done"], "done", done_on=date(2020, 7, 30)).done_on == date(2020, 7, 30)
    assert change(july_30, ids["other"], "done").done_on == date(2020, 8, 1)
    report = roll_up(rt.at(CLOSING), JULY).report
    assert (report.total.classes["done_on_time"], report.total.classes["done_late"]) == (1, 1)


def test_a_finished_item_of_a_closed_period_no_longer_changes(rt):
    ids = seed(rt)
    change(rt.at(datetime(2020, 7, 28, 9)), ids["done"], "done")
    roll_up(rt.at(CLOSING), JULY)
    with pytest.raises(InputError) as refused:
        change(rt.at(datetime(2020, 8, 4, 9)), ids["done"], "in_progress", progress=50)
    assert refused.value.code == "item_closed" and refused.value.params["period"] == "tháng 7/2020"


def test_a_form_rendered_before_closing_lands_on_the_continuation_unless_it_changed(rt):
    ids = seed(rt)
    with Session(rt.engine) as s:
        shown = {i.id: i.version for i in list_items(s, period=JULY.key)}
    roll_up(rt.at(CLOSING), JULY)
    later = rt.at(datetime(2020, 8, 4, 9))
    moved = change(later, ids["open"], "in_progress", progress=30, version=shown[ids["open"]])
    assert moved.redirected_from == ids["open"] and moved.period == Period.month(2020, 8)
    with pytest.raises(InputError) as refused:  # the continuation changed since the form
        change(later, ids["open"], "in_progress", progress=60, version=shown[ids["open"]])
    assert refused.value.code == "stale_version"
    with Session(rt.engine) as s:
        assert (get_item(s, moved.id).progress, get_item(s, ids["open"]).progress) == (30, 0)
