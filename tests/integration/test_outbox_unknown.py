"""A message the server probably accepted but whose reply was lost (the connection
dropped after the message, or the reply came after the timeout, or the deliverer died
after the message left) is never sent again automatically: it is ``unknown``, listed
for a person, and resent by one command, with the same Message-ID."""

from __future__ import annotations

import json
import types
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session
from typer.testing import CliRunner

from notifications.mailer import deliver_pending
from notifications.outgoing import OutgoingMail, enqueue
from store.db import session_scope
from store.outbox import claim, due_rows, hand_over, list_outbox, unknown_outcomes

NOW = datetime(2020, 8, 14, 1, 0, tzinfo=UTC)
TO = "qlkh@sokhcn.example.vn"


def queue(engine, key: str = "overdue:qlkh:2020-08-14") -> str:  # type: ignore[no-untyped-def]
    mail = OutgoingMail(key=key, kind="overdue", to=(TO,), subject="[Quá hạn] 2 công việc",
                        html="<p>Kính gửi</p>", text="Kính gửi\n")
    with session_scope(engine) as session:
        enqueue(session, mail, now=NOW)
    return key


def lose_replies(handler) -> None:  # type: ignore[no-untyped-def]
    """The server keeps each message, then hangs up before saying so."""
    keep = type(handler).handle_DATA

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]  # noqa: N802
        reply = await keep(self, server, session, envelope)
        server.transport.close()
        return reply

    handler.handle_DATA = types.MethodType(handle_DATA, handler)


def state(engine) -> tuple[str, int]:  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        [row] = list_outbox(session)
    return row.state, row.attempts


def test_a_message_whose_reply_was_lost_is_unknown_and_never_sent_again(
    engine, mail_settings, smtp_server
):
    key = queue(engine)
    lose_replies(smtp_server.handler)
    report = deliver_pending(engine, mail_settings, now=NOW)
    assert report.sent == [] and [k for k, _ in report.unknown] == [key] and not report.ok
    assert len(smtp_server.files()) == 1  # it did arrive
    for later in (timedelta(minutes=15), timedelta(days=2)):
        again = deliver_pending(engine, mail_settings, now=NOW + later)
        assert again.sent == again.unknown == []
    assert len(smtp_server.files()) == 1 and state(engine) == ("unknown", 1)


def test_a_reply_slower_than_the_timeout_makes_the_message_unknown(
    engine, mail_settings, smtp_server
):
    key = queue(engine)
    smtp_server.handler.delay = 1.5
    quick = mail_settings.model_copy(update={"smtp_timeout": 0.5})
    report = deliver_pending(engine, quick, now=NOW)
    assert [k for k, _ in report.unknown] == [key]
    assert "no reply" in report.unknown[0][1]
    assert deliver_pending(engine, quick, now=NOW + timedelta(days=1)).unknown == []
    assert state(engine) == ("unknown", 1)


def test_a_deliverer_that_died_after_the_message_left_leaves_it_unknown_not_due(engine):
    key = queue(engine)
    row = claim(engine, due_rows(engine, now=NOW, limit=1)[0], now=NOW, lease=timedelta(minutes=10))
    assert row is not None and hand_over(engine, row)  # ... and the process is killed here
    assert due_rows(engine, now=NOW + timedelta(days=3), limit=10) == []
    with Session(engine) as session:
        [unknown] = unknown_outcomes(session)
    assert (unknown.key, unknown.to, unknown.subject) == (key, [TO], "[Quá hạn] 2 công việc")


def test_a_refusal_after_the_message_left_is_a_refusal_not_an_unknown(
    engine, mail_settings, smtp_server
):
    queue(engine)
    smtp_server.handler.data_reply = "451 4.3.0 Try again later"
    report = deliver_pending(engine, mail_settings, now=NOW)
    assert report.unknown == [] and len(report.retrying) == 1
    assert state(engine) == ("pending", 1)


@pytest.fixture
def cli(monkeypatch, mail_settings):  # type: ignore[no-untyped-def]
    from workplan.cli import app

    env = {"WORKPLAN_HOME": str(mail_settings.home), "WORKPLAN_DATABASE_URL": mail_settings.db_url,
           "WORKPLAN_SMTP_PORT": str(mail_settings.smtp_port), "WORKPLAN_LOCALE": "vi",
           "COLUMNS": "250"}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return lambda *args: CliRunner().invoke(app, list(args))


def test_a_person_sees_the_unknown_message_and_resends_it_with_one_command(
    engine, cli, mail_settings, smtp_server
):
    key = queue(engine)
    lose_replies(smtp_server.handler)
    deliver_pending(engine, mail_settings, now=NOW)
    listed = cli("outbox", "--unknown")
    assert listed.exit_code == 0 and "Chưa rõ kết quả" in listed.output
    assert "không tự gửi lại" in listed.output and "--resend" in listed.output
    [row] = json.loads(cli("outbox", "--unknown", "--json").stdout)
    assert row["key"] == key and row["state"] == "unknown"
    assert "Không có thư nào cần gửi." in cli("outbox", "--retry").output  # not resent
    smtp_server.handler.handle_DATA = type(smtp_server.handler).handle_DATA.__get__(
        smtp_server.handler
    )
    resent = cli("outbox", "--resend", str(row["id"]))
    assert resent.exit_code == 0, resent.output
    assert "1 thư đã gửi" in resent.output
    first, second = smtp_server.messages()
    assert first["Message-ID"] == second["Message-ID"]  # a receiver can tell the duplicate
    assert state(engine) == ("sent", 1)
    refused = cli("outbox", "--resend", str(row["id"]))
    assert refused.exit_code == 2 and "Không có thư nào chưa rõ kết quả" in refused.output


def test_the_board_shows_leadership_the_messages_of_unknown_outcome(rt, engine):
    from fastapi.testclient import TestClient

    from notifications.links import make_token
    from workplan.web.app import create_app

    queue(engine)
    row = claim(engine, due_rows(engine, now=NOW, limit=1)[0], now=NOW, lease=timedelta(minutes=10))
    hand_over(engine, row)  # type: ignore[arg-type]
    link = make_token(rt.settings.secret(), leadership=True)
    with TestClient(create_app(rt)) as client:
        page = client.get(f"/board/{link}").text
    assert "1 thư đã được gửi đi nhưng máy chủ thư không trả lời" in page
    assert "[Quá hạn] 2 công việc" in page and TO in page
