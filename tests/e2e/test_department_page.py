"""The department page for weekly reporting: items by urgency, one "Lưu tất cả" saving
every changed item as its own versioned update, conflicts that lose nothing else."""

from __future__ import annotations

import html as htmllib
from datetime import date, timedelta
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from browsing import PHONE, browser_fixture, new_page_fixture, scene_site_fixture  # noqa: F401  (fixtures)
from sqlalchemy import func, select
from sqlmodel import Session

from store.items import get_item, history, list_items
from store.models import StatusUpdate


class WorklistForm(HTMLParser):
    """The fields of the page's "Lưu tất cả" form, in order, as a browser sends them."""

    def __init__(self) -> None:
        super().__init__()
        self.pairs: list[list[str]] = []
        self.inside = False
        self.select: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("class") == "worklist"
        elif not self.inside:
            return
        elif tag == "input" and a.get("name"):
            self.pairs.append([a["name"], a.get("value", "")])
        elif tag == "select":
            self.select = a["name"]
            self.pairs.append([a["name"], ""])
        elif tag == "option" and self.select and ("selected" in a or not self.pairs[-1][1]):
            self.pairs[-1][1] = a["value"]
        elif tag == "textarea":
            self.textarea = a["name"]
            self.pairs.append([a["name"], ""])

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        if tag == "form":
            self.inside = False
        self.select = None if tag == "select" else self.select
        self.textarea = None if tag == "textarea" else self.textarea

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        if self.textarea:
            self.pairs[-1][1] += data

    @classmethod
    def of(cls, page: str) -> list[list[str]]:
        parser = cls()
        parser.feed(page)
        return parser.pairs


def fill(pairs: list[list[str]], item_id: int, **values: str) -> list[list[str]]:
    """The form with ``values`` typed into item ``item_id``'s fields."""
    current = None
    for pair in pairs:
        if pair[0] == "item":
            current = int(pair[1])
        elif current == item_id and pair[0] in values:
            pair[1] = values[pair[0]]
    return pairs


def signed(pairs: list[list[str]], name: str) -> list[list[str]]:
    """The form with ``name`` typed as the reporter's name."""
    return [["by", name] if p[0] == "by" else p for p in pairs]


def send(client, url: str, pairs: list[list[str]]):  # type: ignore[no-untyped-def]
    """Post the fields in their order, as a browser encodes a form."""
    body = urlencode([tuple(p) for p in pairs])
    return client.post(url, content=body,
                       headers={"Content-Type": "application/x-www-form-urlencoded"})


def led_by(engine, dept: str, period: str = "2020-07") -> list:  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        return [i for i in list_items(s, period=period, dept=dept) if i.lead == dept
                and "<script>" not in i.text]


def updates(engine) -> int:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(StatusUpdate)).scalar_one())


@pytest.fixture
def page_of(client, token):  # type: ignore[no-untyped-def]
    def get(dept: str, query: str = "") -> str:
        answer = client.get(f"/d/{token(dept)}{query}")
        assert answer.status_code == 200, answer.text
        return answer.text

    return get


def test_a_clerk_reports_on_five_items_with_one_save(client, token, seeded, page_of):
    items = led_by(seeded, "QLKH")[:5]
    pairs = WorklistForm.of(page_of("QLKH"))
    for n, item in enumerate(items):
        fill(pairs, item.id, status="in_progress", progress=str(10 * (n + 1)), note=f"Lần {n}")
    fill(pairs, items[0].id, status="done", progress=str(items[0].progress))
    answer = send(client, f"/d/{token('QLKH')}/save", signed(pairs, "Trần Văn Bình"))
    assert answer.status_code == 303
    shown = client.get(answer.headers["location"]).text
    ids = ", ".join(str(i.id) for i in items)
    assert f"Đã lưu 5 công việc: số {ids}." in shown
    with Session(seeded) as s:
        now = [get_item(s, i.id) for i in items]
        entries = [history(s, i.id) for i in items]
    assert [(i.status, i.progress, i.version) for i in now] == [
        ("done", 100, 2), ("in_progress", 20, 2), ("in_progress", 30, 2),
        ("in_progress", 40, 2), ("in_progress", 50, 2)]
    assert all(len(e) == 2 and e[-1].by == "Trần Văn Bình" and e[-1].channel == "web"
               for e in entries)


