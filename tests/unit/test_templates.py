"""The e-mail templates: both locales, correct Vietnamese, HTML fit for Outlook and Gmail."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

import pytest

from domain.organisation import Organisation
from domain.periods import Period
from domain.reminders import Reminder, ReminderKind
from domain.report import ItemSnapshot, summarise
from notifications.previews import sample_context
from notifications.render import KINDS, one_line, render

BASE = "http://127.0.0.1:8000"


def sample(kind: str, org: Organisation, locale: str = "vi"):  # type: ignore[no-untyped-def]
    return render(kind, locale, sample_context(kind, org=org, base_url=BASE))


@pytest.mark.parametrize("locale", ["vi", "en"])
@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_renders_a_subject_one_line_html_and_plain_text(kind, locale, org):
    mail = sample(kind, org, locale)
    assert mail.subject and "\n" not in mail.subject
    assert mail.html.startswith("<!DOCTYPE html>") and "\n" not in mail.html
    assert "<br" not in mail.html
    assert mail.text.strip() and "<" not in mail.text.replace("<-", "")
    assert mail.text.endswith("\n") and "\n\n\n" not in mail.text


def test_vietnamese_mail_keeps_every_diacritic_in_composed_form(org):
    mail = sample("digest", org)
    assert mail.subject == "Tổng hợp tiến độ tuần 34/2020 — Quý III/2020"
    for text in (mail.html, mail.text):
        assert "Kính gửi" in text and "Lãnh đạo Sở" in text
        assert "Chưa hoàn thành, quá hạn" in text
        assert "Phòng Quản lý khoa học" in text
        assert unicodedata.is_normalized("NFC", text)


def test_css_is_inlined_on_the_elements_that_outlook_reads(org):
    html = sample("digest", org).html
    assert "<style" not in html  # every rule could be inlined
    cells = re.findall(r'<td class="gd[^"]*"[^>]*>', html)
    assert cells and all('style="' in cell for cell in cells)
    assert 'bgcolor="#1f4e79"' in html  # premailer adds the attribute Outlook honours


def test_progress_bars_are_table_cells_with_pixel_widths(org):
    html = sample("due-soon", org).html  # items at 70 % and 80 %, bars 50 px wide
    assert re.search(r'<td width="35" height="8" bgcolor="#2e8540"', html)
    assert re.search(r'<td width="15" height="8" bgcolor="#dfe5ec"', html)
    assert not re.search(r"<div[^>]*width:", html)  # no CSS widths on divs


def test_no_br_ends_up_between_table_tags(org):
    for kind in KINDS:
        html = sample(kind, org).html
        assert not re.search(r"<br[^>]*>\s*</?t(able|r|d|h|body)", html), kind
        assert not re.search(r"</?t(able|r|d|h|body)[^>]*>\s*<br", html), kind


def test_dates_are_written_day_month_year(org):
    mail = sample("overdue", org)
    for text in (mail.html, mail.text):
        assert "31/07/2020" in text and "14/08/2020" in text
        assert "2020-07-31" not in text


def test_text_part_reads_on_its_own_with_wrapped_lines_and_the_link(org):
    text = sample("status-request", org).text
    assert text.startswith("Kính gửi: Phòng Quản lý khoa học,\n")
    assert "chậm nhất ngày 14/08/2020" in " ".join(text.split())
    assert f"{BASE}/d/" in text
    assert max(len(line) for line in text.splitlines() if "http" not in line) <= 100
    assert " 1. Trình UBND tỉnh phê duyệt danh mục" in text


def test_digest_text_lists_each_department_with_a_text_progress_bar(org):
    text = sample("digest", org).text
    assert "  - Phòng Quản lý khoa học: 1/5 [##--------] 20%\n" in text
    assert "Hoàn thành trong tuần trước (10/08/2020 – 16/08/2020): 2 công việc" in text


def test_english_mail_uses_english_words_and_period_names(org):
    mail = sample("status-request", org, "en")
    assert mail.subject == "Progress update requested: Q3 2020 — week 33/2020"
    assert "Kính gửi" not in mail.text and "Kind regards." in mail.text


def test_task_text_is_escaped_in_html_but_not_in_text_or_subject():
    item = ItemSnapshot(
        1, "2020-07", "Họp <Hội đồng> KH&CN", "QLKH", date(2020, 7, 31), "in_progress", 40
    )
    context = {
        "org": "Sở KH&CN",
        "today": date(2020, 7, 28),
        "departments": {"QLKH": "QL <KH>"},
        "dept": "QLKH",
        "overdue": [],
        "due_today": [],
        "due_soon": [Reminder(item, ReminderKind.DUE_SOON, 3)],
        "escalated": [],
        "copied": False,
        "link": "http://x/d/t?a=1&b=2",
    }
    mail = render("due-soon", "vi", context)
    assert "Họp &lt;Hội đồng&gt; KH&amp;CN" in mail.html and "<Hội đồng>" not in mail.html
    assert 'href="http://x/d/t?a=1&amp;b=2"' in mail.html
    assert "Họp <Hội đồng> KH&CN" in mail.text and "http://x/d/t?a=1&b=2" in mail.text
    assert mail.subject == "Nhắc hạn: 1 công việc sắp đến hạn — QL <KH> — ngày 28/07/2020"
    assert "còn 3 ngày làm việc" in mail.text


def test_report_shows_the_four_classes_and_the_carry_over(org):
    items = [
        ItemSnapshot(
            1, "2020-07", "Việc một", "VP", date(2020, 7, 31), "done", 100, date(2020, 7, 20)
        ),
        ItemSnapshot(2, "2020-07", "Việc hai", "VP", date(2020, 7, 31), "in_progress", 50),
    ]
    context = {
        "org": org.name,
        "today": date(2020, 8, 1),
        "departments": {"VP": "Văn phòng Sở"},
        "summary": summarise(items, today=date(2020, 8, 1)),
        "period": Period.month(2020, 7),
        "next_period": Period.month(2020, 8),
        "carried": 1,
        "link": BASE,
    }
    mail = render("report", "vi", context)
    assert "  - Hoàn thành đúng hạn: 1\n  - Hoàn thành đúng hạn (có gia hạn): 0\n" in mail.text
    assert "  - Hoàn thành quá hạn: 0\n" in mail.text
    assert "1 công việc chưa hoàn thành được chuyển tiếp sang tháng 8/2020" in mail.text
    assert "Hoàn thành đúng hạn" in mail.html and "tháng 8/2020" in mail.html


def test_one_line_keeps_spaces_between_inline_words():
    assert (
        one_line("<p><b>5</b>\n   <i>việc</i></p>\n<table>\n <tr>\n <td>x</td></tr></table>")
        == "<p><b>5</b> <i>việc</i></p><table><tr><td>x</td></tr></table>"
    )


def test_one_line_keeps_preformatted_line_breaks_as_references():
    assert one_line("<pre>a\nb</pre>\n<p>c</p>") == "<pre>a&#10;b</pre><p>c</p>"


def test_unknown_kind_is_refused_and_unknown_locale_falls_back_to_vietnamese(org):
    with pytest.raises(ValueError, match="unknown mail kind"):
        render("newsletter", "vi", {})
    assert sample("test", org, "fr").subject.startswith("[Thử nghiệm]")
