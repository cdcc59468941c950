"""Cold start of ``workplan items`` against ``python -c "import sqlmodel, typer"``.

Both run as fresh processes, several times, in the same run; the ratio of the medians
is printed. Target: ratio <= 1.5.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 11


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        env = os.environ | {"WORKPLAN_HOME": tmp, "WORKPLAN_DATABASE_URL": f"sqlite:///{tmp}/w.db"}
        env.pop("WORKPLAN_LOCALE", None)
        workplan = [sys.executable, "-m", "workplan"]
        subprocess.run([*workplan, "init"], env=env, check=True, capture_output=True)
        subprocess.run(
            [*workplan, "import", str(ROOT / "examples" / "bac-giang-khcn-2020-07-q3.md")],
            env=env,
            check=True,
            capture_output=True,
        )
        baseline_cmd = [sys.executable, "-c", "import sqlmodel, typer"]
        items_cmd = [*workplan, "items"]
        timed(baseline_cmd, env), timed(items_cmd, env)  # warm the file cache
        base, items = [], []
        for _ in range(RUNS):
            base.append(timed(baseline_cmd, env))
            items.append(timed(items_cmd, env))
    b, i = statistics.median(base), statistics.median(items)
    print(f"cli bench: median of {RUNS} cold starts")
    print(f"  python -c 'import sqlmodel, typer'  {b * 1000:7.1f} ms")
    print(f"  workplan items (sample, {RUNS} runs)  {i * 1000:7.1f} ms")
    print(f"  ratio {i / b:.2f} (target <= 1.5): {'met' if i / b <= 1.5 else 'MISSED'}")


if __name__ == "__main__":
    main()
