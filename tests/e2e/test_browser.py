"""A real Chromium on the real server: a department saves, leadership sees it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from browsing import Site, browser_fixture, new_page_fixture, serve  # noqa: F401  (fixtures)

from services.importing import import_programme
from services.runtime import Runtime

pytestmark = pytest.mark.browser

XSS = "<script>alert(1)</script>"
IMPORTED = datetime(2020, 7, 2, 2, 0, tzinfo=UTC)  # 2 July 2020, 09:00 in Việt Nam


@pytest.fixture
def site(tmp_path: Path, org, sample_text, add_item, clock) -> Iterator[Site]:  # type: ignore[no-untyped-def]
    """The sample and a script-tag item (TTRA's), on the clock the test moves."""
    def fill(rt: Runtime) -> None:
        import_programme(rt.at(IMPORTED), sample_text, source_name="sample.md")
        add_item(rt.engine, XSS, lead="TTRA")

    yield from serve(tmp_path, org, fill, clock)


def done_on_time(page, board: str) -> str:  # type: ignore[no-untyped-def]
    page.goto(f"{board}?period=2020-07")
    return page.locator("#dept-TTRA td.class-done_on_time").inner_text()


def test_department_saves_and_leadership_sees_it(new_page, site: Site) -> None:
    page = new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    dept, board = site.dept("TTRA"), site.board()
    assert done_on_time(page, board) == "0"

    page.goto(dept)
    assert page.locator("h1").inner_text() == "Công việc của Thanh tra Sở"
    item = page.locator("article.item").filter(has_text="Triển khai cuộc thanh tra").first
    item.locator("select[name=status]").select_option("done")
    item.locator("textarea[name=note]").fill("Đã hoàn thành thanh tra đợt 1")
    page.locator("input[name=by]").fill("Nguyễn Thị Hoa")
    page.get_by_role("button", name="Lưu tất cả").first.click()
    page.wait_for_load_state()
    assert "Đã lưu công việc số" in page.locator("p.notice.ok").inner_text()

    assert done_on_time(page, board) == "1"
    latest = page.locator("table.latest tbody tr").first
    assert "Nguyễn Thị Hoa" in latest.inner_text()
    latest.locator("a").first.click()
    page.wait_for_load_state()
    history = page.locator("table.history").inner_text()
    assert "Đã hoàn thành thanh tra đợt 1" in history and "Trang web" in history
    assert "Chưa bắt đầu 0% → Hoàn thành 100%" in history

    page.goto(dept)
    xss = page.locator("article.item").filter(has_text="alert(1)")
    assert xss.locator("p.text").inner_text() == XSS
    assert dialogs == []
