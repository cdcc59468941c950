"""Who answered a round of status requests, and who is chased."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from domain.chasing import DeptResponse, StatusRound, assess_round

ASKED = datetime(2020, 7, 30, 8, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
ROUND = StatusRound(
    asked_at=ASKED,
    requested={
        "VP": frozenset({1, 2, 3, 4}),
        "TTRA": frozenset({10, 11}),
        "KHTC": frozenset({20}),
        "QLKH": frozenset(),  # nothing open: not asked
    },
)


def test_a_department_that_updated_none_of_its_items_is_chased():
    response = assess_round(ROUND, updated={1, 20})
    assert response.to_chase == ("TTRA",)


def test_one_updated_item_is_enough_to_count_as_an_answer():
    response = assess_round(ROUND, updated={2})
    vp = next(d for d in response.departments if d.dept == "VP")
    assert vp.answered and vp.percent == 25


def test_updates_to_items_nobody_asked_about_answer_nothing():
    response = assess_round(ROUND, updated={99, 100})
    assert response.to_chase == ("KHTC", "TTRA", "VP")
    assert response.answered == 0 and response.percent == 0


def test_the_response_rate_counts_answered_departments_among_those_asked():
    response = assess_round(ROUND, updated={1, 2, 3, 4, 10})
    assert (response.answered, response.asked, response.percent) == (2, 3, 67)
    assert response.departments == (
        DeptResponse("KHTC", 1, 0),
        DeptResponse("TTRA", 2, 1),
        DeptResponse("VP", 4, 4),
    )
    assert [d.percent for d in response.departments] == [0, 50, 100]


def test_a_department_with_nothing_to_report_is_neither_asked_nor_chased():
    response = assess_round(ROUND, updated=set())
    assert "QLKH" not in {d.dept for d in response.departments}
    assert "QLKH" not in response.to_chase


def test_a_round_that_asked_nobody_has_a_rate_of_zero_and_chases_nobody():
    response = assess_round(StatusRound(ASKED, {}), updated={1})
    assert (response.asked, response.percent, response.to_chase) == (0, 0, ())
    assert response.asked_at == ASKED
