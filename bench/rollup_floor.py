"""The rollup benchmark's floor (the same writes in raw SQL through the bare driver), the
undo between rounds, and the timing of the report files."""

from __future__ import annotations

import json
import sqlite3
import time
from datetime import UTC, date

from sqlalchemy import text
from sqlalchemy.engine import Engine, make_url

from domain.organisation import Organisation
from domain.periods import Period
from services.runtime import Runtime

_WRITES = (
    "INSERT INTO job_run (job, \"key\", started_at, result) VALUES ('rollup', {p}, {p}, '{{}}')",
    "INSERT INTO work_item (period, section, bullet, part, text, lead, due, status, progress,"
    " note, part_of, carried_from, origin, carry_count, version, updated_at)"
    " SELECT {p}, section, bullet, part, text, lead, CASE WHEN due > {p} THEN due ELSE {p} END,"
    " status, progress, note, part_of, id, 'carry', carry_count + 1, 1, {p}"
    " FROM work_item WHERE period = {p} AND status NOT IN ('done', 'cancelled')",
    "INSERT INTO item_support (item_id, dept, \"position\") SELECT c.id, s.dept, s.\"position\""
    " FROM item_support s JOIN work_item c ON c.carried_from = s.item_id WHERE c.period = {p}",
    "INSERT INTO status_update (item_id, new_status, new_progress, \"by\", channel, at)"
    " SELECT id, status, progress, {p}, 'flow', {p} FROM work_item WHERE period = {p}",
    "UPDATE period SET closed_at = {p} WHERE \"key\" = {p}",
    "UPDATE job_run SET finished_at = {p}, result = {p} WHERE job = 'rollup' AND \"key\" = {p}",
)


def floor_writes(url: str, rt: Runtime, period: Period, nxt: Period) -> float:
    """B: the rollup's writes in raw SQL, one transaction, committed; seconds taken."""
    now = rt.now().astimezone(UTC)
    last = rt.calendar.last_working_day(nxt)
    by = f"Chuyển tiếp từ {period.name('vi')}"
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        con = sqlite3.connect(str(parsed.database), isolation_level=None)
        for pragma in ("foreign_keys=ON", "journal_mode=WAL", "synchronous=NORMAL"):
            con.execute(f"PRAGMA {pragma}")
        mark, at, day = "?", now.strftime("%Y-%m-%d %H:%M:%S.%f"), last.isoformat()
    else:
        import psycopg

        con = psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"))
        mark, at, day = "%s", now, last
    params = (
        (period.key, at),
        (nxt.key, day, day, at, period.key),
        (nxt.key,),
        (by, at, nxt.key),
        (at, period.key),
        (at, json.dumps({"carried": "n"}), period.key),
    )
    cur = con.cursor()
    start = time.perf_counter()
    if mark == "?":
        cur.execute("BEGIN")
    for statement, values in zip(_WRITES, params, strict=True):
        cur.execute(statement.format(p=mark), values)
    con.commit() if mark != "?" else cur.execute("COMMIT")
    elapsed = time.perf_counter() - start
    con.close()
    return elapsed


def undo(engine: Engine, period: Period, nxt: Period) -> None:
    """Take back what a run wrote (untimed), so each round starts from the same data.

    Without the foreign-key checks: work_item.part_of has no index, and checking it for
    each deleted row would read the whole table once per row.
    """
    made = f"SELECT id FROM work_item WHERE period = '{nxt.key}'"
    statements = (
        f"DELETE FROM status_update WHERE item_id IN ({made})",
        f"DELETE FROM item_support WHERE item_id IN ({made})",
        f"DELETE FROM work_item WHERE period = '{nxt.key}'",
        f"UPDATE period SET closed_at = NULL WHERE \"key\" = '{period.key}'",
        "DELETE FROM job_run",
    )
    if engine.dialect.name == "sqlite":
        con = sqlite3.connect(str(engine.url.database), isolation_level=None)
        con.execute("PRAGMA foreign_keys=OFF")  # outside a transaction, where it applies
        con.execute("BEGIN")
        for statement in statements:
            con.execute(statement)
        con.execute("COMMIT")
        con.close()
        return
    with engine.begin() as conn:
        conn.execute(text("SET LOCAL session_replication_role = replica"))
        for statement in statements:
            conn.execute(text(statement))
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))


def file_times(n: int, org: Organisation) -> tuple[float, float, float, float]:
    """Seconds to write the .xlsx, the .docx, the draft and the mail of n items."""
    from documents.programme_draft import DraftTask, programme_draft
    from documents.report_docx import report_docx
    from documents.report_xlsx import report_xlsx
    from domain.rollup import PeriodItem, close_period
    from domain.status import Status
    from notifications.render import render
    from services.report_files import letterhead

    q3 = Period.quarter(2020, 3)
    codes, names = org.codes, {d.code: d.name for d in org.departments}
    items = [
        PeriodItem(
            id=i, period=q3, section="task", lead=codes[i % len(codes)], due=date(2020, 9, 30),
            text=f"Nhiệm vụ số {i}: kiểm tra, đôn đốc các đơn vị thực hiện kế hoạch năm 2020.",
            status=Status.DONE if i % 2 else Status.IN_PROGRESS, progress=100 if i % 2 else 40,
            done_on=date(2020, 9, 20) if i % 2 else None,
        )  # fmt: skip
        for i in range(1, n + 1)
    ]
    rollup = close_period(q3, items, [], org.calendar, today=date(2020, 10, 1), departments=codes)
    head = letterhead(org, None, kind="BC")
    times = [time.perf_counter()]
    report_xlsx(rollup.report, names)
    times.append(time.perf_counter())
    report_docx(rollup.report, names, head)
    times.append(time.perf_counter())
    programme_draft(q3.next(), [DraftTask.of(c) for c in rollup.carry.continuations], names, head)
    times.append(time.perf_counter())
    context = {
        "org": org.name, "today": date(2020, 10, 1), "departments": names, "period": q3,
        "summary": rollup.report.summary, "next_period": q3.next(), "link": "http://x/board",
        "carried": len(rollup.carry.continuations), "attachments": ["a.xlsx", "a.docx"],
    }  # fmt: skip
    render("report", "vi", context)
    times.append(time.perf_counter())
    xlsx, docx, draft, mail = (b - a for a, b in zip(times, times[1:], strict=False))
    return xlsx, docx, draft, mail
