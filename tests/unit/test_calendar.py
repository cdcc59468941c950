from datetime import date

from domain.calendar import WorkCalendar
from domain.periods import Period

CAL = WorkCalendar()


def test_national_day_2_september_2020_is_a_holiday():
    assert not CAL.is_working_day(date(2020, 9, 2))
    assert CAL.holiday_name(date(2020, 9, 2)) == "Quốc khánh"
    assert CAL.is_working_day(date(2020, 9, 3))


def test_weekends_are_not_working_days():
    assert not CAL.is_working_day(date(2020, 8, 1))  # Saturday
    assert not CAL.is_working_day(date(2020, 8, 2))  # Sunday


def test_2025_substitute_day_and_make_up_saturday():
    assert not CAL.is_working_day(date(2025, 5, 2))  # off, in exchange for Saturday 26/4
    assert CAL.is_working_day(date(2025, 4, 26))  # the make-up Saturday
    assert not CAL.is_working_day(date(2025, 9, 1))


def test_2026_substitute_days_and_make_up_saturday():
    assert not CAL.is_working_day(date(2026, 4, 27))  # Giỗ Tổ substitute
    assert not CAL.is_working_day(date(2026, 8, 31))  # off, in exchange for Saturday 22/8
    assert CAL.is_working_day(date(2026, 8, 22))


def test_the_organisation_can_add_days_off_and_working_days():
    cal = WorkCalendar.from_lists([date(2020, 9, 3)], [date(2020, 9, 5)])
    assert not cal.is_working_day(date(2020, 9, 3))
    assert cal.is_working_day(date(2020, 9, 5))


def test_last_working_day_of_a_period_skips_weekends_and_holidays():
    assert CAL.last_working_day(Period.month(2020, 7)) == date(2020, 7, 31)  # Friday
    assert CAL.last_working_day(Period.month(2020, 5)) == date(2020, 5, 29)  # 31st is Sunday
    assert CAL.last_working_day(Period.quarter(2020, 3)) == date(2020, 9, 30)
    assert CAL.last_working_day(Period(2025, "year")) == date(2025, 12, 31)


def test_adding_working_days_steps_over_the_national_day():
    assert CAL.add_working_days(date(2020, 9, 1), 1) == date(2020, 9, 3)
    assert CAL.add_working_days(date(2020, 9, 3), -1) == date(2020, 9, 1)
    assert CAL.add_working_days(date(2020, 7, 31), 1) == date(2020, 8, 3)
    assert CAL.add_working_days(date(2020, 7, 31), 0) == date(2020, 7, 31)


def test_working_days_between_counts_only_working_days():
    assert CAL.working_days_between(date(2020, 8, 28), date(2020, 9, 4)) == 4  # 31/8, 1/9, 3/9, 4/9
    assert CAL.working_days_between(date(2020, 9, 4), date(2020, 8, 28)) == -4
