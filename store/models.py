"""SQLModel tables.

Bulk writes go through SQLAlchemy Core ``insert()`` with lists of dicts (see
:mod:`store.importer`); these classes define the schema and serve reads.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, Table, UniqueConstraint, util
from sqlalchemy import text as sql
from sqlalchemy.orm import class_mapper
from sqlmodel import Field, SQLModel

from store.types import UTCDateTime


def moment(*, nullable: bool = False) -> Any:
    """A timezone-aware moment column (UTC in the database)."""
    return Field(default=None, sa_column=Column(UTCDateTime(), nullable=nullable))


class Department(SQLModel, table=True):
    code: str = Field(primary_key=True, max_length=16)
    name: str
    email: str
    active: bool = True


class Period(SQLModel, table=True):
    key: str = Field(primary_key=True, max_length=16)  # 2020-07, 2020-Q3, 2020-H1, 2020
    kind: str = Field(max_length=8)
    start: date
    end: date
    closed_at: datetime | None = moment(nullable=True)  # set by the end-of-period rollup


class Programme(SQLModel, table=True):
    __table_args__ = (Index("uq_programme_identity", "identity", unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    content_hash: str = Field(unique=True, max_length=64)  # of the latest version's text
    identity: str | None = Field(default=None, max_length=255)  # issuer|title|periods
    version: int = 1  # the latest version's number
    source_name: str
    title: str
    number: str | None = None
    place: str | None = None
    issued_on: date | None = None
    issued_text: str | None = None
    signer_title: str | None = None
    signer_name: str | None = None
    recipients: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    periods: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    imported_at: datetime = moment()


class WorkItem(SQLModel, table=True):
    __tablename__ = "work_item"
    __table_args__ = (
        UniqueConstraint("carried_from", name="uq_work_item_carried_from"),
        UniqueConstraint("programme_id", "position", name="uq_work_item_position"),
        Index("ix_work_item_period_lead", "period", "lead"),
        Index("ix_work_item_period_due", "period", "due"),  # the overdue lists
        Index("ix_work_item_done_on", "done_on"),  # what was finished in a week
        Index("ix_work_item_origin", "origin"),  # carried-over items
    )

    id: int | None = Field(default=None, primary_key=True)
    programme_id: int | None = Field(default=None, foreign_key="programme.id", index=True)
    position: int | None = None  # order within its programme's import
    period: str = Field(foreign_key="period.key", max_length=16)
    section: str = Field(max_length=8)  # task | meeting
    bullet: int
    part: int = 1
    line: int | None = None
    text: str
    lead: str = Field(foreign_key="department.code", max_length=16)
    due: date
    status: str = Field(default="not_started", max_length=16, index=True)
    progress: int = 0
    note: str | None = None
    done_on: date | None = None
    part_of: int | None = Field(default=None, foreign_key="work_item.id")
    carried_from: int | None = Field(default=None, foreign_key="work_item.id")
    origin: str = Field(default="import", max_length=8)  # import | carry | manual
    carry_count: int = 0
    version: int = 1
    updated_at: datetime = moment()
    original_due: date | None = None  # the due date before leadership's first extension


class ItemSupport(SQLModel, table=True):
    """A supporting department of a work item."""

    __tablename__ = "item_support"

    item_id: int = Field(foreign_key="work_item.id", primary_key=True)
    dept: str = Field(foreign_key="department.code", primary_key=True, max_length=16, index=True)
    position: int = 0


class StatusUpdate(SQLModel, table=True):
    """One change of an item's status or progress. Rows are never edited."""

    __tablename__ = "status_update"
    __table_args__ = (
        Index("ix_status_update_at", "at"),
        Index("ix_status_update_item_at", "item_id", "at"),  # an item's changes since a moment
    )

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="work_item.id", index=True)
    old_status: str | None = Field(default=None, max_length=16)
    new_status: str = Field(max_length=16)
    old_progress: int | None = None
    new_progress: int
    note: str | None = None
    by: str
    channel: str = Field(max_length=8)  # cli | web | api | flow | import
    at: datetime = moment()
    # What the entry records (``update``, or one of domain.direction.ACTIONS), in which
    # role it was done (lead | support | leadership) and what it changed, as people read
    # it (a due date, the units); ``None`` where it changed no such thing.
    action: str = Field(default="update", max_length=24)
    role: str | None = Field(default=None, max_length=16)
    old_value: str | None = None
    new_value: str | None = None


class Outbox(SQLModel, table=True):
    """An e-mail to send. ``key`` makes a second write of the same message a no-op."""

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, max_length=255)
    kind: str = Field(max_length=32)
    to: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    cc: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    subject: str
    html: str
    text: str
    attachments: list[dict] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    state: str = Field(default="pending", max_length=8, index=True)  # pending | sent | failed
    attempts: int = 0
    last_error: str | None = None
    next_attempt_at: datetime | None = moment(nullable=True)
    created_at: datetime = moment()
    sent_at: datetime | None = moment(nullable=True)


