"""Reading the schedule file: the shipped one works, a wrong one is refused precisely."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from apscheduler.triggers.cron import CronTrigger

from config.schedule import DEFAULT_SCHEDULE, JOBS, load_schedule, parse_schedule
from domain.messages import render
from domain.problems import InputError
from domain.reminders import ReminderRules

SHIPPED = DEFAULT_SCHEDULE.read_text(encoding="utf-8")
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def refused(text: str) -> InputError:
    with pytest.raises(InputError) as caught:
        parse_schedule(text)
    return caught.value


def edited(old: str, new: str) -> str:
    assert old in SHIPPED
    return SHIPPED.replace(old, new, 1)


def line_of(text: str) -> int:
    """The 1-based line of the shipped file where ``text`` first appears."""
    return SHIPPED[: SHIPPED.index(text)].count("\n") + 1


def next_run(job: str, after: datetime) -> datetime:
    schedule = load_schedule()
    trigger = CronTrigger.from_crontab(schedule.job(job).cron, timezone=schedule.zone)
    return trigger.get_next_fire_time(None, after)


def test_the_shipped_schedule_loads_with_every_job_and_the_usual_rules():
    schedule = load_schedule()
    assert schedule.timezone == "Asia/Ho_Chi_Minh"  # the organisation's, by default
    assert tuple(job.name for job in schedule.jobs) == JOBS
    assert schedule.job("remind").cron == "0 8 * * mon-fri"
    assert schedule.job("remind").misfire_grace == 3600
    assert schedule.job("digest").misfire_grace == 3 * 24 * 3600
    assert schedule.reminders == ReminderRules(
        days_before=(3, 1, 0), overdue_every=3, escalate_after=5
    )
    assert schedule.reply_working_days == 1  # Thursday's request is due on Friday


def test_the_shipped_jobs_fire_at_their_hours_in_vietnam():
    friday_noon = datetime(2020, 7, 31, 12, 0, tzinfo=HCM)
    assert next_run("remind", friday_noon) == datetime(2020, 8, 3, 8, 0, tzinfo=HCM)
    assert next_run("chase", friday_noon) == datetime(2020, 7, 31, 15, 0, tzinfo=HCM)
    assert next_run("collect", friday_noon) == datetime(2020, 8, 6, 8, 0, tzinfo=HCM)
    assert next_run("digest", friday_noon) == datetime(2020, 8, 3, 8, 0, tzinfo=HCM)
    assert next_run("rollup", friday_noon) == datetime(2020, 8, 1, 7, 0, tzinfo=HCM)


def test_an_unknown_job_is_refused_with_the_known_ones_listed():
    problem = refused(edited("[jobs.chase]", "[jobs.chaser]"))
    assert problem.code == "schedule_unknown_job"
    assert problem.params["job"] == "chaser"
    assert problem.params["known"] == "remind, collect, chase, digest, rollup"
    assert problem.params["line"] == line_of("[jobs.chase]")
    assert "(đã nhập: chaser)" in render(problem.code, "vi", **problem.params)


def test_a_cron_expression_with_four_fields_is_refused_naming_the_job():
    problem = refused(edited('cron = "0 15 * * fri"', 'cron = "0 15 * fri"'))
    assert problem.code == "schedule_bad_cron"
    assert (problem.params["job"], problem.params["value"]) == ("chase", "0 15 * fri")
    assert problem.params["line"] == line_of('cron = "0 15 * * fri"')


def test_a_cron_expression_with_an_impossible_hour_is_refused():
    problem = refused(edited('cron = "0 7 * * *"', 'cron = "0 25 * * *"'))
    assert (problem.code, problem.params["job"]) == ("schedule_bad_cron", "rollup")


def test_weekdays_written_as_numbers_are_refused_because_they_would_run_a_day_late():
    problem = refused(edited('cron = "0 8 * * mon-fri"', 'cron = "0 8 * * 1-5"'))
    assert problem.code == "schedule_numeric_weekday"
    assert (problem.params["job"], problem.params["value"]) == ("remind", "0 8 * * 1-5")


def test_numbers_in_the_other_fields_and_a_weekday_step_are_accepted():
    text = edited('cron = "0 8 * * mon-fri"', 'cron = "*/15 8-9 1-28 * */2"')
    assert parse_schedule(text).job("remind").cron == "*/15 8-9 1-28 * */2"


def test_an_unknown_time_zone_is_refused_with_the_value_entered_and_its_line():
    problem = refused('timezone = "Asia/Ha_Noi"\n' + SHIPPED)
    assert problem.code == "unknown_timezone"
    assert (problem.params["zone"], problem.params["line"]) == ("Asia/Ha_Noi", 1)


def test_the_jobs_run_in_the_organisations_zone_and_a_file_naming_another_is_refused():
    assert parse_schedule(SHIPPED, zone="Asia/Bangkok").timezone == "Asia/Bangkok"
    same = 'timezone = "Asia/Ho_Chi_Minh"\n' + SHIPPED
    assert parse_schedule(same, zone="Asia/Ho_Chi_Minh").timezone == "Asia/Ho_Chi_Minh"
    with pytest.raises(InputError) as caught:
        parse_schedule('timezone = "UTC"\n' + SHIPPED, zone="Asia/Ho_Chi_Minh")
    assert caught.value.code == "schedule_timezone_mismatch"
    assert caught.value.params["value"] == "UTC" and caught.value.params["line"] == 1
    message = render(caught.value.code, "vi", **caught.value.params)
    assert "WORKPLAN_TIMEZONE" in message and "(đã nhập: UTC)" in message


@pytest.mark.parametrize(
    ("old", "new", "name", "value"),
    [
        ("misfire_grace = 3600", "misfire_grace = 0", "jobs.remind.misfire_grace", 0),
        ("misfire_grace = 3600", 'misfire_grace = "3600"', "jobs.remind.misfire_grace", "3600"),
        ("overdue_every = 3", "overdue_every = -3", "reminders.overdue_every", -3),
        ("escalate_after = 5", "escalate_after = 0", "reminders.escalate_after", 0),
        ("escalate_after = 5", "escalate_after = true", "reminders.escalate_after", True),
        ("days_before = [3, 1, 0]", "days_before = [3, -1]", "reminders.days_before", -1),
        ("reply_working_days = 1", "reply_working_days = 0", "collect.reply_working_days", 0),
    ],
)
def test_a_number_below_its_minimum_or_not_a_whole_number_is_refused(old, new, name, value):
    problem = refused(edited(old, new))
    assert problem.code == "schedule_bad_number"
    assert (problem.params["name"], problem.params["value"]) == (name, value)
    assert problem.params["line"] == line_of(old)


def test_zero_working_days_before_the_due_date_means_on_the_day_and_is_accepted():
    text = edited("days_before = [3, 1, 0]", "days_before = [0, 5, 5]")
    assert parse_schedule(text).reminders.days_before == (5, 0)


def test_a_toml_syntax_error_gives_its_line_number():
    lines = SHIPPED.splitlines()
    broken = lines.index("overdue_every = 3        # after the first working day past due, every 3 working days")
    lines[broken] = "overdue_every = three"
    problem = refused("\n".join(lines))
    assert (problem.code, problem.params["line"]) == ("schedule_toml_syntax", broken + 1)
    assert f"dòng {broken + 1}" in render(problem.code, "vi", **problem.params)


def test_a_toml_error_at_the_end_of_the_file_points_to_the_last_line():
    problem = refused('timezone = "Asia/Ho_Chi_Minh"\n[collect]\nreply_working_days =')
    assert (problem.code, problem.params["line"]) == ("schedule_toml_syntax", 3)


def test_a_missing_job_or_setting_is_named_with_its_full_key():
    assert refused(SHIPPED.split("[jobs.rollup]")[0]).params["key"] == "jobs.rollup"
    problem = refused(edited("misfire_grace = 10800", ""))
    assert (problem.code, problem.params["key"]) == ("schedule_missing_key", "jobs.chase.misfire_grace")
    assert "line" not in problem.params  # nothing to point at


def test_a_misspelt_setting_is_refused_rather_than_silently_defaulted():
    problem = refused(edited("overdue_every = 3", "overdue_evry = 3"))
    assert problem.code == "schedule_unknown_key"
    assert problem.params["key"] == "reminders.overdue_evry"
    assert problem.params["line"] == line_of("overdue_every = 3")


def test_a_job_written_as_a_value_instead_of_a_table_is_refused():
    text = 'timezone = "Asia/Ho_Chi_Minh"\n[jobs]\nremind = "0 8 * * mon-fri"\n'
    problem = refused(text)
    assert (problem.code, problem.params["key"]) == ("schedule_not_a_table", "jobs.remind")
    assert problem.params["line"] == 3


def test_a_missing_schedule_file_is_named(tmp_path: Path):
    with pytest.raises(InputError) as caught:
        load_schedule(tmp_path / "schedule.toml")
    assert caught.value.code == "file_not_found"


def test_a_schedule_file_is_read_from_the_path_given(tmp_path: Path):
    path = tmp_path / "schedule.toml"
    path.write_text(edited('cron = "0 8 * * mon"', 'cron = "30 7 * * tue"'), encoding="utf-8")
    assert load_schedule(path).job("digest").cron == "30 7 * * tue"


@pytest.mark.parametrize(
    "text",
    [
        edited("[jobs.chase]", "[jobs.chaser]"),
        edited('cron = "0 15 * * fri"', 'cron = "0 15 * fri"'),
        edited('cron = "0 8 * * mon-fri"', 'cron = "0 8 * * 1-5"'),
        edited("misfire_grace = 3600", "misfire_grace = 0"),
        edited("overdue_every = 3", "overdue_evry = 3"),
        edited("misfire_grace = 10800", ""),
        "timezone = [",
        'timezone = "Asia/Ho_Chi_Minh"\n[jobs]\nremind = 1\n',
    ],
)
def test_every_refusal_reads_as_a_complete_polite_vietnamese_sentence(text):
    problem = refused(text)
    message = render(problem.code, "vi", **problem.params)
    assert "{" not in message and "Hãy" not in message and problem.code not in message
    assert "Vui lòng" in message or "đã nhập" in message
    assert "{" not in render(problem.code, "en", **problem.params)
