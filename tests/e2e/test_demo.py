"""``workplan demo`` over three weeks across the end of July: its summary agrees with the
database and the mailbox, a second run with the same seed says the same, and the real
database is never touched."""

from __future__ import annotations

import email
import email.policy
import re
import sqlite3
from pathlib import Path

from sqlalchemy import create_engine, func, select
from typer.testing import CliRunner

from store.models import Outbox, WorkItem
from workplan.cli import app

ARGS = ["demo", "--from", "2020-07-20", "--to", "2020-08-07", "--seed", "3"]


def run(home: Path, real_db: Path):  # type: ignore[no-untyped-def]
    env = {"WORKPLAN_HOME": str(home), "WORKPLAN_DATABASE_URL": f"sqlite:///{real_db}",
           "WORKPLAN_LOCALE": "vi", "COLUMNS": "200"}
    result = CliRunner().invoke(app, ARGS, env=env)
    assert result.exit_code == 0, result.output
    return result.output


def real_database(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE kept (note TEXT)")
    con.execute("INSERT INTO kept VALUES ('dữ liệu thật')")
    con.commit()
    con.close()


def test_a_short_demo_reports_what_the_database_and_the_mailbox_hold(tmp_path):
    real = tmp_path / "real.db"
    real_database(real)
    before = real.read_bytes()
    output = run(tmp_path / "var", real)
    home = tmp_path / "var" / "demo"
    engine = create_engine(f"sqlite:///{home / 'workplan.db'}")
    with engine.connect() as conn:
        sent = conn.execute(select(func.count()).select_from(Outbox).where(
            Outbox.state == "sent")).scalar_one()
        carried = conn.execute(select(func.count()).select_from(WorkItem).where(
            WorkItem.carried_from.is_not(None), WorkItem.period == "2020-08")).scalar_one()
        unfinished_july = conn.execute(select(func.count()).select_from(WorkItem).where(
            WorkItem.period == "2020-07", WorkItem.status.not_in(("done", "cancelled")))
        ).scalar_one()
    engine.dispose()
    files = sorted((home / "mail").glob("*.eml"))
    keys = [email.message_from_bytes(f.read_bytes(), policy=email.policy.default)[
        "X-Workplan-Key"] for f in files]
    assert len(files) == sent > 0 and len(set(keys)) == len(keys)
    assert f"Hộp thư nhận {sent} thư; không thư nào đến hai lần." in output
    assert carried == unfinished_july > 0  # July rolled up on 3 August, carried once
    assert f"{carried} → tháng 8/2020" in output
    assert (home / "reports" / "2020-07").is_dir()
    assert "mô phỏng" in output
    assert real.read_bytes() == before  # the configured database was never opened


def test_the_same_seed_gives_the_same_summary(tmp_path):
    real = tmp_path / "real.db"
    real_database(real)
    first = run(tmp_path / "var", real)
    second = run(tmp_path / "var", real)
    def strip(text: str) -> str:
        return re.sub(r"Thời gian chạy: [\d.]+ giây\.", "", text)
    assert strip(first) == strip(second)