def test_items_left_as_shown_are_not_written(client, token, seeded, page_of):
    before = updates(seeded)
    answer = send(client, f"/d/{token('TTRA')}/save", WorklistForm.of(page_of("TTRA")))
    assert answer.status_code == 303
    assert "Không có thay đổi nào cần lưu." in client.get(answer.headers["location"]).text
    assert updates(seeded) == before


def test_a_conflict_on_one_item_names_who_and_when_and_keeps_the_others(
    client, token, seeded, page_of, clock
):
    first, second = led_by(seeded, "QLKH")[:2]
    stale = WorklistForm.of(page_of("QLKH"))
    clock.now += timedelta(minutes=25)  # 10:25
    other = fill(WorklistForm.of(page_of("QLKH")), first.id, status="in_progress", progress="40",
                 note="Đã họp lần 1")
    send(client, f"/d/{token('QLKH')}/save", signed(other, "Lê Thị Mai"))
    fill(stale, first.id, status="blocked", progress="10", note="Chờ kinh phí")
    fill(stale, second.id, status="in_progress", progress="30")
    refused = send(client, f"/d/{token('QLKH')}/save", stale)
    assert refused.status_code == 409
    text = htmllib.unescape(refused.text)
    assert "Công việc này vừa được Lê Thị Mai cập nhật lúc 10:25 ngày 20/07/2020." in text
    assert "trạng thái Chưa bắt đầu → Đang thực hiện; tiến độ 0% → 40%" in text
    assert "Nội dung bạn vừa nhập (chưa lưu): Vướng mắc, 10%, ghi chú: “Chờ kinh phí”." in text
    assert f"Đã lưu 1 công việc: số {second.id}." in text
    with Session(seeded) as s:
        assert (get_item(s, first.id).status, get_item(s, second.id).progress) == ("in_progress", 30)
    shown = WorklistForm.of(refused.text)  # the form now holds the newer state to work from
    assert ["progress", "40"] in shown and ["note", "Đã họp lần 1"] in shown


def test_a_value_that_cannot_be_saved_is_shown_back_as_typed(client, token, seeded, page_of):
    first, second = led_by(seeded, "TDC")[:2]
    pairs = fill(WorklistForm.of(page_of("TDC")), first.id, status="in_progress", progress="150")
    fill(pairs, second.id, status="in_progress", progress="20")
    refused = send(client, f"/d/{token('TDC')}/save", pairs)
    assert refused.status_code == 400
    assert "Tiến độ phải từ 0 đến 100 (đã nhập: 150)." in htmllib.unescape(refused.text)
    assert ["progress", "150"] in WorklistForm.of(refused.text)
    with Session(seeded) as s:
        assert (get_item(s, first.id).version, get_item(s, second.id).progress) == (1, 20)


def test_overdue_items_come_first_and_finished_ones_are_folded(
    client, token, seeded, page_of, clock, add_item
):
    july = led_by(seeded, "QLKH")[0]
    soon = add_item(seeded, "Báo cáo nhanh kết quả hội nghị", lead="QLKH", period="2020-Q3",
                    due=date(2020, 8, 7))
    pairs = fill(WorklistForm.of(page_of("QLKH")), july.id, status="done", progress="0")
    send(client, f"/d/{token('QLKH')}/save", pairs)
    clock.now += timedelta(days=16)  # 5 August: July's items are 5 days late
    page = page_of("QLKH")
    order = [page.index(f'id="item-{n}"') for n in (led_by(seeded, "QLKH")[1].id, soon)]
    assert page.index("Quá hạn") < order[0] < page.index("Đến hạn trong 7 ngày tới") < order[1]
    folded = page[page.index('<details class="group group-finished"'):]
    assert f'id="item-{july.id}"' in folded and "Đã hoàn thành, đã hủy" in folded
    assert "hoàn thành ngày 20/07/2020" in page


