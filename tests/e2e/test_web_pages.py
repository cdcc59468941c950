"""The department page and the leadership board, through HTTP as a browser sends it."""

from __future__ import annotations

import html as htmllib
import logging
import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session
from typer.testing import CliRunner

from notifications.links import make_token
from store.items import get_item, history, list_items
from workplan.cli import app as cli_app
from workplan.web.server import RedactTokens, redact

XSS = "<script>alert(1)</script>"


def first_item(engine, dept: str, role: str = "lead", period: str = "2020-07"):
    with Session(engine) as s:
        items = list_items(s, period=period, dept=dept)
    return next(i for i in items if (i.lead == dept) == (role == "lead") and XSS not in i.text)


@pytest.fixture
def post(client, form_of):
    """Submit an item's form as the page rendered it, with ``changes`` typed in."""

    def submit(token: str, item_id: int, page: str | None = None, *, lang: str = "", **changes):
        suffix = f"?lang={lang}" if lang else ""
        page = page or client.get(f"/d/{token}{suffix}").text
        data = form_of(page, item_id) | {"note": "", "by": ""} | changes
        return client.post(f"/d/{token}/items/{item_id}{suffix}", data=data)

    return submit


def test_link_printed_by_the_cli_opens_the_department_page(client, settings, db_url):
    env = {"WORKPLAN_HOME": str(settings.home), "WORKPLAN_DATABASE_URL": db_url,
           "WORKPLAN_SECRET_KEY": settings.secret(), "WORKPLAN_BASE_URL": "https://so.example.vn"}
    result = CliRunner().invoke(cli_app, ["link", "TTRA", "--days", "7"], env=env)
    assert result.exit_code == 0, result.output
    url = result.stdout.strip()
    assert url.startswith("https://so.example.vn/d/")
    page = client.get(url.removeprefix("https://so.example.vn"))
    assert page.status_code == 200
    assert "Công việc của Thanh tra Sở" in page.text


def test_department_page_lists_items_it_leads_and_supports(client, token, seeded):
    led, supported = first_item(seeded, "QLCNG"), first_item(seeded, "QLCNG", "support")
    page = client.get(f"/d/{token('QLCNG')}")
    assert page.status_code == 200
    text = htmllib.unescape(page.text)
    assert led.text in text and supported.text in text
    assert 'role-lead">Chủ trì' in text and 'role-support">Phối hợp' in text
    assert "Hạn 31/07/2020" in text and "còn 11 ngày" in text
    assert 'name="viewport"' in text
    assert page.headers["referrer-policy"] == "no-referrer"
    assert page.headers["cache-control"] == "no-store"


def test_update_is_recorded_with_channel_web_and_shown_in_history(client, token, seeded, post):
    item = first_item(seeded, "TTRA")
    saved = post(token("TTRA"), item.id, status="done", note="Đã xong đợt 1",
                 by="Nguyễn Văn An")
    assert saved.status_code == 303
    page = client.get(saved.headers["location"])
    assert f"Đã lưu công việc số {item.id}." in page.text
    with Session(seeded) as s:
        last = history(s, item.id)[-1]
        assert (get_item(s, item.id).status, get_item(s, item.id).progress) == ("done", 100)
    assert (last.channel, last.by, last.new_status, last.note) == ("web", "Nguyễn Văn An", "done",
                                                                   "Đã xong đợt 1")
    shown = client.get(f"/d/{token('TTRA')}/items/{item.id}").text
    assert "Nguyễn Văn An" in shown and "Trang web" in shown
    assert "Chưa bắt đầu 0% → Hoàn thành 100%" in shown


def test_the_department_signs_an_update_without_a_name(client, token, seeded, post):
    item = first_item(seeded, "VP")
    assert post(token("VP"), item.id, status="in_progress", progress="30").status_code == 303
    with Session(seeded) as s:
        assert history(s, item.id)[-1].by == "Văn phòng Sở"


