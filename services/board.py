"""The leadership board (*bảng theo dõi của Lãnh đạo Sở*): where a period stands, what
changed since the same moment last week, which department is most behind, and which did
not answer the last request for progress."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.engine import Connection
from sqlmodel import Session

from domain.chasing import silent_departments
from domain.periods import Period
from domain.report import DeptCounts
from domain.status import ReportClass, Status
from services.runtime import Runtime
from store.dashboard import Board, load_board
from store.periods import PeriodView
from store.selections import last_run_answered

WEEK = timedelta(days=7)


@dataclass(frozen=True)
class LeadershipBoard:
    """The board of one period, with what a glance needs beside the counts."""

    board: Board
    week: dict[ReportClass, int]  # items each class gained (or lost) in the last 7 days
    ranking: tuple[DeptCounts, ...]  # departments, most overdue first
    silent: tuple[str, ...]  # departments that answered none of the last request
    asked_on: date | None  # the day of that request
    previous: PeriodView | None  # the period of the same kind before, when stored


def leadership_board(rt: Runtime, *, period: str | None) -> LeadershipBoard:
    """The board of ``period`` (when None, the current one) on the runtime's clock."""
    today, now = rt.today(), rt.now()
    with Session(rt.engine) as session:
        # Reads only, each statement on its own snapshot as it would be in a transaction
        # (read committed): no BEGIN and ROLLBACK to wait for.
        session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
        since = now - WEEK
        board = load_board(session, period=period, today=today, order=rt.org.codes,
                           since=(since, since.astimezone(rt.clock.zone).date()))
        silent, asked_on = _last_round(session.connection(), rt, now)
    previous = None
    if board.period is not None:
        shown = board.period.period
        before = Period.of(shown.kind, shown.start - timedelta(days=1)).key
        previous = next((p for p in board.periods if p.key == before), None)
    order = {code: n for n, code in enumerate(rt.org.codes)}
    ranking = tuple(sorted(board.departments, key=lambda c: (
        c.total == 0, -c.classes[ReportClass.OPEN_OVERDUE], -_late_share(c),
        order.get(c.dept, len(order)), c.dept)))  # fmt: skip
    return LeadershipBoard(board, board.week, ranking, silent, asked_on, previous)


def _last_round(
    conn: Connection, rt: Runtime, now: datetime
) -> tuple[tuple[str, ...], date | None]:
    """The departments silent since the last request for progress, and its day."""
    found = last_run_answered(conn, job="collect", before=now, until=now)
    if found is None:
        return (), None
    asked, updated = found
    requested = asked.result.get("requested", {})
    return silent_departments(requested, updated), rt.clock.local(asked.started_at).date()


def _late_share(counts: DeptCounts) -> float:
    counted = counts.total - counts.statuses[Status.CANCELLED]
    return counts.classes[ReportClass.OPEN_OVERDUE] / counted if counted else 0.0
