"""Leadership's direction through the pages, tried as a new user would: Thanh tra Sở asks
for more time from its link, the Giám đốc's board shows it and one click approves it, the
unit's page shows the new date, the next digest lists it, the period report counts it
apart; and what a unit may not do is refused with its reason, changing nothing."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlmodel import Session

from services.digest import digest
from services.runtime import Runtime
from store.models import Outbox, StatusUpdate

MONDAY = datetime(2020, 9, 7, 3, 0, tzinfo=UTC)  # 10:00 in Việt Nam
TEXT = "Thanh tra việc sử dụng kinh phí sự nghiệp khoa học năm 2019."


@pytest.fixture
def item(runtime, add_item, clock) -> int:  # type: ignore[no-untyped-def]
    """Thanh tra Sở's task of Quý III/2020 due 10/09/2020; the clock on Monday 07/09."""
    clock.now = MONDAY
    return int(add_item(runtime.engine, TEXT, lead="TTRA", period="2020-Q3",
                        due=date(2020, 9, 10)))  # fmt: skip


@pytest.fixture
def web(runtime, mail_settings) -> TestClient:  # type: ignore[no-untyped-def]
    """The app on the test database and clock, sending its mail to the test SMTP server."""
    from workplan.web.app import create_app

    mailing = Runtime(mail_settings, runtime.clock, org=runtime.org)
    return TestClient(create_app(mailing), follow_redirects=False)


def form(html: str, action: str) -> tuple[str, dict[str, str]]:
    """The action and the hidden fields of the form whose action ends with ``action``."""
    found = re.search(rf'<form method="post" action="([^"]*{re.escape(action)}[^"]*)"(.*?)</form>',
                      html, re.S)  # fmt: skip
    assert found, f"no form posting to {action}"
    hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', found[2]))
    return found[1].replace("&amp;", "&"), hidden


def test_a_unit_asks_the_board_approves_with_one_click_and_every_report_says_so(
    web, token, item, clock, runtime, smtp_server
):
    unit, board = f"/d/{token('TTRA')}", f"/board/{token()}"
    page = web.get(unit).text
    link = re.search(rf'href="({re.escape(unit)}/items/{item}/direction)">Đề nghị gia hạn', page)
    assert link, "the item's card leads to the request"
    action, fields = form(web.get(link[1]).text, "/extension")
    sent = web.post(action, data=fields | {"new_due": "2020-09-25", "reason": "Chờ kết luận của đoàn",
                                           "by": "Trần Văn Bình"})  # fmt: skip
    assert sent.status_code == 303
    assert "Đã gửi đề nghị gia hạn số 1" in web.get(sent.headers["location"]).text

    shown = web.get(board).text
    assert "Đề nghị gia hạn chờ duyệt <span class=\"count\">(1)</span>" in shown
    assert TEXT in shown and "10/09/2020 → <strong>25/09/2020</strong>" in shown
    action, fields = form(shown, "/extensions/1/decision")
    approved = web.post(action, data=fields | {"decision": "approve"})  # the one click
    assert approved.status_code == 303
    assert "Đã đồng ý gia hạn công việc số" in web.get(approved.headers["location"]).text
    assert "Đề nghị gia hạn chờ duyệt <span class=\"count\">(0)</span>" in web.get(board).text

    card = web.get(unit).text.split(f'id="item-{item}"')[1].split("</article>")[0]
    assert "Hạn 25/09/2020" in card and "thời hạn ban đầu 10/09/2020" in card
    subjects = sorted(m["Subject"] for m in smtp_server.messages())
    assert subjects == [f"Đề nghị gia hạn công việc số {item} đến 25/09/2020 — Thanh tra Sở",
                        f"Đồng ý gia hạn công việc số {item} đến 25/09/2020"]  # fmt: skip

    digest(runtime, as_of=datetime(2020, 9, 14, 1, 0, tzinfo=UTC))  # next Monday, 08:00
    with Session(runtime.engine) as s:
        weekly = s.execute(select(Outbox).where(Outbox.kind == "digest")).scalar_one()
    assert "Gia hạn đã cho ý kiến trong tuần trước: 1" in weekly.text
    assert TEXT in weekly.text

    clock.now = datetime(2020, 9, 22, 3, 0, tzinfo=UTC)
    version = web.get(f"/api/v1/items/{item}", headers=bearer(token("TTRA"))).json()["version"]
    done = web.post(f"/api/v1/items/{item}/status", headers=bearer(token("TTRA")),
                    json={"status": "done", "version": version})  # fmt: skip
    assert done.status_code == 200
    listed = web.get(f"{board}/items", params={"period": "2020-Q3", "result": "done_extended"})
    assert TEXT in listed.text  # the board's count leads to the item
    report = web.get(f"{board}/report", params={"period": "2020-Q3"}).text
    assert "<h2>Hoàn thành đúng hạn (có gia hạn) (1 công việc)</h2>" in report
    assert TEXT in report.split("Hoàn thành đúng hạn (có gia hạn) (1 công việc)")[1].split("<h2>")[0]


def bearer(value: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {value}"}


def history_size(runtime) -> int:  # type: ignore[no-untyped-def]
    with runtime.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(StatusUpdate)).scalar_one())


