"""Limits at the edges: item numbers, names, notes, link lifetimes and settings each get
one clear message (exit code 2 on the command line, 4xx on the web), never a traceback
or a 500, and nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from notifications.links import BadToken, make_token, read_token
from workplan.cli import app

TOO_BIG = ["2147483648", "9223372036854775808", "99999999999999999999999"]


@pytest.fixture
def cli(tmp_path: Path, db_url: str):  # type: ignore[no-untyped-def]
    env = {"WORKPLAN_HOME": str(tmp_path / "var"), "WORKPLAN_DATABASE_URL": db_url,
           "WORKPLAN_LOCALE": "vi", "COLUMNS": "200"}

    def run(*args: str, **extra: str):  # type: ignore[no-untyped-def]
        return CliRunner().invoke(app, list(args), env=env | extra)

    assert run("init").exit_code == 0
    return run


@pytest.mark.parametrize("number", [*TOO_BIG, "0"])
def test_an_item_number_out_of_range_is_an_unknown_item_on_the_command_line(cli, number):
    for args in (("update", number, "--status", "done"), ("history", number)):
        result = cli(*args)
        assert result.exit_code == 2, result.output
        assert f"Không có công việc số {number}." in result.output
        assert "Traceback" not in result.output


def test_a_reporters_name_over_120_characters_is_refused_on_the_command_line(cli):
    result = cli("update", "1", "--status", "done", "--by", "A" * 121)
    assert result.exit_code == 2
    assert "Tên người cập nhật dài quá 120 ký tự" in result.output


@pytest.mark.parametrize(
    ("variable", "value", "words"),
    [
        ("WORKPLAN_LINK_DAYS", "0", "từ 1 đến 365"),
        ("WORKPLAN_LINK_DAYS", "abc", "(đã nhập: abc)"),
        ("WORKPLAN_LINK_DAYS", "3000000", "(đã nhập: 3000000)"),
        ("WORKPLAN_SECRET_KEY", "ngan-qua", "ít nhất 32 ký tự"),
        ("WORKPLAN_SMTP_PORT", "cổng", "WORKPLAN_SMTP_PORT"),
    ],
)
def test_a_setting_that_cannot_be_used_is_named_in_one_line_by_every_command(
    cli, variable, value, words
):
    for args in (("items",), ("link", "TTRA"), ("outbox",)):
        result = cli(*args, **{variable: value})
        assert result.exit_code == 2, result.output
        assert words in result.output and "Traceback" not in result.output
        assert "ValidationError" not in result.output and "pydantic" not in result.output
    assert value not in cli("items", WORKPLAN_SECRET_KEY="ngan-qua").output  # never echoed


def test_a_setting_problem_is_said_in_english_when_asked(cli):
    result = cli("items", WORKPLAN_LINK_DAYS="0", WORKPLAN_LOCALE="en")
    assert result.exit_code == 2 and "WORKPLAN_LINK_DAYS must be a number of days" in result.output


@pytest.mark.parametrize("days", ["0", "366", "2932896"])
def test_a_link_lives_from_one_day_to_a_year(cli, days):
    result = cli("link", "TTRA", "--days", days)
    assert result.exit_code == 2 and f"(đã nhập: {days})" in result.output
    assert "/d/" not in result.output
    assert cli("link", "TTRA", "--days", "365").exit_code == 0


def test_a_token_claiming_a_longer_life_than_a_year_is_not_trusted():
    from itsdangerous import URLSafeTimedSerializer

    secret = "x" * 40
    forged_life = URLSafeTimedSerializer(secret, salt="workplan.link.v1").dumps(
        {"s": "TTRA", "d": 3_000_000}
    )
    with pytest.raises(BadToken):
        read_token(secret, forged_life)
    with pytest.raises(ValueError):
        make_token(secret, dept="TTRA", days=366)
    assert read_token(secret, make_token(secret, dept="TTRA", days=365)).dept == "TTRA"
