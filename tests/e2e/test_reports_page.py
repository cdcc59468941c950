"""Leadership's report page and downloads, the department's completion date, and a form
sent to an item whose period has just closed, over HTTP (and the page in a real Chromium)."""

from __future__ import annotations

import io
import re
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlmodel import Session

from domain.periods import Period
from services.rollup import roll_up
from store.items import get_item, list_items

AUGUST_3 = datetime(2020, 8, 3, 1, 0, tzinfo=UTC)  # 08:00 in Việt Nam: July has closed
INSPECTION = "Triển khai cuộc thanh tra theo kế hoạch được phê duyệt."


def ttra_july_item(runtime) -> int:  # type: ignore[no-untyped-def]
    with Session(runtime.engine) as s:
        return next(i.id for i in list_items(s, period="2020-07") if i.text == INSPECTION)


def test_the_board_links_to_the_printable_report_and_the_excel_download(client, token):
    page = client.get(f"/board/{token()}?period=2020-Q3").text
    assert f'href="/board/{token()}/report?period=2020-Q3">Bản in báo cáo</a>' in page
    assert f'href="/board/{token()}/export.xlsx?period=2020-Q3">Tải Excel</a>' in page


def test_the_report_page_shows_the_four_classes_and_the_lists_ready_for_a4(client, token):
    answer = client.get(f"/board/{token()}/report?period=2020-07")
    assert answer.status_code == 200 and answer.headers["cache-control"] == "no-store"
    page = answer.text
    assert "Báo cáo kết quả thực hiện Chương trình công tác tháng 7/2020" in page
    for label in ("Hoàn thành đúng hạn", "Hoàn thành quá hạn", "Chưa hoàn thành, còn trong hạn",
                  "Chưa hoàn thành, quá hạn"):  # fmt: skip
        assert label in page
    assert "@page { size: A4" in page and '<nav class="toolbar no-print">' in page
    assert 'class="top"' not in page, "no site navigation on the page to print"
    assert "<h2>Chưa hoàn thành, còn trong hạn (21 công việc)</h2>" in page
    assert INSPECTION in page and "Số liệu đến ngày 20/07/2020." in page


def test_tai_excel_downloads_the_periods_workbook(client, token):
    answer = client.get(f"/board/{token()}/export.xlsx?period=2020-Q3")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert answer.headers["content-disposition"] == 'attachment; filename="bao-cao-quy-iii-2020.xlsx"'
    book = load_workbook(io.BytesIO(answer.content))
    assert book.sheetnames[0] == "Tổng hợp" and book["Tổng hợp"]["A1"].value == "Đơn vị"


def test_the_report_and_the_download_are_for_leadership_only(client, token):
    assert client.get(f"/board/{token('TTRA')}/report").status_code == 403
    assert client.get(f"/board/{token('TTRA')}/export.xlsx").status_code == 403


def test_an_unknown_period_or_format_gets_one_clear_message(client, token):
    answer = client.get(f"/board/{token()}/report?period=2021-Q1")
    assert answer.status_code == 400 and "chưa có công việc nào của Quý I/2021" in answer.text
    answer = client.get(f"/board/{token()}/export.pdf?period=2020-07")
    assert answer.status_code == 400 and "Vui lòng chọn xlsx, csv hoặc ics (đã nhập: pdf)" in answer.text


def test_a_department_gives_the_day_it_finished_an_item(client, token, form_of, runtime):
    link, item_id = token("TTRA"), ttra_july_item(runtime)
    page = client.get(f"/d/{link}").text
    assert 'type="date" name="done_on" max="2020-07-20"' in page
    fields = form_of(page, item_id) | {"status": "done", "done_on": "2020-07-21"}
    refused = client.post(f"/d/{link}/items/{item_id}", data=fields)
    assert refused.status_code == 400 and "không được sau ngày hôm nay (20/07/2020)" in refused.text
    fields["done_on"] = "2020-07-17"
    assert client.post(f"/d/{link}/items/{item_id}", data=fields).status_code == 303
    with Session(runtime.engine) as s:
        assert get_item(s, item_id).done_on == date(2020, 7, 17)


def test_a_form_sent_after_closing_lands_on_the_continuation_and_says_so(
    client, token, form_of, runtime, clock
):
    link, item_id = token("TTRA"), ttra_july_item(runtime)
    fields = form_of(client.get(f"/d/{link}").text, item_id)
    clock.now = AUGUST_3
    roll_up(runtime, Period.month(2020, 7))
    fields |= {"status": "in_progress", "progress": "60", "note": "Đã làm việc với 2 đơn vị"}
    answer = client.post(f"/d/{link}/items/{item_id}", data=fields)
    assert answer.status_code == 303
    moved_to = int(re.search(r"saved=(\d+)", answer.headers["location"])[1])  # type: ignore[index]
    assert f"moved={item_id}" in answer.headers["location"] and moved_to != item_id
    page = client.get(answer.headers["location"]).text
    assert (f"Công việc số {item_id} thuộc kỳ đã khóa sổ; nội dung đã được lưu vào công việc số "
            f"{moved_to} (chuyển tiếp sang tháng 8/2020).") in page  # fmt: skip
    with Session(runtime.engine) as s:
        assert (get_item(s, item_id).progress, get_item(s, moved_to).progress) == (0, 60)


def test_the_api_takes_a_completion_date_and_names_the_continuation(client, token, runtime, clock):
    item_id, auth = ttra_july_item(runtime), {"Authorization": f"Bearer {token('TTRA')}"}
    body = {"status": "done", "done_on": "2020-07-15", "version": 1}
    answer = client.post(f"/api/v1/items/{item_id}/status", json=body, headers=auth)
    assert answer.status_code == 200 and answer.json()["done_on"] == "2020-07-15"
    other = next(i for i in client.get("/api/v1/items?period=2020-07&dept=TTRA",
                                       headers=auth).json() if i["id"] != item_id)  # fmt: skip
    clock.now = AUGUST_3
    roll_up(runtime, Period.month(2020, 7))
    body = {"status": "in_progress", "progress": 10, "version": other["version"]}
    answer = client.post(f"/api/v1/items/{other['id']}/status", json=body, headers=auth)
    assert answer.status_code == 200 and answer.json()["carried_from"] == other["id"]
    assert answer.headers["content-location"] == f"/api/v1/items/{answer.json()['id']}"


@pytest.mark.browser
def test_chromium_prints_the_report_on_a4_without_the_toolbar(client, token, tmp_path: Path):
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(executable).exists():
        pytest.skip("Chromium not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    html = client.get(f"/board/{token()}/report?period=2020-07").text
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, headless=True,
                                     args=["--headless", "--no-sandbox", "--disable-gpu"])  # fmt: skip
        page = browser.new_page()
        page.set_content(html)
        assert page.locator("nav.toolbar").is_visible()
        page.emulate_media(media="print")
        assert not page.locator("nav.toolbar").is_visible()
        pdf = page.pdf(prefer_css_page_size=True)
        browser.close()
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert boxes and all(abs(float(w) - 595.3) < 1 and abs(float(h) - 841.9) < 1 for w, h in boxes)
    (tmp_path / "bao-cao.pdf").write_bytes(pdf)