def test_second_editor_with_an_old_version_is_refused_and_sees_the_new_state(client, token, seeded, post, form_of):
    item = first_item(seeded, "QLKH")
    stale_page = client.get(f"/d/{token('QLKH')}").text
    assert post(token("QLKH"), item.id, stale_page, status="in_progress",
                progress="40", note="Người thứ nhất").status_code == 303
    refused = post(token("QLKH"), item.id, stale_page, status="blocked",
                   progress="10", note="Người thứ hai")
    assert refused.status_code == 409
    assert ("Công việc này vừa được Phòng Quản lý khoa học cập nhật lúc 10:00 ngày 20/07/2020"
            in refused.text)
    assert "Người thứ hai" in refused.text  # what they typed is shown, not lost
    assert form_of(refused.text, item.id)["status"] == "in_progress"  # the newer state
    with Session(seeded) as s:
        now = get_item(s, item.id)
    assert (now.status, now.progress, now.note, now.version) == ("in_progress", 40, "Người thứ nhất", 2)


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"status": "in_progress", "progress": "150"}, "Tiến độ phải từ 0 đến 100"),
        ({"status": "done", "progress": "50"}, "tiến độ phải là 100"),
        ({"status": "in_progress", "progress": "nhiều"}, "Tiến độ phải từ 0 đến 100"),
        ({"status": "finished"}, "Trạng thái “finished” không hợp lệ"),
    ],
)
def test_bad_input_gets_a_clear_message_and_changes_nothing(client, token, seeded, changes, words, post):
    item = first_item(seeded, "TDC")
    refused = post(token("TDC"), item.id, **changes)
    assert refused.status_code == 400
    assert words in htmllib.unescape(refused.text)
    with Session(seeded) as s:
        assert get_item(s, item.id) == item


def test_choosing_done_without_touching_progress_means_full_progress(client, token, seeded, post):
    item = first_item(seeded, "TTUD")
    post(token("TTUD"), item.id, status="in_progress", progress="40")
    assert post(token("TTUD"), item.id, status="done").status_code == 303
    with Session(seeded) as s:
        assert get_item(s, item.id).progress == 100


def test_department_cannot_change_or_read_items_of_others(client, token, seeded, post, form_of):
    other = first_item(seeded, "QLKH")
    page = client.get(f"/d/{token('TTRA')}").text
    data = form_of(page, first_item(seeded, "TTRA").id) | {"version": "1", "status": "done"}
    refused = client.post(f"/d/{token('TTRA')}/items/{other.id}", data=data)
    assert refused.status_code == 403
    assert f"Công việc số {other.id} không do đơn vị của bạn" in refused.text
    assert client.get(f"/d/{token('TTRA')}/items/{other.id}").status_code == 403
    with Session(seeded) as s:
        assert get_item(s, other.id).version == 1


def test_forged_tampered_and_misused_links_are_refused(client, token):
    good = token("TTRA")
    tampered = good[:-2] + ("AA" if not good.endswith("AA") else "BB")
    for path in ("/d/forged", f"/d/{tampered}", f"/d/{token()}", f"/board/{good}",
                 f"/board/{tampered}/items/1"):
        page = client.get(path)
        assert page.status_code == 403, path
        assert "Không truy cập được" in page.text
    assert "Đường dẫn không đúng" in client.get(f"/d/{tampered}").text


def test_expired_link_is_refused(client, token, clock):
    link = token("TTRA", days=1)
    clock.now = datetime.now(UTC) + timedelta(days=2)
    page = client.get(f"/d/{link}")
    assert page.status_code == 403
    assert "Đường dẫn đã hết hạn" in page.text


@pytest.mark.parametrize("csrf", [None, "", "forged", "other-link"])
def test_form_without_its_csrf_token_is_refused(client, token, seeded, csrf, post, form_of):
    item = first_item(seeded, "TTRA")
    data = form_of(client.get(f"/d/{token('TTRA')}").text, item.id) | {"status": "done"}
    if csrf == "other-link":
        data["csrf"] = form_of(client.get(f"/d/{token('TTRA', days=5)}").text, item.id)["csrf"]
    elif csrf is None:
        del data["csrf"]
    else:
        data["csrf"] = csrf
    assert client.post(f"/d/{token('TTRA')}/items/{item.id}", data=data).status_code == 403
    with Session(seeded) as s:
        assert get_item(s, item.id).version == 1


def test_user_text_is_escaped_everywhere(client, token, seeded, post, add_item):
    item_id = add_item(seeded, f"Kiểm tra {XSS}", lead="TTRA")
    post(token("TTRA"), item_id, status="in_progress", progress="5", note=XSS, by=XSS)
    pages = [client.get(f"/d/{token('TTRA')}").text, client.get(f"/board/{token()}").text,
             client.get(f"/board/{token()}/items/{item_id}").text]
    for page in pages:
        assert XSS not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "script-src 'none'" in client.get(f"/board/{token()}").headers["content-security-policy"]


