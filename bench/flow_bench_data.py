"""The flow benchmark's data: an organisation of N departments and a year of items, their
states as they might stand on Monday 3 August 2020, and an SMTP sink that only counts."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import TextClause, text

SEED = 20200803
AS_OF = date(2020, 8, 3)
CLOSED = datetime(2020, 7, 1, 0, 0, tzinfo=UTC)  # the first half-year was rolled up
WORDS = (
    "Tổ chức hội đồng nghiệm thu các đề tài, dự án cấp tỉnh",
    "Kiểm tra các cơ sở sản xuất, kinh doanh trên địa bàn tỉnh",
    "Hướng dẫn các tổ chức, cá nhân đăng ký sở hữu công nghiệp",
    "Tổng hợp báo cáo kết quả thực hiện nhiệm vụ khoa học và công nghệ",
    "Triển khai các cuộc thanh tra theo kế hoạch được phê duyệt",
)


def org_toml(departments: int) -> str:
    """An organisation file with ``departments`` units and two leaders."""
    lines = ['name = "Sở Khoa học và Công nghệ (thử tải)"', 'default_department = "D001"', ""]
    for n in range(1, departments + 1):
        lines += ["[[departments]]", f'code = "D{n:03d}"', f'name = "Phòng số {n:03d}"',
                  f'email = "d{n:03d}@bench.example.vn"', ""]
    for title in ("Giám đốc", "Phó Giám đốc"):
        lines += ["[[leadership]]", f'title = "{title}"', f'name = "{title} Sở"',
                  f'email = "{"gd" if title == "Giám đốc" else "pgd"}@bench.example.vn"', ""]
    return "\n".join(lines)


def periods() -> list[dict[str, Any]]:
    """The months and quarters of 2020; those of the first half-year closed."""
    rows = []
    for month in range(1, 13):
        start = date(2020, month, 1)
        end = (date(2020, month + 1, 1) if month < 12 else date(2021, 1, 1)) - timedelta(days=1)
        rows.append({"key": f"2020-{month:02d}", "kind": "month", "start": start, "end": end,
                     "closed_at": CLOSED if month < 7 else None})
    for quarter in range(1, 5):
        start = date(2020, 3 * quarter - 2, 1)
        end = (date(2020, 3 * quarter + 1, 1) if quarter < 4 else date(2021, 1, 1)) - timedelta(1)
        rows.append({"key": f"2020-Q{quarter}", "kind": "quarter", "start": start, "end": end,
                     "closed_at": CLOSED if quarter < 3 else None})
    return rows


def item_rows(count: int, departments: int, rng: random.Random) -> list[dict[str, Any]]:
    """``count`` items spread over the periods and departments, their states by due date."""
    spans = periods()
    now = datetime(2020, 8, 3, 1, 0, tzinfo=UTC)
    rows = []
    for n in range(count):
        period = spans[n % len(spans)]
        days = (period["end"] - period["start"]).days + 1
        due = period["start"] + timedelta(days=rng.randrange(days))
        status, progress, done_on = _state(due, rng)
        rows.append({
            "period": period["key"], "section": "task", "bullet": n % 50 + 1, "part": 1,
            "text": f"{WORDS[n % len(WORDS)]} (đợt {n // len(WORDS) + 1}).",
            "lead": f"D{n // len(spans) % departments + 1:03d}", "due": due, "status": status,
            "progress": progress, "done_on": done_on, "origin": "import", "carry_count": 0,
            "version": 1, "updated_at": now,
        })
    return rows


def _state(due: date, rng: random.Random) -> tuple[str, int, date | None]:
    roll = rng.random()
    if due < AS_OF:
        if roll < 0.55:
            return "done", 100, due - timedelta(days=rng.randrange(-5, 10))
        if roll < 0.85:
            return "in_progress", rng.randrange(10, 95, 5), None
        return ("not_started", 0, None) if roll < 0.95 else ("blocked", rng.randrange(0, 50), None)
    if roll < 0.10:
        return "done", 100, AS_OF - timedelta(days=rng.randrange(1, 20))
    if roll < 0.50:
        return "in_progress", rng.randrange(10, 95, 5), None
    return ("not_started", 0, None) if roll < 0.95 else ("cancelled", 0, None)


def build_database(url: str, *, departments: int, items: int) -> dict[str, int]:
    """A migrated database holding the organisation and the items; what it holds."""
    from config.loading import read_organisation
    from config.settings import load_settings
    from domain.organisation import Organisation
    from store.db import make_engine, upgrade
    from store.departments import sync_departments

    rng = random.Random(SEED)
    engine = make_engine(url)
    upgrade(engine)
    org = Organisation.from_dict(read_organisation(load_settings().organisation))
    sync_departments(engine, org)
    rows = item_rows(items, departments, rng)
    with engine.begin() as conn:
        conn.execute(_insert("period", periods()[0]), periods())
        for start in range(0, len(rows), 10_000):
            conn.execute(_insert("work_item", rows[0]), rows[start : start + 10_000])
        ids = list(conn.execute(text("SELECT id, lead, period FROM work_item ORDER BY id")))
        support = [
            {"item_id": i, "dept": f"D{int(lead[1:]) % departments + 1:03d}", "position": 0}
            for i, lead, _ in ids
            if rng.random() < 0.3
        ]
        conn.execute(_insert("item_support", support[0]), support)
        answered = _answers(ids, departments, rng)
        conn.execute(_insert("status_update", answered[0]), answered)
        open_count = conn.execute(text("SELECT count(*) FROM work_item WHERE status NOT IN "
                                       "('done', 'cancelled')")).scalar_one()
    if engine.dialect.name == "postgresql":  # the statistics autovacuum would gather
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))
    engine.dispose()
    return {"items": len(rows), "open": open_count, "support": len(support),
            "updates": len(answered)}


def _insert(table: str, row: dict[str, Any]) -> TextClause:
    """``INSERT`` of exactly these columns (a column added to the model later, with a
    default in the database, does not break the benchmark)."""
    names = ", ".join(f'"{name}"' for name in row)
    return text(f"INSERT INTO {table} ({names}) VALUES ({', '.join(':' + n for n in row)})")


def _answers(ids: list[Any], departments: int, rng: random.Random) -> list[dict[str, Any]]:
    """Half the departments update one item of the quarter on Thursday 6 August, 10:00."""
    at = datetime(2020, 8, 6, 3, 0, tzinfo=UTC)
    first: dict[str, int] = {}
    for item_id, lead, period in ids:
        if period == "2020-Q3" and lead not in first:
            first[lead] = item_id
    chosen = [first[lead] for lead in sorted(first) if rng.random() < 0.5]
    return [{"item_id": i, "old_status": "not_started", "new_status": "in_progress",
             "old_progress": 0, "new_progress": 20, "by": "Bench", "channel": "web", "at": at}
            for i in chosen]


def drop_schema(pg_url: str, schema: str) -> None:
    from store.db import make_engine

    with make_engine(pg_url).begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))


class Sink:
    """An SMTP server on loopback that accepts every message and only counts them."""

    def __init__(self) -> None:
        import tempfile
        from pathlib import Path

        from notifications.mailbox import Mailbox, start_mailbox

        sink = self

        class Counter(Mailbox):
            async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
                sink.count += 1
                return "250 OK"

        self.count = 0
        folder = Path(tempfile.mkdtemp(prefix="flow-bench-mail-"))
        self.controller = start_mailbox(folder, "127.0.0.1", 0, handler=Counter(folder))

    @classmethod
    def start(cls) -> Sink:
        return cls()

    @property
    def port(self) -> int:
        return int(self.controller.port)

    def stop(self) -> None:
        self.controller.stop()
