"""Weekly schedules (lịch công tác tuần): entries are meetings on their day."""

from datetime import date

import pytest

from domain.parsing import parse
from domain.periods import Period
from domain.problems import InputError

HEAD = "SỞ KHOA HỌC VÀ CÔNG NGHỆ\nLỊCH CÔNG TÁC TUẦN\n(Từ ngày 28/4/2025 đến ngày 02/5/2025)\n\n"


def test_each_entry_is_a_meeting_in_the_month_of_its_day_due_that_day():
    text = HEAD + (
        "Thứ Hai (28/4)\nSÁNG:\n- 8h00: Họp giao ban Lãnh đạo Sở.\n"
        "  Thành phần: Lãnh đạo Sở.\n  Địa điểm: Phòng họp tầng 2.\n"
        "CHIỀU:\n- 14h00: Làm việc với Chi cục TĐC.\n"
        "Thứ Sáu (02/5)\n- 8h00: Kiểm tra đo lường xăng dầu.\n"
    )
    programme = parse(text)
    assert [(t.period, t.section, t.text, t.due_hint, t.group) for t in programme.tasks] == [
        (Period.month(2025, 4), "meeting", "8h00: Họp giao ban Lãnh đạo Sở.", "28/04/2025",
         "Thứ Hai (28/4)"),
        (Period.month(2025, 4), "meeting", "14h00: Làm việc với Chi cục TĐC.", "28/04/2025",
         "Thứ Hai (28/4)"),
        (Period.month(2025, 5), "meeting", "8h00: Kiểm tra đo lường xăng dầu.", "02/05/2025",
         "Thứ Sáu (02/5)"),
    ]  # fmt: skip
    assert programme.periods == (Period.month(2025, 4), Period.month(2025, 5))
    assert "28/4/2025" in programme.title


def test_two_weeks_of_one_month_are_two_programmes():
    from domain.revisions import identity

    other = HEAD.replace("28/4/2025", "21/4/2025").replace("02/5/2025", "25/4/2025")
    one = parse(HEAD + "Thứ Hai (28/4)\n- Họp giao ban.\n")
    two = parse(other + "Thứ Hai (21/4)\n- Họp giao ban.\n")
    assert identity(one) != identity(two)


@pytest.mark.parametrize(
    ("body", "what"),
    [
        ("- Họp giao ban.\n", "không thấy tiêu đề ngày"),
        ("- Họp giao ban.\nThứ Hai (28/4)\n- Kiểm tra.\n", "không thuộc ngày nào"),
        ("Thứ Ba (28/4)\n- Họp giao ban.\n", "không đúng thứ của ngày 28/04/2025"),
    ],
)
def test_a_schedule_read_without_confidence_is_refused_saying_what(body, what):
    with pytest.raises(InputError) as caught:
        parse(HEAD + body)
    assert caught.value.code == "unreadable_schedule" and what in caught.value.params["what"]


def test_an_entry_is_due_on_its_day(org):
    from domain.planning import plan_import

    plan = plan_import(parse(HEAD + "Thứ Tư (30/4)\n- 8h00: Trực lễ.\n"), org)
    assert plan.items[0].due == date(2025, 4, 30)
