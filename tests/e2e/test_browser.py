"""A real Chromium on the real server: a department saves, leadership sees it."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from config.settings import Settings
from notifications.links import make_token
from services.clock import Clock
from services.importing import import_programme
from services.runtime import Runtime
from store.db import upgrade
from store.departments import sync_departments

pytestmark = pytest.mark.browser

XSS = "<script>alert(1)</script>"
IMPORTED = datetime(2020, 7, 2, 2, 0, tzinfo=UTC)  # 2 July 2020, 09:00 in Việt Nam
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@dataclass
class Site:
    base: str
    secret: str
    xss_id: int


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def site(tmp_path: Path, org, sample_text, add_item, clock) -> Iterator[Site]:
    """uvicorn serving a SQLite database with the sample and a script-tag item."""
    import uvicorn

    from workplan.web.app import create_app
    from workplan.web.server import config

    settings = Settings(home=tmp_path / "var", database_url=f"sqlite:///{tmp_path / 'web.db'}",
                        secret_key="browser-test-secret-of-thirty-two-chars")
    base = Runtime(settings)
    upgrade(base.engine)
    sync_departments(base.engine, org)
    import_programme(base.at(IMPORTED), sample_text, source_name="sample.md")
    xss_id = add_item(base.engine, XSS, lead="TTRA")
    runtime = base.with_clock(Clock(base.clock.zone, clock))
    port = free_port()
    server = uvicorn.Server(config(create_app(runtime), host="127.0.0.1", port=port,
                                   access_log=False, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started, "uvicorn did not start"
    try:
        yield Site(f"http://127.0.0.1:{port}", settings.secret(), xss_id)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        runtime.engine.dispose()


@pytest.fixture
def page():  # type: ignore[no-untyped-def]
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(executable).exists():
        pytest.skip("Chromium not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
        yield context.new_page()
        browser.close()


def done_on_time(page, site: Site, board: str) -> str:  # type: ignore[no-untyped-def]
    page.goto(f"{board}?period=2020-07")
    return page.locator("#dept-TTRA td.class-done_on_time").inner_text()


def test_department_saves_and_leadership_sees_it(page, site: Site) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    dept = f"{site.base}/d/{make_token(site.secret, dept='TTRA')}"
    board = f"{site.base}/board/{make_token(site.secret, leadership=True)}"
    assert done_on_time(page, site, board) == "0"

    page.goto(dept)
    assert page.locator("h1").inner_text() == "Công việc của Thanh tra Sở"
    item = page.locator("article.item").filter(has_text="Triển khai cuộc thanh tra").first
    item.locator("select[name=status]").select_option("done")
    item.locator("textarea[name=note]").fill("Đã hoàn thành thanh tra đợt 1")
    item.locator("input[name=by]").fill("Nguyễn Thị Hoa")
    item.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state()
    assert "Đã lưu công việc số" in page.locator("p.notice.ok").inner_text()

    assert done_on_time(page, site, board) == "1"
    latest = page.locator("table.latest tbody tr").first
    assert "Nguyễn Thị Hoa" in latest.inner_text()
    latest.locator("a").first.click()
    page.wait_for_load_state()
    history = page.locator("table.history").inner_text()
    assert "Đã hoàn thành thanh tra đợt 1" in history and "Trang web" in history
    assert "Chưa bắt đầu 0% → Hoàn thành 100%" in history

    page.goto(dept)
    assert page.locator(f"#item-{site.xss_id} p.text").inner_text() == XSS
    assert dialogs == []
