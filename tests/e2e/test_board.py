"""The leadership board as a Giám đốc reads it: the four classes as tiles with the week's
change, one bar per department with the most overdue first, every count leading to its
items, who did not answer the last request; its numbers are SQL's and Python's alike."""

from __future__ import annotations

import html as htmllib
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from browsing import DESKTOP, PHONE, browser_fixture, new_page_fixture, scene_site_fixture  # noqa: F401  (fixtures)
from sqlmodel import Session

from domain.periods import Period
from domain.report import summarise
from services.status_requests import collect
from services.updates import record_update
from store.dashboard import load_board
from store.importer import ensure_periods
from store.items import list_items


def led_by(engine, dept: str, period: str = "2020-07") -> list:  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        return [i for i in list_items(s, period=period, dept=dept) if i.lead == dept
                and "<script>" not in i.text]


def update(runtime, item_id: int, status: str, **more) -> None:  # type: ignore[no-untyped-def]
    record_update(runtime, item_id=item_id, actor=None, status=status, by="Kiểm thử",
                  channel="web", **more)


def rows_of(page: str) -> list[str]:
    """The department codes of the board's rows, top to bottom."""
    table = page[page.index('<table class="counts">'):page.index("</tbody>")]
    return re.findall(r'<tr id="dept-(\w+)"', table)


def test_the_department_with_most_overdue_items_comes_first_with_its_bar(
    client, token, runtime, clock
):
    for item in led_by(runtime.engine, "QLKH")[:4]:
        update(runtime, item.id, "done")
    clock.now += timedelta(days=16)  # 5 August: July's open items are overdue
    page = client.get(f"/board/{token()}?period=2020-07").text
    order = rows_of(page)
    assert order[0] == "TDC" and order.index("QLKH") > order.index("QLCN")
    assert ("Đơn vị có nhiều công việc quá hạn nhất: Chi cục Tiêu chuẩn Đo lường Chất lượng "
            "(4 công việc).") in htmllib.unescape(page)
    row = page[page.index('id="dept-TDC"'):page.index("</tr>", page.index('id="dept-TDC"'))]
    assert re.search(r'<svg class="bar-chart"[^>]*aria-hidden="true"', row)
    assert re.search(r'<rect class="seg-open_overdue" x="0.0%"[^>]*><title>Chi cục Tiêu chuẩn Đo '
                     r"lường Chất lượng — Chưa hoàn thành, quá hạn: 4</title>", row)


def test_every_count_leads_to_the_list_of_its_items(client, token, runtime, clock):
    first, second = led_by(runtime.engine, "QLKH")[:2]
    update(runtime, first.id, "done")
    clock.now += timedelta(days=16)
    page = client.get(f"/board/{token()}?period=2020-07").text
    row = page[page.index('id="dept-QLKH"'):page.index("</tr>", page.index('id="dept-QLKH"'))]
    href = re.search(r'class="class-open_overdue"[^>]*><a href="([^"]+)"[^>]*>(\d+)</a>', row)
    listed = client.get(htmllib.unescape(href[1]))  # type: ignore[index]
    ids = {int(n) for n in re.findall(r'<td class="nowrap"><a href="[^"]+">#(\d+)</a>', listed.text)}
    open_late = {i.id for i in led_by(runtime.engine, "QLKH") if i.id != first.id}
    assert ids == open_late and int(href[2]) == len(open_late) and second.id in ids  # type: ignore[index]
    assert f"{len(ids)} công việc" in listed.text


def test_the_tiles_say_what_changed_since_the_same_day_last_week(client, token, runtime, clock):
    first, second = led_by(runtime.engine, "TTRA")[0], led_by(runtime.engine, "VP")[0]
    clock.now = datetime(2020, 7, 24, 3, 0, tzinfo=UTC)  # Friday 24 July: before the week
    update(runtime, first.id, "in_progress", progress=50)
    clock.now = datetime(2020, 7, 28, 3, 0, tzinfo=UTC)
    update(runtime, first.id, "done")
    clock.now = datetime(2020, 8, 3, 3, 0, tzinfo=UTC)  # Monday 3 August
    update(runtime, second.id, "done")  # after its due date: done late
    page = htmllib.unescape(client.get(f"/board/{token()}?period=2020-07").text)
    tiles = dict(re.findall(r'<li class="tile tile-(\w+)">.*?<span class="tile-count">(\d+)'
                            r'</span></a>\s*<span class="tile-week">([^<]+)</span>', page, re.S)
                 and [(k, (int(n), w)) for k, n, w in re.findall(
                     r'<li class="tile tile-(\w+)">.*?<span class="tile-count">(\d+)</span></a>'
                     r'\s*<span class="tile-week">([^<]+)</span>', page, re.S)])
    with Session(runtime.engine) as s:
        july = len(list_items(s, period="2020-07")) - 2
    assert tiles["done_on_time"] == (1, "+1 so với tuần trước")
    assert tiles["done_late"] == (1, "+1 so với tuần trước")
    assert tiles["open_overdue"] == (july, f"+{july} so với tuần trước")  # fell due on 1 August
    assert tiles["open_not_due"] == (0, f"−{july + 2} so với tuần trước")


