"""What the browser tests share: the app served by uvicorn on loopback, and Debian's
Chromium driven by Playwright (skipped, saying why, when Chromium is not installed).

Test modules import the fixtures they use (``browser_fixture``, ``new_page_fixture``,
``scene_site_fixture``) and take them by name (``browser``, ``new_page``, ``scene_site``).
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from config.settings import Settings
from notifications.links import make_token
from services.clock import Clock
from services.runtime import Runtime
from store.db import upgrade
from store.departments import sync_departments

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--lang=vi"]
DESKTOP, PHONE = {"width": 1366, "height": 900}, {"width": 390, "height": 844}
SECRET = "browser-test-secret-of-thirty-two-chars"


@dataclass
class Site:
    base: str
    secret: str
    runtime: Runtime

    def dept(self, code: str) -> str:
        return f"{self.base}/d/{make_token(self.secret, dept=code)}"

    def board(self) -> str:
        return f"{self.base}/board/{make_token(self.secret, leadership=True)}"


def serve(tmp_path: Path, org: Any, fill: Callable[[Runtime], None], clock: Any) -> Iterator[Site]:
    """uvicorn serving a SQLite database that ``fill`` filled, on ``clock``."""
    import uvicorn

    from workplan.web.app import create_app
    from workplan.web.server import config

    settings = Settings(home=tmp_path / "var", database_url=f"sqlite:///{tmp_path / 'web.db'}",
                        secret_key=SECRET)
    base = Runtime(settings)
    upgrade(base.engine)
    sync_departments(base.engine, org)
    fill(base)
    runtime = base.with_clock(Clock(base.clock.zone, clock))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(config(create_app(runtime), host="127.0.0.1", port=port,
                                   access_log=False, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started, "uvicorn did not start"
    try:
        yield Site(f"http://127.0.0.1:{port}", SECRET, runtime)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        runtime.engine.dispose()


@pytest.fixture(scope="module", name="browser")
def browser_fixture() -> Iterator[Any]:
    """One headless Chromium for the module's tests."""
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(executable).exists():
        pytest.skip("Chromium not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(name="new_page")
def new_page_fixture(browser: Any) -> Iterator[Callable[..., Any]]:
    """``new_page(PHONE)``: a page in a fresh context (its own cookies) of that size."""
    contexts = []

    def make(viewport: dict[str, int] = PHONE) -> Any:
        contexts.append(browser.new_context(viewport=viewport, locale="vi-VN"))
        return contexts[-1].new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="module", name="scene_site")
def scene_site_fixture(tmp_path_factory: pytest.TempPathFactory, org: Any) -> Iterator[Site]:
    """The sample after a month of reporting (``scene.py``), seen on 5 August 2020."""
    from scene import NOW, play

    yield from serve(tmp_path_factory.mktemp("scene"), org, play, lambda: NOW)
