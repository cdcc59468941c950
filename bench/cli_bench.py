"""Cold start of ``workplan items`` against ``python -c "import sqlmodel, typer"`` (P5).

Both run as fresh processes on the sample programme, alternating (A B A B …) so a slow
moment of the machine hits both; each pair gives a ratio, of wall time (the target) and
of CPU time (user + system, which other work on a busy machine disturbs less). Printed:
the median and range of the ratios, each side's median, the load average before and
after, the stack. Target: median wall ratio <= 1.35.

    python bench/cli_bench.py [--pairs 15]
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 1.35


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of ``cmd``."""
    before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall, after = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=15)
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
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
    walls = sorted(i[0] / b[0] for b, i in pairs)
    cpus = sorted(i[1] / b[1] for b, i in pairs)
    median = statistics.median(walls)
    stack = ", ".join(f"{p} {version(p)}" for p in ("sqlmodel", "SQLAlchemy", "typer", "pydantic"))
    print(f"cli bench: {args.pairs} alternating pairs of cold starts; Python "
          f"{platform.python_version()}, {stack}; {os.cpu_count()} CPUs, load average "
          f"{load_before:.1f} before, {os.getloadavg()[0]:.1f} after")
    print(f"  python -c 'import sqlmodel, typer'  wall {_ms(b[0] for b, _ in pairs)}, "
          f"CPU {_ms(b[1] for b, _ in pairs)}")
    print(f"  workplan items (42 items, piped)     wall {_ms(i[0] for _, i in pairs)}, "
          f"CPU {_ms(i[1] for _, i in pairs)}")
    print(f"  CPU ratio median {statistics.median(cpus):.2f}, range {cpus[0]:.2f}–{cpus[-1]:.2f}")
    print(f"  wall ratio median {median:.2f}, range {walls[0]:.2f}–{walls[-1]:.2f} "
          f"(target <= {TARGET}): {'met' if median <= TARGET else 'MISSED'}")


def _ms(values: object) -> str:
    found = sorted(values)  # type: ignore[call-overload]
    low, high = found[0] * 1000, found[-1] * 1000
    return f"median {statistics.median(found) * 1000:.0f} ms ({low:.0f}–{high:.0f})"


if __name__ == "__main__":
    main()