def test_a_completion_after_the_due_date_shows_as_late(client, token, seeded, page_of, clock):
    item = led_by(seeded, "TTRA")[0]
    clock.now += timedelta(days=16)
    pairs = fill(WorklistForm.of(page_of("TTRA")), item.id, status="done", done_on="2020-08-03")
    assert send(client, f"/d/{token('TTRA')}/save", pairs).status_code == 303
    card = page_of("TTRA").split(f'id="item-{item.id}"')[1].split("</article>")[0]
    assert 'class="deadline late">hoàn thành ngày 03/08/2020, quá hạn 3 ngày' in card


def test_the_reporters_name_is_remembered_for_that_link_only(client, token, seeded, page_of):
    item = led_by(seeded, "VP")[0]
    pairs = fill(WorklistForm.of(page_of("VP")), item.id, status="in_progress", progress="5")
    answer = send(client, f"/d/{token('VP')}/save", signed(pairs, "Đỗ Thị Hương"))
    assert f"Path=/d/{token('VP')}" in answer.headers["set-cookie"]
    assert 'value="Đỗ Thị Hương"' in page_of("VP")
    assert 'value="Đỗ Thị Hương"' not in client.get(f"/d/{token('VP', days=3)}").text


def test_the_page_filters_by_period_state_and_words(client, token, seeded, page_of, clock):
    clock.now += timedelta(days=16)
    overdue = page_of("QLKH", "?state=overdue")
    assert "Tháng 7/2020" in overdue and "Quý III/2020" not in overdue.split("<form method=\"post\"")[1]
    quarter = page_of("QLKH", "?period=2020-Q3")
    assert all(f'id="item-{i.id}"' not in quarter for i in led_by(seeded, "QLKH"))
    found = page_of("QLKH", "?q=HOI DONG nghiem thu")
    assert found.count('<article class="item') == 3


@pytest.mark.browser
def test_in_chromium_on_a_phone_five_items_go_with_one_tap_and_the_name_stays(
    new_page, scene_site
):
    page, link = new_page(PHONE), scene_site.dept("QLKH")
    page.goto(link)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    cards = page.locator("section.group article.item")
    for n in range(5):
        cards.nth(n).locator("select[name=status]").select_option("in_progress")
        cards.nth(n).locator("input[name=progress]").fill(str(20 + n))
    page.locator(".savebar input[name=by]").fill("Trần Văn Bình")
    page.get_by_role("button", name="Lưu tất cả").first.click()
    page.wait_for_load_state()
    assert page.locator("p.notice.ok").inner_text().startswith("Đã lưu 5 công việc: số ")
    page.goto(link)
    assert page.locator(".savebar input[name=by]").input_value() == "Trần Văn Bình"


def test_a_refused_name_saves_nothing_and_keeps_every_change_as_typed(client, token, seeded, page_of):
    first, second = led_by(seeded, "QLCN")[:2]
    pairs = fill(WorklistForm.of(page_of("QLCN")), first.id, status="in_progress", progress="35")
    fill(pairs, second.id, status="blocked", note="Chờ ý kiến")
    refused = send(client, f"/d/{token('QLCN')}/save", signed(pairs, "A" * 200))
    assert refused.status_code == 400
    assert "Tên người cập nhật dài quá 120 ký tự" in htmllib.unescape(refused.text)
    shown = WorklistForm.of(refused.text)
    assert ["progress", "35"] in shown and ["note", "Chờ ý kiến"] in shown
    with Session(seeded) as s:
        assert (get_item(s, first.id).version, get_item(s, second.id).version) == (1, 1)


def test_a_refused_finished_item_is_unfolded_to_show_why(client, token, seeded, page_of):
    item = led_by(seeded, "TTUD")[0]
    send(client, f"/d/{token('TTUD')}/save", fill(WorklistForm.of(page_of("TTUD")), item.id,
                                                  status="done", progress="0"))
    pairs = fill(WorklistForm.of(page_of("TTUD")), item.id, status="in_progress", progress="150")
    refused = send(client, f"/d/{token('TTUD')}/save", pairs)
    assert refused.status_code == 400
    assert '<details class="group group-finished" open>' in refused.text
