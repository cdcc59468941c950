from datetime import date

import pytest

from domain.periods import Period, find_periods, parse_period
from domain.problems import InputError


def test_keys_and_vietnamese_names_of_each_kind():
    assert [
        (p.key, p.name())
        for p in (
            Period.month(2020, 7),
            Period.quarter(2020, 3),
            Period(2020, "year"),
            Period(2020, "half", 1),
        )
    ] == [
        ("2020-07", "tháng 7/2020"),
        ("2020-Q3", "Quý III/2020"),
        ("2020", "năm 2020"),
        ("2020-H1", "6 tháng đầu năm 2020"),
    ]


def test_english_names_are_the_second_locale():
    assert Period.month(2020, 7).name("en") == "July 2020"
    assert Period.quarter(2020, 4).name("en") == "Q4 2020"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("2020-Q4", "2020-Q4"),
        ("Quý IV/2020", "2020-Q4"),
        ("quy iv/2020", "2020-Q4"),
        ("Quý 4 năm 2020", "2020-Q4"),
        ("2020-07", "2020-07"),
        ("tháng 7/2020", "2020-07"),
        ("Tháng 12 năm 2021", "2021-12"),
        ("2020", "2020"),
        ("năm 2020", "2020"),
        ("6 tháng đầu năm 2020", "2020-H1"),
        ("6 tháng cuối năm 2020", "2020-H2"),
    ],
)
def test_periods_parse_from_keys_and_as_documents_write_them(text, key):
    assert parse_period(text).key == key


@pytest.mark.parametrize(
    "text", ["Quý V/2020", "2020-13", "tháng 13/2020", "hôm qua", "", "2020-Q0"]
)
def test_unknown_periods_are_refused_with_their_text(text):
    with pytest.raises(InputError) as err:
        parse_period(text)
    assert err.value.code == "unknown_period"
    assert err.value.params["text"] == text


def test_a_header_names_a_month_and_a_quarter_sharing_one_year():
    found = find_periods("Công tác tháng 7 và Quý III năm 2020")
    assert [p.key for p in found] == ["2020-07", "2020-Q3"]


def test_a_month_list_becomes_one_period_per_month():
    assert [p.key for p in find_periods("họp giao ban kỳ tháng 7, 8, 9/2020")] == [
        "2020-07",
        "2020-08",
        "2020-09",
    ]


def test_a_period_without_year_takes_the_default_year():
    assert [p.key for p in find_periods("6 tháng đầu năm", default_year=2020)] == ["2020-H1"]
    assert find_periods("6 tháng đầu năm") == []


def test_period_bounds_next_and_parent():
    july = Period.month(2020, 7)
    assert (july.start, july.end) == (date(2020, 7, 1), date(2020, 7, 31))
    assert Period.month(2020, 2).end == date(2020, 2, 29)
    assert july.next().key == "2020-08"
    assert Period.month(2020, 12).next().key == "2021-01"
    assert Period.quarter(2020, 4).next().key == "2021-Q1"
    assert july.parent == Period.quarter(2020, 3)
    assert july.within(Period.quarter(2020, 3)) and not july.within(Period.quarter(2020, 2))
    assert Period.quarter(2020, 3).contains(date(2020, 9, 30))
    assert not Period.quarter(2020, 3).contains(date(2020, 10, 1))


def test_a_month_sorts_before_its_quarter():
    periods = [Period.quarter(2020, 3), Period.month(2020, 8), Period.month(2020, 7)]
    assert [p.key for p in sorted(periods, key=lambda p: p.sort_key)] == [
        "2020-07",
        "2020-Q3",
        "2020-08",
    ]
