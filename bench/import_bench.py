"""Import a synthetic programme of 10,000 tasks and compare with a floor.

The floor, measured in the same run: reading the same file plus raw ``sqlite3``
``executemany`` of the very rows the import wrote, into the same schema. The import
parses, routes, dates and writes; the ratio says what all that costs over the bare I/O.
Target: ratio <= 5.
"""

from __future__ import annotations

import argparse
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from config.loading import read_organisation  # noqa: E402
from config.settings import DEFAULT_ORGANISATION, Settings  # noqa: E402
from domain.organisation import Organisation  # noqa: E402
from services.importing import import_programme  # noqa: E402
from services.runtime import Runtime  # noqa: E402
from store.db import make_engine, upgrade  # noqa: E402
from store.departments import sync_departments  # noqa: E402

SAMPLE = ROOT / "examples" / "bac-giang-khcn-2020-07-q3.md"
TABLES = ("programme", "period", "work_item", "item_support", "status_update")


def sample_sentences() -> list[str]:
    """The sample's task sentences (bullets split at sentence ends)."""
    text = SAMPLE.read_text(encoding="utf-8").split("Nơi nhận")[0]
    bullets = [line[2:].strip() for line in text.splitlines() if line.startswith("- ")]
    sentences = []
    for bullet in bullets:
        sentences += [
            s.strip() for s in re.split(r"(?<=\.)\s+(?=[A-ZĐÂÊÔƠƯ])", bullet) if s.strip()
        ]
    return sentences


def synthetic_programme(tasks: int) -> str:
    """A year's programme: twelve monthly sections, the sample's sentences made distinct."""
    sentences = sample_sentences()
    lines = [
        "**CHƯƠNG TRÌNH**",
        "**Công tác các tháng 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 năm 2021**",
        "",
    ]
    per_month = -(-tasks // 12)
    written = 0
    for month in range(1, 13):
        lines += [
            f"**{_roman(month)}. CHƯƠNG TRÌNH CÔNG TÁC THÁNG {month}**",
            "",
            "**1. Các nhiệm vụ trọng tâm**",
            "",
        ]
        for n in range(min(per_month, tasks - written)):
            sentence = sentences[(written + n) % len(sentences)].rstrip(".;")
            lines.append(f"- {sentence} (đợt {n + 1}).")
        written += min(per_month, tasks - written)
        lines.append("")
    lines += ["**GIÁM ĐỐC**", "", "**Nguyễn Thanh Bình**", ""]
    return "\n".join(lines)


def _roman(n: int) -> str:
    values = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for value, letters in values:
        while n >= value:
            out, n = out + letters, n - value
    return out


def fresh_database(folder: Path, name: str, org: Organisation) -> Path:
    path = folder / f"{name}.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    sync_departments(engine, org)
    engine.dispose()
    return path


def run_import(doc: Path, db: Path, org: Organisation) -> float:
    rt = Runtime(Settings(home=db.parent, database_url=f"sqlite:///{db}"), org=org)
    rt.engine  # noqa: B018  (connect outside the timed part, as before)
    start = time.perf_counter()
    text = doc.read_text(encoding="utf-8")
    _, result = import_programme(rt, text, source_name=doc.name)
    elapsed = time.perf_counter() - start
    rt.close()
    assert result is not None and result.created
    return elapsed


def dump_rows(db: Path) -> dict[str, tuple[list[str], list[tuple]]]:
    con = sqlite3.connect(db)
    out = {}
    for table in TABLES:
        cur = con.execute(f"SELECT * FROM {table}")
        out[table] = ([d[0] for d in cur.description], cur.fetchall())
    con.close()
    return out


def run_floor(doc: Path, db: Path, rows: dict[str, tuple[list[str], list[tuple]]]) -> float:
    """Read the file, then write the same rows with raw sqlite3 executemany."""
    con = sqlite3.connect(db)
    con.execute("PRAGMA foreign_keys=ON")
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    start = time.perf_counter()
    doc.read_text(encoding="utf-8")
    with con:
        for table in TABLES:
            columns, values = rows[table]
            marks = ", ".join("?" for _ in columns)
            quoted = ", ".join(f'"{c}"' for c in columns)
            con.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({marks})", values)
    elapsed = time.perf_counter() - start
    con.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    org = Organisation.from_dict(read_organisation(DEFAULT_ORGANISATION))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        doc = folder / "programme.md"
        doc.write_text(synthetic_programme(args.tasks), encoding="utf-8")
        imports, floors = [], []
        for n in range(args.repeat):
            db = fresh_database(folder, f"import{n}", org)
            imports.append(run_import(doc, db, org))
            rows = dump_rows(db)
            floors.append(run_floor(doc, fresh_database(folder, f"floor{n}", org), rows))
        counts = {t: len(rows[t][1]) for t in TABLES}
        size = doc.stat().st_size
    best_import, best_floor = min(imports), min(floors)
    print(f"import bench: {args.tasks} tasks, {size / 1e6:.2f} MB, rows {counts}")
    for name, runs in (("workplan import", imports), ("floor (sqlite3)", floors)):
        best, median = min(runs) * 1000, statistics.median(runs) * 1000
        print(f"  {name:16} best {best:8.1f} ms  median {median:8.1f} ms")
    ratio = best_import / best_floor
    print(f"  ratio {ratio:.2f} (target <= 5): {'met' if ratio <= 5 else 'MISSED'}")


if __name__ == "__main__":
    main()
