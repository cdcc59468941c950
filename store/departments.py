"""Departments in the database, kept in line with the organisation file."""

from __future__ import annotations

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from domain.organisation import Organisation
from store.models import Department


def sync_departments(engine: Engine, org: Organisation) -> tuple[int, int]:
    """Insert new departments, refresh changed names and e-mails; returns (added, updated).

    Departments no longer in the file are marked inactive, never deleted: their items
    and history stay.
    """
    added = changed = 0
    with engine.begin() as conn:
        have = {row.code: row for row in conn.execute(select(Department))}
        for dept in org.departments:
            values = {"name": dept.name, "email": dept.email, "active": True}
            old = have.get(dept.code)
            if old is None:
                conn.execute(insert(Department).values(code=dept.code, **values))
                added += 1
            elif (old.name, old.email, old.active) != (dept.name, dept.email, True):
                conn.execute(
                    update(Department).where(col(Department.code) == dept.code).values(**values)
                )
                changed += 1
        gone = set(have) - set(org.codes)
        if gone:
            retired = update(Department).where(col(Department.code).in_(gone))
            conn.execute(retired.values(active=False))
    return added, changed


def list_departments(session: Session, *, active_only: bool = True) -> list[Department]:
    query = select(Department).order_by(Department.code)
    if active_only:
        query = query.where(col(Department.active))
    return list(session.execute(query).scalars())
