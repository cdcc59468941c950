"""The board's periods and departments, read in one statement, are what each table holds;
on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select, update

from domain.periods import Period
from store.board_reads import periods_and_departments
from store.departments import sync_departments
from store.importer import ensure_periods
from store.models import Department
from store.models import Period as StoredPeriod


def test_the_periods_and_departments_are_each_table_read_apart(engine, org):
    sync_departments(engine, org)
    gone = org.codes[1]
    with engine.begin() as conn:
        ensure_periods(conn, [Period.from_key("2021"), Period.month(2020, 7)])
        conn.execute(update(StoredPeriod).where(StoredPeriod.key == "2020-07")
                     .values(closed_at=datetime(2020, 8, 3, tzinfo=UTC)))  # fmt: skip
        conn.execute(update(Department).where(Department.code == gone).values(active=False))
    with engine.connect() as conn:
        periods, departments = periods_and_departments(conn)
        stored = conn.execute(select(StoredPeriod.key, StoredPeriod.kind, StoredPeriod.start,
                                     StoredPeriod.end, StoredPeriod.closed_at)).all()  # fmt: skip
        depts = conn.execute(select(Department.code, Department.name, Department.active)).all()
    assert sorted(departments) == sorted((code, name, bool(a)) for code, name, a in depts)
    assert [code for code, _, active in departments if not active] == [gone]
    in_order = sorted(stored, key=lambda row: Period.from_key(row.key).sort_key)
    assert [(p.key, p.kind, p.start, p.end, p.closed) for p in periods] == [
        (row.key, row.kind, row.start, row.end, row.closed_at is not None) for row in in_order
    ]
    assert [(p.key, p.closed) for p in periods] == [("2020-07", True), ("2020-Q3", False),
                                                    ("2021", False)]  # fmt: skip