class JobRun(SQLModel, table=True):
    """The ledger: one row per scheduled job and moment (``remind``, ``2020-07-28``).

    A job that finds its row finished does nothing, so a re-fired, late or repeated run
    changes nothing; ``result`` keeps what the run did (counts, a status round's items).
    """

    __tablename__ = "job_run"
    __table_args__ = (UniqueConstraint("job", "key", name="uq_job_run_job_key"),)

    id: int | None = Field(default=None, primary_key=True)
    job: str = Field(max_length=32)
    key: str = Field(max_length=64)
    started_at: datetime = moment()
    finished_at: datetime | None = moment(nullable=True)
    result: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class ProgrammeVersion(SQLModel, table=True):
    """One import of a programme: what it changed, and what undoing it restores."""

    __tablename__ = "programme_version"
    __table_args__ = (UniqueConstraint("programme_id", "number", name="uq_programme_version"),)

    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True)
    number: int
    content_hash: str = Field(max_length=64)
    source_name: str
    title: str
    issued_on: date | None = None
    imported_at: datetime = moment()
    counts: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    changes: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    mark: int = 0  # the newest status update id before this import wrote


class ProgrammeLink(SQLModel, table=True):
    """An item of another programme (or carried over) that a programme's task names too."""

    __tablename__ = "programme_link"

    programme_id: int = Field(foreign_key="programme.id", primary_key=True)
    item_id: int = Field(foreign_key="work_item.id", primary_key=True)


class PartialIndex(Index):
    """An index of the rows matching ``where`` (the same SQL on SQLite and PostgreSQL).

    Written as ``sqlite_where=``, ``postgresql_where=``, SQLAlchemy would check both
    options against their dialects at once, importing the PostgreSQL dialect (tens of
    milliseconds of every command's start) even on SQLite. Here each dialect's ``where`` is
    filled in when that dialect first asks for its options (creating the index, comparing
    or copying it), so only the dialect in use is ever imported.
    """

    DIALECTS = ("sqlite", "postgresql")

    def __init__(self, name: str, *columns: str, where: str, **kw: Any) -> None:
        self.only_where = where
        super().__init__(name, *columns, **kw)

    @util.memoized_property
    def dialect_options(self) -> util.PopulateDict[str, Any]:
        def options(dialect: str) -> Any:
            found = self._kw_reg_for_dialect_cls(dialect)
            if dialect in self.DIALECTS:
                found["where"] = sql(self.only_where)
            return found

        return util.PopulateDict(options)

    @property
    def dialect_kwargs(self) -> Any:
        """Every option as ``<dialect>_<name>`` (what copies and Alembic read): both
        dialects' ``where`` are filled in first."""
        for dialect in self.DIALECTS:
            self.dialect_options[dialect]  # noqa: B018  (fills it in)
        return super().dialect_kwargs


class ExtensionRequest(SQLModel, table=True):
    """A lead unit's request for a later due date (*đề nghị gia hạn*) and leadership's
    decision on it. At most one request of an item is pending at a time."""

    __tablename__ = "extension_request"
    __table_args__ = (
        PartialIndex("uq_extension_request_pending", "item_id", unique=True,
                     where="state = 'pending'"),
    )

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="work_item.id", index=True)
    dept: str = Field(foreign_key="department.code", max_length=16)  # the unit asking
    old_due: date
    new_due: date
    reason: str
    state: str = Field(default="pending", max_length=16, index=True)  # see domain.direction
    requested_by: str
    requested_at: datetime = moment()
    channel: str = Field(max_length=8)
    decided_by: str | None = None
    decided_at: datetime | None = moment(nullable=True)
    decision_note: str | None = None
    decision_channel: str | None = Field(default=None, max_length=8)


class Reassignment(SQLModel, table=True):
    """Leadership gave an item to other units (*giao lại*), and why."""

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="work_item.id", index=True)
    old_lead: str = Field(max_length=16)
    new_lead: str = Field(foreign_key="department.code", max_length=16)
    old_support: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    new_support: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    reason: str
    by: str
    channel: str = Field(max_length=8)
    at: datetime = moment()


class Directive(SQLModel, table=True):
    """Leadership's directive on an item (*ý kiến chỉ đạo*)."""

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="work_item.id", index=True)
    text: str
    by: str
    channel: str = Field(max_length=8)
    at: datetime = moment()


class Contribution(SQLModel, table=True):
    """A supporting unit's note on an item it supports (*ý kiến phối hợp*)."""

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="work_item.id", index=True)
    dept: str = Field(foreign_key="department.code", max_length=16)
    text: str
    by: str
    channel: str = Field(max_length=8)
    at: datetime = moment()


def table_of(model: type[SQLModel]) -> Table:
    """The Core table a SQLModel class maps (``model.__table__``, typed)."""
    table = class_mapper(model).local_table
    assert isinstance(table, Table)
    return table
