"""axe-core in Chromium: the board, a department page, its list, an item page and the
expired-link page have no serious or critical accessibility violation, on a desktop
(1366 px) and a phone (390 px).

axe-core is not kept in the repository (650 kB of minified JavaScript): ``make test``
fetches the pinned version from the npm registry into ``.venv/share/axe-core/`` (see the
Makefile); without it the test is skipped and says how to get it.
"""

from __future__ import annotations

import os
from pathlib import Path
from unittest import mock

import pytest
from browsing import DESKTOP, PHONE, Site, browser_fixture, scene_site_fixture  # noqa: F401  (fixtures)
from scene import NOW, item_of

from notifications.links import make_token

pytestmark = pytest.mark.browser
AXE = Path(os.environ.get("WORKPLAN_AXE", Path(__file__).resolve().parents[2] / ".venv" /
                          "share" / "axe-core" / "axe.min.js"))  # fmt: skip
PAGES = ("board", "department", "list", "item", "expired link")


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        pytest.skip(f"axe-core not found at {AXE}: `make test` fetches it (npm pack axe-core)")
    return AXE.read_text(encoding="utf-8")


def url_of(site: Site, page: str) -> str:
    board = site.board()
    if page == "board":
        return f"{board}?period=2020-07"
    if page == "list":
        return f"{board}/items?period=2020-07&dept=QLKH&lead=1&result=open_overdue"
    if page == "item":
        return f"{board}/items/{item_of(site.runtime, 'QLKH', 'nghiệm thu các đề tài, dự án')}"
    if page == "expired link":
        with mock.patch("time.time", return_value=NOW.timestamp() - 40 * 86400):
            return f"{site.base}/d/{make_token(site.secret, dept='QLKH', days=30)}"
    return site.dept("QLKH")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366px", "390px"])
@pytest.mark.parametrize("page_name", PAGES)
def test_the_page_has_no_serious_or_critical_violation(
    browser, scene_site: Site, axe_source: str, page_name: str, viewport: dict[str, int]
) -> None:
    # The pages forbid every script; axe is injected past that policy, as a tool is.
    context = browser.new_context(viewport=viewport, locale="vi-VN", bypass_csp=True)
    page = context.new_page()
    answer = page.goto(url_of(scene_site, page_name))
    assert answer is not None and answer.status == (403 if page_name == "expired link" else 200)
    page.evaluate(axe_source)
    found = page.evaluate("async () => (await axe.run(document)).violations.map(v => "
                          "({id: v.id, impact: v.impact, nodes: v.nodes.length, "
                          "target: v.nodes[0].target.join(' ')}))")  # fmt: skip
    context.close()
    grave = [v for v in found if v["impact"] in ("serious", "critical")]
    assert grave == [], grave