def test_departments_silent_since_the_last_request_are_named(client, token, runtime, clock):
    collect(runtime, as_of=datetime(2020, 7, 20, 1, 0, tzinfo=UTC))
    update(runtime, led_by(runtime.engine, "TTRA")[0].id, "in_progress", progress=10)
    page = htmllib.unescape(client.get(f"/board/{token()}?period=2020-07").text)
    silent = page[page.index("Đơn vị chưa báo cáo tiến độ"):page.index("Công việc quá hạn")]
    assert "đề nghị cập nhật tiến độ ngày 20/07/2020" in silent
    assert "Phòng Quản lý khoa học" in silent and "Thanh tra Sở" not in silent


def test_the_previous_period_of_the_same_kind_is_beside_the_selector(client, token, runtime, add_item):
    with runtime.engine.begin() as conn:
        ensure_periods(conn, [Period.month(2020, 6)])
    add_item(runtime.engine, "Báo cáo tháng 6", lead="VP", period="2020-06", due=date(2020, 6, 30))
    page = client.get(f"/board/{token()}?period=2020-07").text
    assert re.search(r'<a class="previous" href="[^"]*period=2020-06[^"]*">← Tháng 6/2020</a>', page)
    assert re.search(r'<optgroup label="Quý">(<option [^>]+>[^<]+</option>)*'
                     r'<option value="2020-Q3">Quý III/2020</option>', page)


@pytest.mark.parametrize("seed", [1, 2])
def test_the_boards_numbers_are_those_python_counts(runtime, clock, seed):
    """The SQL counts equal :func:`domain.report.summarise` over the same items."""
    import random

    rng = random.Random(seed)
    for item in led_by(runtime.engine, "TDC") + led_by(runtime.engine, "QLKH", "2020-Q3"):
        clock.now += timedelta(hours=rng.randint(1, 30))
        status = rng.choice(["in_progress", "done", "blocked", "cancelled", "not_started"])
        update(runtime, item.id, status, progress={"in_progress": 40, "blocked": 20}.get(status))
    for period, today in (("2020-07", date(2020, 8, 5)), ("2020-Q3", date(2020, 9, 1))):
        with Session(runtime.engine) as s:
            board = load_board(s, period=period, today=today, order=runtime.org.codes)
            items = [i.snapshot() for i in list_items(s, period=period)]
        expected = summarise(items, today=today, departments=runtime.org.codes)
        assert board.departments == expected.departments and board.total == expected.total
        assert {o.item.id for o in board.overdue} == {o.item.id for o in expected.overdue}


@pytest.mark.browser
def test_on_a_phone_the_departments_become_cards_and_nothing_overflows(new_page, scene_site):
    page = new_page(PHONE)
    page.goto(f"{scene_site.board()}?period=2020-07")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    card = page.locator("#dept-TDC")
    assert card.evaluate("row => getComputedStyle(row).display") == "grid"
    assert card.locator("svg.bar-chart").bounding_box()["width"] > 300  # type: ignore[index]
    late = card.locator("td.class-open_overdue")
    assert late.inner_text() == "4"
    assert late.evaluate("td => getComputedStyle(td, '::before').content") == (
        '"Chưa hoàn thành, quá hạn"')


@pytest.mark.browser
def test_on_a_desktop_the_departments_are_rows_and_print_drops_the_controls(
    new_page, scene_site
):
    page = new_page(DESKTOP)
    page.goto(f"{scene_site.board()}?period=2020-07")
    assert page.locator("#dept-TDC").evaluate("row => getComputedStyle(row).display") == "table-row"
    assert page.locator("nav.period-bar").is_visible()
    page.emulate_media(media="print")
    assert not page.locator("nav.period-bar").is_visible()
    assert page.locator("section.by-dept svg.bar-chart").first.is_visible()
