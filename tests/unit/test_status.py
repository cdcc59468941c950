from datetime import date

import pytest

from domain.problems import InputError
from domain.status import ReportClass, Status, classify, label, parse_status, plan_change


def test_statuses_have_vietnamese_labels_and_parse_from_them():
    assert label("done") == "Hoàn thành"
    assert parse_status("Đang thực hiện") is Status.IN_PROGRESS
    assert parse_status("dang thuc hien") is Status.IN_PROGRESS
    assert parse_status("blocked") is Status.BLOCKED


def test_unknown_status_is_refused():
    with pytest.raises(InputError) as err:
        parse_status("finished")
    assert err.value.code == "unknown_status"


def test_done_means_full_progress():
    change = plan_change(
        current=Status.IN_PROGRESS, current_progress=40, status="done", progress=None, note=None
    )
    assert (change.status, change.progress) == (Status.DONE, 100)


@pytest.mark.parametrize(
    ("status", "progress", "code"),
    [
        ("in_progress", 150, "bad_progress"),
        ("in_progress", -1, "bad_progress"),
        ("done", 50, "done_needs_full_progress"),
        ("not_started", 30, "not_started_with_progress"),
        ("in_progress", 100, "in_progress_at_full"),
    ],
)
def test_impossible_changes_are_refused(status, progress, code):
    with pytest.raises(InputError) as err:
        plan_change(
            current=Status.NOT_STARTED,
            current_progress=0,
            status=status,
            progress=progress,
            note=None,
        )
    assert err.value.code == code


def test_reopening_a_done_item_lowers_its_progress():
    change = plan_change(
        current=Status.DONE, current_progress=100, status="in_progress", progress=None, note="x"
    )
    assert change.progress == 90


def test_report_classes():
    due = date(2020, 7, 31)
    assert (
        classify(status=Status.DONE, due=due, done_on=date(2020, 7, 30), today=date(2020, 8, 5))
        is ReportClass.DONE_ON_TIME
    )
    assert (
        classify(status=Status.DONE, due=due, done_on=date(2020, 8, 3), today=date(2020, 8, 5))
        is ReportClass.DONE_LATE
    )
    assert (
        classify(status=Status.IN_PROGRESS, due=due, done_on=None, today=due)
        is ReportClass.OPEN_NOT_DUE
    )
    assert (
        classify(status=Status.BLOCKED, due=due, done_on=None, today=date(2020, 8, 1))
        is ReportClass.OPEN_OVERDUE
    )
    assert classify(status=Status.CANCELLED, due=due, done_on=None, today=date(2020, 8, 1)) is None
