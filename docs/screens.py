"""Screenshots of the pages, on a desktop (1366 px) and a phone (390 px), for docs/screens/.

The sample programme after a month of reporting (tests/e2e/scene.py), served by uvicorn
on loopback and photographed by Debian's Chromium through Playwright; the board also as
it prints, and ``workplan items`` as an 80-column terminal shows it.

    .venv/bin/python docs/screens.py [--out docs/screens]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SECRET = "screens-secret-of-at-least-thirty-two-chars"
SIZES = {"desktop": (1366, 900), "phone": (390, 844)}
ARGS = ["--headless", "--no-sandbox", "--lang=vi", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def pages(base: str) -> dict[str, str]:
    """The pages to photograph, by file name."""
    from notifications.links import make_token
    from tests.e2e.scene import NOW, item_of

    board, dept = make_token(SECRET, leadership=True), make_token(SECRET, dept="QLKH")
    with mock.patch("time.time", return_value=NOW.timestamp() - 40 * 86400):
        expired = make_token(SECRET, dept="QLKH", days=30)
    return {
        "board": f"{base}/board/{board}?period=2020-07",
        "list-overdue": f"{base}/board/{board}/items?period=2020-07&dept=QLKH&lead=1"
                        "&result=open_overdue",
        "department": f"{base}/d/{dept}",
        "item": f"{base}/board/{board}/items/{item_of(RUNTIME, 'VP', 'Hội nghị sơ kết')}",
        "link-expired": f"{base}/d/{expired}",
    }


def serve(runtime):  # type: ignore[no-untyped-def]
    """The app on a free loopback port, in a thread; its address."""
    import socket

    import uvicorn

    from workplan.web.app import create_app
    from workplan.web.server import config

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(config(create_app(runtime), host="127.0.0.1", port=port,
                                   access_log=False, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.02)
    return f"http://127.0.0.1:{port}", server


def photograph(out: Path, urls: dict[str, str]) -> None:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=ARGS, headless=True)
        for size, (width, height) in SIZES.items():
            page = browser.new_page(viewport={"width": width, "height": height}, locale="vi-VN")
            for name, url in urls.items():
                page.goto(url)
                page.screenshot(path=out / f"{name}-{size}.png", full_page=True)
                print(f"  {name}-{size}.png")
            page.close()
        page = browser.new_page(viewport={"width": 794, "height": 1123})
        page.goto(urls["board"])
        page.pdf(path=out / "board-print.pdf", format="A4", print_background=True)
        print("  board-print.pdf")
        browser.close()


def terminal(out: Path, home: Path, db: str) -> None:
    """``workplan items`` at 80 columns, as text."""
    env = os.environ | {"WORKPLAN_HOME": str(home), "WORKPLAN_DATABASE_URL": db,
                        "WORKPLAN_NOW": "2020-08-05T10:00", "COLUMNS": "80", "NO_COLOR": "1"}
    for name, args in (("cli-items-80", ["items", "--period", "2020-07"]),
                       ("cli-items-overdue-80", ["items", "--overdue", "--dept", "QLKH"])):
        shown = subprocess.run([sys.executable, "-m", "workplan", *args], env=env, check=True,
                               capture_output=True, text=True).stdout
        (out / f"{name}.txt").write_text(f"$ COLUMNS=80 workplan {' '.join(args)}\n{shown}")
        print(f"  {name}.txt")


def main() -> None:
    global RUNTIME
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screens")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    from config.settings import Settings
    from services.runtime import Runtime
    from store.db import upgrade
    from store.departments import sync_departments
    from tests.e2e.scene import NOW, play

    with tempfile.TemporaryDirectory() as tmp:
        db = f"sqlite:///{tmp}/screens.db"
        rt = Runtime(Settings(home=Path(tmp), database_url=db, secret_key=SECRET))
        upgrade(rt.engine)
        sync_departments(rt.engine, rt.org)
        play(rt)
        RUNTIME = rt.at(NOW)
        base, server = serve(RUNTIME)
        print(f"screens of {base} into {args.out}:")
        photograph(args.out, pages(base))
        server.should_exit = True
        terminal(args.out, Path(tmp), db)
        rt.close()


RUNTIME = None
if __name__ == "__main__":
    main()