def test_english_is_chosen_by_lang_and_kept_across_links_and_forms(client, token, seeded, post):
    item = first_item(seeded, "TTRA")
    page = client.get(f"/d/{token('TTRA')}?lang=en").text
    assert "Work items of" in page and 'lang="en"' in page and "Thanh tra Sở" in page
    assert f'/items/{item.id}?lang=en"' in page
    saved = post(token("TTRA"), item.id, lang="en", status="in_progress", progress="20")
    assert "lang=en" in saved.headers["location"]
    assert "Item" in client.get(saved.headers["location"]).text
    refused = post(token("TTRA"), item.id, lang="en", status="done", progress="50")
    assert "A done item has progress 100" in refused.text


def test_board_counts_departments_in_the_four_classes(client, token, seeded, post):
    item = first_item(seeded, "TTRA")
    before = client.get(f"/board/{token()}?period=2020-07").text
    post(token("TTRA"), item.id, status="done", note="Xong")
    board = client.get(f"/board/{token()}?period=tháng 7/2020").text
    assert board.count("Hoàn thành đúng hạn") >= 1 and "Chưa hoàn thành, quá hạn" in board
    assert "Tháng 7/2020" in board
    row = board[board.index('id="dept-TTRA"') : board.index("</tr>", board.index('id="dept-TTRA"'))]
    assert re.search(r'class="class-done_on_time"[^>]*><a [^>]*>1</a></td>', row) and "50%" in row
    assert before != board
    assert "Cập nhật gần đây" in board and "Xong" in board


def test_board_lists_overdue_items_with_days(client, token, clock):
    clock.now += timedelta(days=20)  # 9 August: July's items are 9 days late
    board = client.get(f"/board/{token()}?period=2020-07").text
    assert "Công việc quá hạn" in board and "9 ngày" in board


def test_board_offers_periods_by_name_and_refuses_unknown_ones(client, token):
    board = client.get(f"/board/{token()}?period=Quý III/2020").text
    assert '<h2 class="period-name">Quý III/2020' in board and "Tháng 9/2020" in board
    odd = client.get(f"/board/{token()}?period=hôm qua")
    assert odd.status_code == 400 and "Không nhận ra kỳ" in htmllib.unescape(odd.text)


def test_item_page_shows_full_history(client, token, seeded, post):
    item = first_item(seeded, "QLCN")
    post(token("QLCN"), item.id, status="in_progress", progress="30", by="Trần Thị Bình")
    page = client.get(f"/board/{token()}/items/{item.id}").text
    assert "Trần Thị Bình" in page and "Nhập văn bản" in page
    assert "Nhập từ văn bản bac-giang-khcn-2020-07-q3.md" in page
    assert "Chưa bắt đầu 0% → Đang thực hiện 30%" in page
    assert client.get(f"/board/{token()}/items/99999").status_code == 404


def test_tokens_are_redacted_from_logs():
    link = make_token("not-the-real-secret", dept="TTRA")
    assert link not in redact(f'"GET /d/{link}/items/3?lang=en HTTP/1.1" 200')
    record = logging.LogRecord("uvicorn.access", logging.INFO, "", 0, '%s - "%s %s"',
                               ("127.0.0.1", "GET", f"/board/{link}"), None)
    RedactTokens().filter(record)
    assert link not in record.getMessage() and "/board/…" in record.getMessage()


def test_history_shows_the_same_times_in_the_cli_and_on_the_item_page(
    client, token, settings, db_url, runtime
):
    """A change made at 08:15 in Việt Nam reads 08:15 everywhere, whatever the server's zone."""
    with Session(runtime.engine) as session:
        item = next(i for i in list_items(session, dept="TTRA") if i.lead == "TTRA")
    env = {"WORKPLAN_HOME": str(settings.home), "WORKPLAN_DATABASE_URL": db_url,
           "WORKPLAN_SECRET_KEY": settings.secret(), "WORKPLAN_NOW": "2020-09-20T08:15:00",
           "TZ": "America/New_York"}
    result = CliRunner().invoke(
        cli_app, ["update", str(item.id), "--status", "in_progress", "--progress", "30",
                  "--by", "Trần Văn Bình"], env=env)
    assert result.exit_code == 0, result.output
    shown = CliRunner().invoke(cli_app, ["history", str(item.id)], env=env | {"COLUMNS": "200"})
    assert "20/09/2020 08:15" in shown.stdout
    page = client.get(f"/board/{token()}/items/{item.id}").text
    assert "20/09/2020 08:15" in page
    with Session(runtime.engine) as session:
        last = history(session, item.id)[-1]
    assert last.at == datetime(2020, 9, 20, 1, 15, tzinfo=UTC)
