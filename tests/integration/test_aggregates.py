"""The digest's counts and lists in SQL, on SQLite and PostgreSQL."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import insert
from sqlalchemy.engine import Engine
from sqlmodel import Session

from domain.digest import add_up
from domain.organisation import Organisation
from domain.periods import Period as DomainPeriod
from domain.report import ItemSnapshot, summarise
from domain.status import ReportClass
from store.aggregates import carried_open, count_by_department, finished_between, overdue_items
from store.importer import ensure_periods
from store.models import ItemSupport, WorkItem

STATUSES = ["not_started", "in_progress", "done", "blocked", "cancelled"]
COUNTED = ["2020-07", "2020-Q3"]
TODAY = date(2020, 8, 17)


def row(id: int, due: date, *, lead: str = "TTRA", status: str = "in_progress", **more: Any):
    values = {
        "id": id,
        "period": "2020-Q3",
        "section": "task",
        "bullet": id,
        "part": 1,
        "text": f"Nhiệm vụ {id}",
        "lead": lead,
        "due": due,
        "status": status,
        "progress": {"done": 100, "not_started": 0}.get(status, 40),
        "note": None,
        "done_on": None,
        "carried_from": None,
        "origin": "import",
        "carry_count": 0,
        "version": 1,
        "updated_at": datetime(2020, 7, 1, tzinfo=UTC),
    }
    return values | more


def store(engine: Engine, rows: list[dict[str, Any]], support: list[dict[str, Any]] = ()) -> None:
    with engine.begin() as conn:
        ensure_periods(
            conn,
            [
                DomainPeriod.month(2020, 7),
                DomainPeriod.quarter(2020, 2),
                DomainPeriod.quarter(2020, 3),
            ],
        )
        conn.execute(insert(WorkItem.__table__), rows)
        if support:
            conn.execute(insert(ItemSupport.__table__), support)


def random_rows(seed: int, codes: tuple[str, ...]) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    rows = []
    for n in range(1, 301):
        status = rng.choice(STATUSES)
        due = TODAY + timedelta(days=rng.randint(-40, 40))
        done_on = None
        if status == "done" and rng.random() < 0.85:  # some done items lack a finishing date
            done_on = due + timedelta(days=rng.choice([-5, -1, 0, 0, 1, 3]))
        elif rng.random() < 0.1:  # a reopened item may keep its old finishing date
            done_on = due
        progress = {"done": 100, "not_started": 0}.get(status, rng.randint(0, 99))
        rows.append(
            row(
                n,
                rng.choice([due, TODAY]),
                lead=rng.choice(codes[:5]),
                status=status,
                progress=progress,
                done_on=done_on,
                period=rng.choice(["2020-07", "2020-Q3", "2020-Q2"]),
                # some were extended: done after the first due date, by the new one
                original_due=rng.choice([None, None, due - timedelta(days=rng.randint(0, 4))]),
            )
        )
    return rows


def snapshot(values: dict[str, Any]) -> ItemSnapshot:
    fields = ("id", "period", "text", "lead", "due", "status", "progress", "done_on")
    return ItemSnapshot(**{k: values[k] for k in fields}, original_due=values.get("original_due"))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sql_counts_equal_the_python_summary_on_random_items(engine, org: Organisation, seed):
    rows = random_rows(seed, org.codes)
    store(engine, rows)
    counted = [snapshot(r) for r in rows if r["period"] in COUNTED]
    expected = summarise(counted, today=TODAY, departments=org.codes)
    with engine.connect() as conn:
        got = count_by_department(conn, periods=COUNTED, today=TODAY, departments=org.codes)
    assert {c.dept: c for c in got} == {c.dept: c for c in expected.departments}
    assert [c.dept for c in got][: len(org.codes)] == list(org.codes)
    assert add_up(got) == expected.total
    assert expected.total.total < len(rows)  # the other period's items were left out


def test_counts_read_through_a_session_and_order_unlisted_departments_by_code(engine):
    store(
        engine, [row(1, TODAY, lead="VP"), row(2, TODAY, lead="KHTC"), row(3, TODAY, lead="TTRA")]
    )
    with Session(engine) as session:
        got = count_by_department(session, periods=COUNTED, today=TODAY, departments=["TTRA"])
    assert [c.dept for c in got] == ["TTRA", "KHTC", "VP"]
    assert (got[0].total, got[0].classes[ReportClass.OPEN_NOT_DUE]) == (1, 1)


def test_a_done_item_without_a_finishing_date_counts_as_finished_today(engine):
    store(
        engine,
        [
            row(1, TODAY, status="done"),  # on time today
            row(2, TODAY - timedelta(days=1), status="done"),  # late, finished today
            row(3, TODAY, status="done", done_on=TODAY),  # finished on the due date: on time
            row(4, TODAY - timedelta(days=1), status="in_progress"),  # overdue
            row(5, TODAY, status="blocked"),  # due today: not yet overdue
            row(6, TODAY - timedelta(days=9), status="cancelled"),  # in no class
        ],
    )
    with engine.connect() as conn:
        [ttra] = count_by_department(conn, periods=COUNTED, today=TODAY)
    assert {k.value: v for k, v in ttra.classes.items()} == {
        "done_on_time": 2,
        "done_extended": 0,
        "done_late": 1,
        "open_not_due": 1,
        "open_overdue": 1,
    }
    assert ttra.total == 6 and ttra.percent_done == 60


def test_items_finished_in_a_week_are_listed_by_finishing_date_with_their_support(engine):
    monday, sunday = date(2020, 8, 10), date(2020, 8, 16)
    store(
        engine,
        [
            row(1, TODAY, status="done", done_on=sunday),
            row(2, TODAY, status="done", done_on=monday, lead="VP"),
            row(3, TODAY, status="done", done_on=monday - timedelta(days=1)),  # the week before
            row(4, TODAY, status="done", done_on=sunday + timedelta(days=1)),  # this week
            row(5, TODAY, status="in_progress", done_on=monday),  # reopened: not finished
        ],
        support=[
            {"item_id": 2, "dept": "KHTC", "position": 1},
            {"item_id": 2, "dept": "TTRA", "position": 0},
        ],
    )
    with engine.connect() as conn:
        found = finished_between(conn, start=monday, end=sunday)
    assert [(i.id, i.done_on) for i in found] == [(2, monday), (1, sunday)]
    assert found[0].support == ("TTRA", "KHTC") and found[1].support == ()


def test_the_overdue_list_holds_open_items_due_before_today_oldest_first(engine):
    store(
        engine,
        [
            row(1, TODAY - timedelta(days=1)),
            row(2, TODAY - timedelta(days=20), status="blocked", lead="VP"),
            row(3, TODAY),  # due today
            row(4, TODAY - timedelta(days=5), status="done", done_on=TODAY),
            row(5, TODAY - timedelta(days=5), status="cancelled"),
            row(6, TODAY - timedelta(days=3), status="not_started", period="2020-Q2"),
        ],
    )
    with engine.connect() as conn:
        everywhere = overdue_items(conn, today=TODAY)
        counted = overdue_items(conn, today=TODAY, periods=COUNTED)
    assert [i.id for i in everywhere] == [2, 6, 1]
    assert [i.id for i in counted] == [2, 1]
    assert (everywhere[0].lead, everywhere[0].due, everywhere[0].text) == (
        "VP",
        TODAY - timedelta(days=20),
        "Nhiệm vụ 2",
    )


def test_carried_over_open_items_name_the_period_they_come_from(engine):
    store(
        engine,
        [
            row(1, date(2020, 6, 30), period="2020-Q2"),
            row(2, date(2020, 6, 30), period="2020-Q2", status="done", done_on=date(2020, 6, 1)),
            row(3, date(2020, 9, 30), carried_from=1, origin="carry", carry_count=1),
            row(4, date(2020, 9, 30), carried_from=2, origin="carry", carry_count=1, status="done"),
            row(5, date(2020, 9, 15), origin="carry", carry_count=2, lead="VP"),
            row(6, date(2020, 9, 30)),  # imported, not carried
        ],
    )
    with engine.connect() as conn:
        found = carried_open(conn, periods=COUNTED)
    assert [(c.item.id, c.from_period, c.carry_count) for c in found] == [
        (3, "2020-Q2", 1),
        (5, None, 2),
    ]


@pytest.mark.parametrize("seed", [1, 2])
def test_the_change_since_last_week_is_what_each_items_history_says(engine, org, seed):
    """Each item moves from its class a week ago (its status before its first change
    since, several changes and changes at the same moment included; none if it did not
    exist) to its class now; an unchanged open item that fell due in between moves to
    overdue; an unchanged one stays where it was."""
    from dataclasses import replace

    from domain.status import Status, classify
    from store.aggregates import class_shift
    from store.models import StatusUpdate

    rows = random_rows(seed, org.codes)
    store(engine, rows)
    since, day = datetime(2020, 8, 10, 3, 0, tzinfo=UTC), date(2020, 8, 10)
    rng = random.Random(seed)
    history, before = [], {}  # the status just before each item's first change since
    for r in rows:
        n = rng.choice([0, 0, 1, 2, 3])  # changes after ``since``; some items are new
        moments = sorted(since + timedelta(hours=rng.choice([1, 1, 30, 70])) for _ in range(n))
        statuses = [rng.choice([None] + STATUSES)] + [rng.choice(STATUSES) for _ in moments]
        if n:
            before[r["id"]] = statuses[0]
        history += [{"item_id": r["id"], "old_status": old, "new_status": new, "old_progress": 0,
                     "new_progress": 0, "by": "t", "channel": "web", "at": at}
                    for old, new, at in zip(statuses[:-1], statuses[1:], moments, strict=True)]
    with engine.begin() as conn:
        conn.execute(insert(StatusUpdate.__table__), history)
        got = class_shift(conn, periods=COUNTED, today=TODAY, since=since, day=day)

    def klass(item: ItemSnapshot, on: date) -> ReportClass | None:
        return classify(status=Status(item.status), due=item.due, done_on=item.done_on,
                        today=on, original_due=item.original_due)

    expected = dict.fromkeys(ReportClass, 0)
    for r in (r for r in rows if r["period"] in COUNTED):
        now = snapshot(r)
        if r["id"] in before:
            then_status = before[r["id"]]
            then = None if then_status in (None, "cancelled") else klass(
                replace(now, status=then_status), day)
            if klass(now, TODAY) is not None:
                expected[klass(now, TODAY)] += 1
            if then is not None:
                expected[then] -= 1
        elif now.status not in ("done", "cancelled") and day <= now.due < TODAY:
            expected[ReportClass.OPEN_OVERDUE] += 1
            expected[ReportClass.OPEN_NOT_DUE] -= 1
    assert got == expected
    assert any(expected.values())