@pytest.mark.parametrize(
    ("fields", "status", "words"),
    [
        ({"new_due": "2020-09-01", "reason": "Chờ số liệu"}, 400, "Ngày gia hạn đã qua"),
        ({"new_due": "2020-09-10", "reason": "Chờ số liệu"}, 400, "phải sau thời hạn hiện tại"),
        ({"new_due": "2020-09-25", "reason": "   "}, 400, "Vui lòng ghi rõ lý do"),
        ({"new_due": "25/13/2020", "reason": "Chờ số liệu"}, 400, "không đúng dạng"),
    ],
)
def test_a_bad_request_is_shown_on_the_page_with_one_reason_and_changes_nothing(
    web, token, item, runtime, fields, status, words
):
    page = f"/d/{token('TTRA')}/items/{item}/direction"
    action, hidden = form(web.get(page).text, "/extension")
    before = history_size(runtime)
    answer = web.post(action, data=hidden | fields)
    assert answer.status_code == status and words in answer.text
    assert history_size(runtime) == before


def test_a_second_request_while_one_waits_is_a_conflict(web, token, item):
    page = f"/d/{token('TTRA')}/items/{item}/direction"
    action, hidden = form(web.get(page).text, "/extension")
    web.post(action, data=hidden | {"new_due": "2020-09-25", "reason": "Chờ số liệu"})
    again = web.post(action, data=hidden | {"new_due": "2020-09-28", "reason": "Chờ số liệu"})
    assert again.status_code == 409 and "đang có đề nghị gia hạn đến 25/09/2020" in again.text


def test_a_supporting_unit_sees_a_contribution_form_and_the_lead_unit_sees_its_note(
    web, token, runtime, clock
):
    clock.now = MONDAY
    with Session(runtime.engine) as s:
        from store.items import list_items

        shared = next(i for i in list_items(s, period="2020-Q3") if i.support)
    helper, lead = shared.support[0], shared.lead
    page = web.get(f"/d/{token(helper)}/items/{shared.id}/direction").text
    assert 'action="' in page and "/extension" not in page  # no request form for a supporter
    action, hidden = form(page, "/contribution")
    sent = web.post(action, data=hidden | {"text": "Đã gửi số liệu kinh phí.", "by": "Lê Hoa"})
    assert sent.status_code == 303
    card = web.get(f"/d/{token(lead)}").text.split(f'id="item-{shared.id}"')[1].split("</article>")[0]
    assert "Đã gửi số liệu kinh phí." in card


def test_a_unit_cannot_post_leaderships_forms_nor_decide(web, token, item, runtime):
    page = web.get(f"/d/{token('TTRA')}/items/{item}/direction").text
    _, hidden = form(page, "/extension")
    before = history_size(runtime)
    for path in ("/reassign", "/directive", "/cancel"):
        answer = web.post(f"/board/{token('TTRA')}/items/{item}{path}", data=hidden)
        assert answer.status_code == 403
    assert history_size(runtime) == before


def test_leadership_reassigns_from_the_items_page_and_the_item_moves_between_pages(
    web, token, item
):
    page = web.get(f"/board/{token()}/items/{item}/direction").text
    action, hidden = form(page, "/reassign")
    moved = web.post(action, data=hidden | {"lead": "VP", "reason": "Văn phòng tổng hợp"})
    assert moved.status_code == 303
    assert TEXT in web.get(f"/d/{token('VP')}").text
    assert TEXT not in web.get(f"/d/{token('TTRA')}").text


def test_a_supporting_unit_saving_a_status_on_its_page_is_told_to_contribute_instead(
    client, token, runtime, clock
):
    clock.now = MONDAY
    with Session(runtime.engine) as s:
        from store.items import list_items

        shared = next(i for i in list_items(s, period="2020-Q3") if i.support)
    helper = shared.support[0]
    page = client.get(f"/d/{token(helper)}").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page)[1]  # type: ignore[index]
    before = history_size(runtime)
    answer = client.post(f"/d/{token(helper)}/items/{shared.id}",
                         data={"csrf": csrf, "status": "done", "version": str(shared.version)})  # fmt: skip
    assert answer.status_code == 400
    assert "là đơn vị phối hợp của công việc số" in answer.text
    assert "Vui lòng gửi ý kiến phối hợp" in answer.text
    assert history_size(runtime) == before


def test_a_directive_written_on_the_board_shows_at_the_top_of_the_units_item(web, token, item):
    page = web.get(f"/board/{token()}/items/{item}/direction").text
    action, hidden = form(page, "/directive")
    written = web.post(action, data=hidden | {"text": "Báo cáo kết quả trước ngày 15/9.",
                                              "by": "Nguyễn Thanh Bình"})  # fmt: skip
    assert written.status_code == 303
    card = web.get(f"/d/{token('TTRA')}").text.split(f'id="item-{item}"')[1].split("</article>")[0]
    top = card.split('<div class="fields">')[0]  # above the item's fields
    assert "Ý kiến chỉ đạo của Lãnh đạo Sở:</strong> Báo cáo kết quả trước ngày 15/9." in top
    assert "Nguyễn Thanh Bình, 07/09/2020 10:00" in top
