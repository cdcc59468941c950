"""Due dates of tasks (domain.due)."""

from datetime import date

import pytest

from domain.calendar import WorkCalendar
from domain.due import Due, due_date
from domain.periods import Period
from domain.problems import InputError, Notice

CAL = WorkCalendar()
Q3 = Period.quarter(2020, 3)
Q4_2021 = Period.quarter(2021, 4)
JULY = Period.month(2020, 7)


@pytest.mark.parametrize(
    ("text", "period", "day"),
    [
        ("Hoàn thành báo cáo trước ngày 25/11/2021.", Q4_2021, date(2021, 11, 25)),
        ("Tổ chức hội nghị tổng kết ngày 01/12/2021.", Q4_2021, date(2021, 12, 1)),
        ("Tổ chức hội thảo khoa học (dự kiến ngày 23/11/2021).", Q4_2021, date(2021, 11, 23)),
        ("Nộp báo cáo trước 15/7.", JULY, date(2020, 7, 15)),
        ("Kiểm tra hàng hóa trong tháng 8.", Q3, date(2020, 8, 31)),
        ("Kiểm tra hàng hóa, hoàn thành tháng 8/2020.", Q3, date(2020, 8, 31)),
        ("Tổng kết đợt kiểm tra, hoàn thành trước 30/9/2020.", Q3, date(2020, 9, 30)),
        ("Hoàn thành ngày 25 tháng 8 năm 2020.", Q3, date(2020, 8, 25)),
        ("Nộp báo cáo trước 25.9.2020.", Q3, date(2020, 9, 25)),
        ("Triển khai từ ngày 01/8/2020 đến ngày 20/8/2020.", Q3, date(2020, 8, 20)),
    ],
)
def test_a_date_in_the_text_is_the_due_date(text, period, day):
    assert due_date(text, period, CAL) == Due(day, True, ())


def test_the_strongest_introducer_wins():
    text = "Họp ngày 10/9/2020 (dự kiến ngày 15/9/2020), gửi báo cáo trước ngày 25/9/2020."
    assert due_date(text, Q3, CAL).day == date(2020, 9, 25)
    assert due_date("Họp ngày 10/9/2020, dự kiến 15/9/2020.", Q3, CAL).day == date(2020, 9, 15)


@pytest.mark.parametrize(
    ("hint", "day"),
    [
        ("Quý III/2020", date(2020, 9, 30)),
        ("tháng 8/2020", date(2020, 8, 31)),
        ("Tháng 8", date(2020, 8, 31)),
        ("Trước 15/9/2020", date(2020, 9, 15)),
        ("Tháng 7, 8, 9/2020", date(2020, 9, 30)),
    ],
)
def test_a_hint_names_the_due_date(hint, day):
    got = due_date("Kiểm tra hàng hóa trước ngày 20/8/2020.", Q3, CAL, hint=hint)
    assert (got.day, got.explicit, got.notices) == (day, True, ())


def test_a_hint_without_a_date_leaves_it_to_the_text():
    got = due_date("Kiểm tra hàng hóa trước ngày 20/8/2020.", Q3, CAL, hint="Thường xuyên")
    assert (got.day, got.explicit) == (date(2020, 8, 20), True)


@pytest.mark.parametrize(
    "text",
    [
        "Tổ chức hội nghị tuyên truyền các văn bản quy phạm pháp luật về đo lường (Thông tư "
        "07/2019/TT-BKHCN sửa đổi bổ sung Thông tư số 23/2013/TT-BKHCN ngày 26/9/2013 của Bộ Khoa "
        "học và Công nghệ quy định về đo lường đối với phương tiện đo nhóm 2 và một số văn bản về "
        "đo lường).",
        "Triển khai Quyết định số 123/QĐ-UBND ngày 05/6/2020 của UBND tỉnh.",
        "Thực hiện Công văn ngày 12/8/2020 của Bộ Khoa học và Công nghệ.",
        "Rà soát hồ sơ số 15/7 theo yêu cầu.",
        "Họp định kỳ: Họp lãnh đạo Sở, họp giao ban kỳ tháng 7, 8, 9/2020.",
        "Kiểm tra hàng hóa từ ngày 01/8/2020.",
    ],
)
def test_references_and_mentions_are_not_due_dates(text):
    assert due_date(text, Q3, CAL) == Due(date(2020, 9, 30), False, ())


@pytest.mark.parametrize(
    ("period", "day"),
    [
        (Q3, date(2020, 9, 30)),
        (Period.month(2020, 8), date(2020, 8, 31)),  # a Monday
        (Period.month(2020, 5), date(2020, 5, 29)),  # 30-31 May 2020 are a weekend
    ],
)
def test_without_a_date_the_period_s_last_working_day(period, day):
    assert due_date("Triển khai cuộc thanh tra theo kế hoạch.", period, CAL) == Due(day, False, ())


@pytest.mark.parametrize(
    ("text", "written"),
    [("Nộp báo cáo trước 31/02.", "31/02"), ("Họp ngày 30/02/2021.", "30/02/2021")],
)
def test_an_impossible_date_is_refused(text, written):
    with pytest.raises(InputError) as err:
        due_date(text, Q3, CAL, line=14)
    assert (err.value.code, err.value.params) == ("bad_date", {"text": written, "line": 14})


def test_a_date_outside_the_period_is_kept_with_a_notice():
    text = "Báo cáo kết quả trước ngày 15/3/2020."
    got = due_date(text, Q3, CAL, line=5)
    assert (got.day, got.explicit) == (date(2020, 3, 15), True)
    params = {"due": "15/03/2020", "text": text, "line": 5, "period": "Quý III/2020"}
    assert got.notices == (Notice("due_outside_period", params),)


def test_a_report_due_soon_after_the_period_is_not_flagged():
    got = due_date("Gửi báo cáo quý trước ngày 05/10/2020.", Q3, CAL)
    assert (got.day, got.notices) == (date(2020, 10, 5), ())


@pytest.mark.parametrize(
    "text",
    [
        "Phấn đấu 1/2 số cửa hàng xăng dầu được kiểm tra.",
        "Kiểm tra 3/5 chợ trên địa bàn thành phố.",
        "Triển khai Quyết định số 2068-QĐ/UBND ngày 27/11/2019 của UBND tỉnh.",
        "Thực hiện Thông tư của Bộ Khoa học và Công nghệ ban hành ngày 26/9/2013.",
    ],
)
def test_fractions_and_earlier_documents_are_not_due_dates(text):
    assert due_date(text, Q3, CAL) == Due(date(2020, 9, 30), False, ())


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Tổ chức hội chợ công nghệ ngày 15-16/9/2020.", date(2020, 9, 16)),
        ("Kiểm tra hàng hóa trong tháng 8 và tháng 9/2020.", date(2020, 9, 30)),
        ("Kiểm tra chất lượng xăng dầu từ tháng 7 đến tháng 8.", date(2020, 8, 31)),
    ],
)
def test_a_range_is_due_at_its_later_end(text, day):
    assert due_date(text, Q3, CAL).day == day
