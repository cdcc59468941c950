"""Cold start of ``workplan items`` against ``python -c "import sqlmodel, typer"`` (P5).

Both run as fresh processes on the sample programme, alternating (A B A B …) so a slow
moment of the machine hits both; each pair gives a ratio. Printed: the median and range of
the ratios, each side's median, the stack. Target: median ratio <= 1.35.

    python bench/cli_bench.py [--pairs 15]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 1.35


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = os.environ | {"WORKPLAN_HOME": tmp, "WORKPLAN_DATABASE_URL": f"sqlite:///{tmp}/w.db",
                            "COLUMNS": "80"}
        env.pop("WORKPLAN_LOCALE", None)
        workplan = [sys.executable, "-m", "workplan"]
        subprocess.run([*workplan, "init"], env=env, check=True, capture_output=True)
        sample = str(ROOT / "examples" / "bac-giang-khcn-2020-07-q3.md")
        subprocess.run([*workplan, "import", sample], env=env, check=True, capture_output=True)
        baseline, items = [sys.executable, "-c", "import sqlmodel, typer"], [*workplan, "items"]
        timed(baseline, env), timed(items, env)  # warm the file cache
        pairs = [(timed(baseline, env), timed(items, env)) for _ in range(args.pairs)]
    ratios = sorted(i / b for b, i in pairs)
    median = statistics.median(ratios)
    stack = ", ".join(f"{p} {version(p)}" for p in ("sqlmodel", "SQLAlchemy", "typer", "pydantic"))
    print(f"cli bench: {args.pairs} alternating pairs of cold starts; Python "
          f"{platform.python_version()}, {stack}")
    print(f"  python -c 'import sqlmodel, typer'  median {_ms(b for b, _ in pairs)}")
    print(f"  workplan items (42 items, piped)     median {_ms(i for _, i in pairs)}")
    print(f"  ratio median {median:.2f}, range {ratios[0]:.2f}–{ratios[-1]:.2f} "
          f"(target <= {TARGET}): {'met' if median <= TARGET else 'MISSED'}")


def _ms(values: object) -> str:
    found = sorted(values)  # type: ignore[call-overload]
    low, high = found[0] * 1000, found[-1] * 1000
    return f"{statistics.median(found) * 1000:6.1f} ms (range {low:.0f}–{high:.0f})"


if __name__ == "__main__":
    main()
