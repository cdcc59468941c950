"""Import a synthetic programme of 10,000 tasks and compare each run with a floor beside it.

The floor, measured in the same round right after the import: reading the same file plus
writing the very rows the import wrote, into the same empty schema, with nothing between
the rows and the database — raw ``sqlite3`` ``executemany`` on SQLite, psycopg ``COPY``
on PostgreSQL. The import parses, routes, dates, compares with what is stored and writes;
the ratio says what all that costs over the bare I/O. Rounds are paired (import, then its
floor) so a slower moment of the machine weighs on both; the range of ratios is reported.
One more import after the pairs is timed stage by stage (read, parse, plan, write), to say
where the time goes. Targets: <= 5x on SQLite, <= 3x on PostgreSQL.

    .venv/bin/python bench/import_bench.py [--tasks 10000] [--rounds 5] [--postgres URL]
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlalchemy  # noqa: E402
from sqlalchemy import text as sql  # noqa: E402

from config.loading import read_organisation  # noqa: E402
from config.settings import DEFAULT_ORGANISATION, Settings  # noqa: E402
from domain.organisation import Organisation  # noqa: E402
from domain.parsing import parse  # noqa: E402
from domain.planning import plan_import  # noqa: E402
from services.importing import few_collections, import_programme  # noqa: E402
from services.runtime import Runtime  # noqa: E402
from store.db import make_engine, upgrade  # noqa: E402
from store.departments import sync_departments  # noqa: E402
from store.importer import write_import  # noqa: E402

SAMPLE = ROOT / "examples" / "bac-giang-khcn-2020-07-q3.md"
TABLES = ("programme", "programme_version", "period", "work_item", "item_support", "status_update")


def synthetic_programme(tasks: int) -> str:
    """A year's programme: twelve monthly sections, the sample's sentences made distinct."""
    body = SAMPLE.read_text(encoding="utf-8").split("Nơi nhận")[0]
    bullets = [line[2:].strip() for line in body.splitlines() if line.startswith("- ")]
    sentences = [s.strip() for b in bullets for s in re.split(r"(?<=\.)\s+(?=[A-ZĐÂÊÔƠƯ])", b)]
    months = ", ".join(str(m) for m in range(1, 13))
    lines = ["**CHƯƠNG TRÌNH**", f"**Công tác các tháng {months} năm 2021**", ""]
    per_month, written = -(-tasks // 12), 0
    for month in range(1, 13):
        lines += [f"**{_roman(month)}. CHƯƠNG TRÌNH CÔNG TÁC THÁNG {month}**", "",
                  "**1. Các nhiệm vụ trọng tâm**", ""]  # fmt: skip
        count = min(per_month, tasks - written)
        for n in range(count):
            sentence = sentences[(written + n) % len(sentences)].rstrip(".;")
            lines.append(f"- {sentence} (đợt {n + 1}).")
        written += count
        lines.append("")
    return "\n".join(lines + ["**GIÁM ĐỐC**", "", "**Nguyễn Thanh Bình**", ""])


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


class Database:
    """Fresh, migrated databases of one kind, one per run."""

    def __init__(self, folder: Path, org: Organisation, pg_url: str | None) -> None:
        self.folder, self.org, self.pg_url = folder, org, pg_url
        self.schemas: list[str] = []

    def fresh(self, name: str) -> str:
        if self.pg_url is None:
            url = f"sqlite:///{self.folder / name}.db"
        else:
            schema = f"bench_{uuid.uuid4().hex[:10]}"
            with make_engine(self.pg_url).begin() as conn:
                conn.execute(sql(f'CREATE SCHEMA "{schema}"'))
            self.schemas.append(schema)
            sep = "&" if "?" in self.pg_url else "?"
            url = f"{self.pg_url}{sep}options=-csearch_path%3D{schema}"
        engine = make_engine(url)
        upgrade(engine)
        sync_departments(engine, self.org)
        engine.dispose()
        return url

    def drop(self) -> None:
        if self.pg_url and self.schemas:
            with make_engine(self.pg_url).begin() as conn:
                for schema in self.schemas:
                    conn.execute(sql(f'DROP SCHEMA "{schema}" CASCADE'))


def run_import(doc: Path, url: str, org: Organisation) -> float:
    rt = Runtime(Settings(home=doc.parent, database_url=url), org=org)
    rt.engine.connect().close()  # connect outside the timed part, as the floor does
    start = time.perf_counter()
    _, result = import_programme(rt, doc.read_text(encoding="utf-8"), source_name=doc.name)
    elapsed = time.perf_counter() - start
    rt.close()
    assert result is not None and result.created
    return elapsed


def run_stages(doc: Path, url: str, org: Organisation) -> dict[str, float]:
    """One more import, timed stage by stage (the steps :func:`import_programme` takes)."""
    rt = Runtime(Settings(home=doc.parent, database_url=url), org=org)
    rt.engine.connect().close()
    times, start = {}, time.perf_counter()
    with few_collections():
        text = doc.read_text(encoding="utf-8")
        times["read"], start = time.perf_counter() - start, time.perf_counter()
        programme = parse(text)
        times["parse"], start = time.perf_counter() - start, time.perf_counter()
        plan = plan_import(programme, org)
        times["plan"], start = time.perf_counter() - start, time.perf_counter()
        write_import(rt.engine, plan, text=text, source_name=doc.name, now=rt.now(), day=rt.today())
        times["write"] = time.perf_counter() - start
    rt.close()
    return times


def dump_rows(url: str) -> dict[str, tuple[list[str], list[tuple]]]:
    engine = make_engine(url)
    with engine.connect() as conn:
        out = {}
        for table in TABLES:
            result = conn.exec_driver_sql(f"SELECT * FROM {table} ORDER BY 1")
            plain = [tuple(_json(v) for v in r) for r in result]  # JSON columns as text
            out[table] = (list(result.keys()), plain)
    engine.dispose()
    return out


def _json(value: object) -> object:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict) else value


def run_floor(doc: Path, url: str, rows: dict[str, tuple[list[str], list[tuple]]]) -> float:
    """Read the file, then write the same rows straight through the driver."""
    if url.startswith("sqlite"):
        con = sqlite3.connect(url.removeprefix("sqlite:///"))
        for pragma in ("foreign_keys=ON", "journal_mode=WAL", "synchronous=NORMAL"):
            con.execute(f"PRAGMA {pragma}")
        start = time.perf_counter()
        doc.read_text(encoding="utf-8")
        with con:
            for table in TABLES:
                columns, values = rows[table]
                marks, quoted = ", ".join("?" * len(columns)), ", ".join(f'"{c}"' for c in columns)
                con.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({marks})", values)
        elapsed = time.perf_counter() - start
        con.close()
        return elapsed
    engine = make_engine(url)
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        start = time.perf_counter()
        doc.read_text(encoding="utf-8")
        with raw.cursor() as cur:
            for table in TABLES:
                columns, values = rows[table]
                quoted = ", ".join(f'"{c}"' for c in columns)
                with cur.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                    for row in values:
                        copy.write_row(row)
        raw.commit()
        elapsed = time.perf_counter() - start
    engine.dispose()
    return elapsed


def stack(pg_url: str | None) -> str:
    parts = [f"Python {platform.python_version()}", f"SQLAlchemy {sqlalchemy.__version__}"]
    if pg_url:
        engine = make_engine(pg_url)
        with engine.connect() as conn:
            parts.append(conn.exec_driver_sql("SHOW server_version").scalar().split()[0])
        engine.dispose()
        import psycopg

        parts[-1] = f"PostgreSQL {parts[-1]} via psycopg {psycopg.__version__} (COPY)"
    else:
        parts.append(f"SQLite {sqlite3.sqlite_version} via sqlite3 (executemany)")
    return ", ".join(parts + [f"{platform.machine()}, {platform.system()}"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--postgres", help="a PostgreSQL URL: bench there instead of SQLite")
    args = parser.parse_args()
    org = Organisation.from_dict(read_organisation(DEFAULT_ORGANISATION))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        doc = folder / "programme.md"
        doc.write_text(synthetic_programme(args.tasks), encoding="utf-8")
        size = doc.stat().st_size
        databases = Database(folder, org, args.postgres)
        pairs, counts = [], {}
        try:
            for n in range(args.rounds):
                url = databases.fresh(f"import{n}")
                took = run_import(doc, url, org)
                rows = dump_rows(url)
                pairs.append((took, run_floor(doc, databases.fresh(f"floor{n}"), rows)))
                counts = {t: len(rows[t][1]) for t in TABLES}
            stages = run_stages(doc, databases.fresh("stages"), org)
        finally:
            databases.drop()
    target = 3 if args.postgres else 5
    ratios = sorted(i / f for i, f in pairs)
    print(f"import bench: {args.tasks} tasks, {size / 1e6:.2f} MB, rows {counts}")
    print(f"  stack: {stack(args.postgres)}")
    imports, floors = [i for i, _ in pairs], [f for _, f in pairs]
    for name, runs in (("workplan import", imports), ("floor", floors)):
        print(f"  {name:16} best {min(runs) * 1000:7.1f} ms  median "
              f"{statistics.median(runs) * 1000:7.1f} ms")  # fmt: skip
    shares = ", ".join(f"{name} {took * 1000:.0f} ms" for name, took in stages.items())
    print(f"  one more import, by stage: {shares}")
    verdict = "met" if statistics.median(ratios) <= target else "MISSED"
    print(f"  ratio per paired round {ratios[0]:.2f}–{ratios[-1]:.2f}, median "
          f"{statistics.median(ratios):.2f} (target <= {target}): {verdict}")  # fmt: skip


if __name__ == "__main__":
    main()
