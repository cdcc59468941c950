"""The digest's lists read in one pass give what the three separate queries give."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert, update

from services.importing import import_programme
from store.aggregates import carried_open, finished_between, overdue_items
from store.digest_lists import digest_lists
from store.models import WorkItem

TODAY = date(2020, 8, 17)
QUARTER = ["2020-07", "2020-08", "2020-09", "2020-Q3"]
WEEK = (date(2020, 8, 10), date(2020, 8, 16))


def test_one_pass_finds_the_same_first_items_and_counts_as_three_queries(rt, sample_text):
    import_programme(rt.at(datetime(2020, 7, 2, 9)), sample_text, source_name="sample.md")
    rng = random.Random(17)
    with rt.begin() as conn:
        ids = list(conn.execute(WorkItem.__table__.select().with_only_columns(WorkItem.id)).scalars())
        for item_id in ids:  # statuses, finishing days and due dates all over the place
            status = rng.choice(["not_started", "in_progress", "done", "blocked", "cancelled"])
            done_on = TODAY - timedelta(days=rng.randrange(1, 14)) if status == "done" else None
            due = date(2020, 7, 1) + timedelta(days=rng.randrange(0, 92))
            conn.execute(update(WorkItem).where(WorkItem.id == item_id)
                         .values(status=status, done_on=done_on, due=due))
        for n, original in enumerate(ids[:6]):  # continuations, one with a lost original
            conn.execute(insert(WorkItem).values(
                period="2020-Q3", section="task", bullet=90 + n, text=f"Chuyển tiếp {n}",
                lead=rng.choice(["VP", "TTRA", "QLKH"]), due=date(2020, 9, 30),
                status="in_progress", origin="carry", carry_count=1 + n % 2,
                carried_from=None if n == 5 else original,
                updated_at=datetime(2020, 8, 1, tzinfo=UTC),
            ))
        lists = digest_lists(conn, today=TODAY, periods=QUARTER, week=WEEK,
                             week_periods=QUARTER, limits={"late": 4, "carried": 3, "finished": 5})
        late = overdue_items(conn, today=TODAY, periods=QUARTER)
        carried = carried_open(conn, periods=QUARTER)
        finished = finished_between(conn, start=WEEK[0], end=WEEK[1], periods=QUARTER)

    assert lists.overdue == bare(late[:4]) and len(late) > 4
    assert [c.item for c in lists.carried] == bare([c.item for c in carried[:3]])
    assert [(c.from_period, c.carry_count) for c in lists.carried] == [
        (c.from_period, c.carry_count) for c in carried[:3]
    ]
    assert lists.carried_count == len(carried) == 6
    assert lists.finished == bare(finished[:5]) and lists.finished_count == len(finished) > 5


def bare(items: list) -> list:
    """The items as the digest reads them: it names no supporting unit."""
    return [replace(item, support=()) for item in items]
