"""What the jobs' mail and names are made of, without a database: overdue items marked in
every kind of mail, a layout that reads on a phone, the footer, the keys of a run."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from domain.digest import Week
from domain.periods import Period
from domain.reminders import Reminder, ReminderKind
from domain.report import ItemSnapshot
from notifications.previews import sample_context
from notifications.render import render
from services.jobs import week_key
from services.mailing import is_address, recipients
from workflows.jobs import FLOWS, entrypoint
from workplan.cli.job_report import parse_moment

BASE = "http://wp.test"
LATE = ItemSnapshot(7, "2020-07", "Việc đã quá hạn.", "QLKH", date(2020, 7, 31), "in_progress", 40)
SOON = ItemSnapshot(8, "2020-Q3", "Việc còn hạn.", "QLKH", date(2020, 9, 30), "not_started", 0)
COMMON = {
    "org": "Sở KH&CN",
    "today": date(2020, 8, 14),
    "departments": {"QLKH": "Phòng Quản lý khoa học"},
    "office": {"name": "Văn phòng Sở", "email": "vanphong@sokhcn.example.vn"},
    "dept": "QLKH",
    "link": f"{BASE}/d/token",
}


def contexts() -> dict[str, dict]:
    """Each kind a department receives, with one overdue item in it."""
    late = Reminder(LATE, ReminderKind.OVERDUE, 10)
    asked = {"period": Period.quarter(2020, 3), "items": [LATE, SOON],
             "reply_by": date(2020, 8, 14), "week": Week.of(date(2020, 8, 14))}
    return {
        "overdue": COMMON | {"overdue": [late], "due_today": [], "due_soon": [],
                             "escalated": [], "copied": False},
        "status-request": COMMON | asked,
        "chaser": COMMON | asked | {"periods": [Period.quarter(2020, 3)],
                                    "requested_on": date(2020, 8, 13)},
    }


@pytest.mark.parametrize("kind", ["overdue", "status-request", "chaser"])
@pytest.mark.parametrize("locale", ["vi", "en"])
def test_every_kind_marks_the_overdue_item_and_only_that_one(kind, locale):
    mail = render(kind, locale, contexts()[kind])
    word = "quá hạn" if locale == "vi" else "overdue"
    text_lines = mail.text.splitlines()
    marked = [n for n, line in enumerate(text_lines) if word in line.lower() and "31/07" in line]
    assert marked, mail.text
    assert not any(word in line.lower() and "30/09" in line for line in text_lines)
    assert 'class="late-row"' in mail.html or "#fdf1f0" in mail.html  # the row is tinted


@pytest.mark.parametrize("kind", ["due-soon", "status-request", "chaser", "digest", "escalation"])
def test_the_card_is_fluid_up_to_640_pixels_with_a_fixed_one_for_outlook(kind, org):
    html = render(kind, "vi", sample_context(kind, org=org, base_url=BASE)).html
    assert "max-width:640px" in html and 'width="100%"' in html
    assert '<!--[if mso]><table role="presentation" width="640"' in html


def test_the_footer_names_the_office_to_contact_and_says_the_mail_was_automatic(org):
    mail = render("status-request", "vi", sample_context("status-request", org=org, base_url=BASE))
    for text in (" ".join(mail.text.split()), mail.html):
        assert "gửi tự động" in text
        assert "Văn phòng Sở (vanphong@sokhcn.example.vn)" in text
        assert "Vui lòng không trả lời" not in text and "Hãy" not in text and "hãy" not in text


def test_a_run_is_keyed_by_its_iso_week_and_a_moment_is_read_as_people_write_it():
    assert week_key(date(2020, 7, 20)) == "2020W30"
    assert week_key(date(2020, 12, 31)) == "2020W53"
    assert parse_moment("2020-07-15T08:00") == datetime(2020, 7, 15, 8, 0)
    assert parse_moment("2020-07-15") == date(2020, 7, 15)
    assert parse_moment(None) is None
    with pytest.raises(ValueError):
        parse_moment("15/07/2020")


def test_flows_are_named_by_text_and_deployed_by_module_path():
    assert FLOWS["rollup"] == "workflows.rollup:rollup_flow"
    assert entrypoint("digest") == "workflows.digest.digest_flow"
    assert set(FLOWS) == {"remind", "collect", "chase", "digest", "rollup"}


def test_only_usable_addresses_are_kept_once_each():
    assert is_address("qlkh@sokhcn.example.vn")
    assert not any(map(is_address, ("", "qlkh", "a b@x.vn", "<x@y.vn>", "x@localhost")))
    assert recipients([" gd@x.vn", "", "gd@x.vn", "pgd@x.vn"]) == ("gd@x.vn", "pgd@x.vn")
