"""Delivery through yagmail to a real SMTP server on loopback (aiosmtpd)."""

from __future__ import annotations

import threading
import time
from datetime import UTC, timedelta

import pytest
from mailing import LEADER, NOW, QLKH, digest_mail, queue
from sqlalchemy import update
from sqlmodel import Session

from notifications.delivery import MAX_ATTEMPTS, backoff
from notifications.mailer import deliver_pending
from notifications.message import message_id
from notifications.outgoing import attachment, attachment_file
from notifications.render import RenderedMail
from store.db import session_scope
from store.models import Outbox
from store.outbox import list_outbox, requeue_failed


@pytest.fixture
def digest(org) -> RenderedMail:  # type: ignore[no-untyped-def]
    return digest_mail(org)


def rows(engine) -> list[Outbox]:  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        return sorted(list_outbox(session), key=lambda r: r.id)


def test_the_vietnamese_subject_and_body_arrive_as_they_were_rendered(
    engine, mail_settings, smtp_server, digest
):
    key = queue(engine, digest)
    report = deliver_pending(engine, mail_settings, now=NOW)
    assert report.sent == [key] and report.ok
    [msg] = smtp_server.messages()
    assert msg["Subject"] == digest.subject
    assert max(len(line) for line in smtp_server.files()[0].read_bytes().splitlines()) <= 78
    assert msg["To"] == LEADER and msg["From"] == "workplan@sokhcn.example.vn"
    assert msg.get_body(("plain",)).get_content() == digest.text
    assert msg.get_body(("html",)).get_content() == digest.html


def test_the_html_part_is_one_line_with_no_br_added_inside_tables(
    engine, mail_settings, smtp_server, digest
):
    queue(engine, digest)
    deliver_pending(engine, mail_settings, now=NOW)
    html = smtp_server.messages()[0].get_body(("html",)).get_content()
    assert "<br" not in html and "\n" not in html.strip()
    assert not html.startswith("<div>")  # yagmail's wrapper is gone
    assert "Phòng Quản lý khoa học" in html


def test_the_text_part_is_the_templates_own_not_one_derived_from_the_html(
    engine, mail_settings, smtp_server, digest
):
    queue(engine, digest)
    deliver_pending(engine, mail_settings, now=NOW)
    [msg] = smtp_server.messages()
    alternative = next(p for p in msg.walk() if p.get_content_type() == "multipart/alternative")
    kinds = [p.get_content_type() for p in alternative.iter_parts()]
    assert kinds == ["text/plain", "text/html"]
    text = msg.get_body(("plain",)).get_content()
    assert "<" not in text and "Theo đơn vị chủ trì (hoàn thành/tổng số):" in text


def test_attachments_arrive_as_attachments_including_a_txt_file(
    engine, mail_settings, smtp_server, digest, tmp_path
):
    sheet = tmp_path / "bao-cao-quy-3.xlsx"
    sheet.write_bytes(b"PK\x03\x04 not really a workbook")
    files = [
        attachment("ghi chú.txt", "Dòng một\nDòng hai\n".encode()),
        attachment("du-lieu", b"\x00\x01\x02"),
        attachment_file(sheet),
    ]
    queue(engine, digest, attachments=files)
    deliver_pending(engine, mail_settings, now=NOW)
    parts = list(smtp_server.messages()[0].iter_attachments())
    assert [p.get_content_disposition() for p in parts] == ["attachment"] * 3
    assert [p.get_filename() for p in parts] == ["ghi chú.txt", "du-lieu", "bao-cao-quy-3.xlsx"]
    assert parts[0].get_content() == "Dòng một\nDòng hai\n"
    assert parts[1].get_content_type() == "application/octet-stream"
    assert parts[1].get_payload(decode=True) == b"\x00\x01\x02"
    assert parts[2].get_payload(decode=True) == sheet.read_bytes()


def test_a_mail_whose_attachment_file_is_gone_fails_without_being_sent(
    engine, mail_settings, smtp_server, digest, tmp_path
):
    queue(engine, digest, attachments=[attachment_file(tmp_path / "da-xoa.xlsx")])
    report = deliver_pending(engine, mail_settings, now=NOW)
    assert "cannot build the message" in report.failed[0][1]
    assert smtp_server.files() == [] and rows(engine)[0].state == "failed"


def test_each_message_carries_its_key_and_a_message_id_derived_from_it(
    engine, mail_settings, smtp_server, digest
):
    key = queue(engine, digest)
    deliver_pending(engine, mail_settings, now=NOW)
    [msg] = smtp_server.messages()
    assert msg["X-Workplan-Key"] == key and msg["Auto-Submitted"] == "auto-generated"
    assert msg["Message-ID"] == message_id(key, mail_settings.smtp_from)
    # derived from the key alone: a resend would carry the same id, another mail another
    assert message_id(key + "x", mail_settings.smtp_from) != msg["Message-ID"]


def test_delivering_twice_sends_nothing_the_second_time(engine, mail_settings, smtp_server, digest):
    queue(engine, digest)
    assert len(deliver_pending(engine, mail_settings, now=NOW).sent) == 1
    assert deliver_pending(engine, mail_settings, now=NOW + timedelta(days=1)).sent == []
    assert len(smtp_server.files()) == 1
    [row] = rows(engine)
    assert (row.state, row.attempts, row.last_error) == ("sent", 1, None)
    assert row.sent_at.replace(tzinfo=UTC) == NOW


def test_one_connection_carries_a_whole_batch(engine, mail_settings, smtp_server, digest):
    for n in range(3):
        queue(engine, digest, key=f"digest:{n}")
    assert len(deliver_pending(engine, mail_settings, now=NOW).sent) == 3
    assert len(set(smtp_server.handler.peers)) == 1


def test_when_the_server_is_down_mail_stays_pending_with_the_error_and_no_long_wait(
    engine, settings, refused_port, digest
):
    queue(engine, digest)
    down = settings.model_copy(update={"smtp_port": refused_port})
    started = time.monotonic()
    report = deliver_pending(engine, down, now=NOW)
    assert time.monotonic() - started < 3
    assert report.sent == [] and report.retrying[0][0] == "digest:2020-w33"
    [row] = rows(engine)
    assert (row.state, row.attempts) == ("pending", 1)
    assert "ConnectionRefusedError" in row.last_error
    assert row.next_attempt_at.replace(tzinfo=UTC) == NOW + timedelta(minutes=1)


def test_pending_mail_is_delivered_once_when_the_server_is_back(
    engine, settings, refused_port, start_server, digest
):
    queue(engine, digest)
    there = settings.model_copy(update={"smtp_port": refused_port})
    deliver_pending(engine, there, now=NOW)
    server = start_server(refused_port)
    assert deliver_pending(engine, there, now=NOW).sent == []  # waits for its back-off
    back = deliver_pending(engine, there, now=NOW + timedelta(minutes=1))
    assert back.sent == ["digest:2020-w33"]
    assert deliver_pending(engine, there, now=NOW + timedelta(minutes=2)).sent == []
    assert len(server.files()) == 1
    [row] = rows(engine)
    assert (row.state, row.attempts) == ("sent", 2)


def test_backoff_grows_from_one_minute_to_twelve_hours():
    minutes = [backoff(n) / timedelta(minutes=1) for n in range(1, 9)]
    assert minutes == [1, 5, 15, 60, 240, 720, 720, 720]


def test_a_mail_that_keeps_failing_is_given_up_after_the_last_attempt(
    engine, settings, refused_port, digest
):
    queue(engine, digest)
    with engine.begin() as conn:
        conn.execute(update(Outbox.__table__).values(attempts=MAX_ATTEMPTS - 1))  # type: ignore[attr-defined]
    down = settings.model_copy(update={"smtp_port": refused_port})
    report = deliver_pending(engine, down, now=NOW)
    assert "gave up after 10 attempts" in report.failed[0][1]
    assert rows(engine)[0].state == "failed"


def test_a_recipient_refused_with_550_fails_the_mail_for_good(
    engine, mail_settings, smtp_server, digest
):
    smtp_server.handler.refuse[QLKH] = "550 5.1.1 <qlkh@sokhcn.example.vn>: User unknown"
    queue(engine, digest, to=[QLKH])
    report = deliver_pending(engine, mail_settings, now=NOW)
    assert report.sent == [] and len(report.failed) == 1
    [row] = rows(engine)
    assert row.state == "failed" and "550 5.1.1" in row.last_error
    assert smtp_server.files() == []
    assert deliver_pending(engine, mail_settings, now=NOW + timedelta(days=1)).failed == []


def test_a_temporary_refusal_keeps_the_mail_pending(engine, mail_settings, smtp_server, digest):
    smtp_server.handler.refuse[QLKH] = "450 4.2.1 Mailbox busy, try later"
    queue(engine, digest, to=[QLKH])
    assert len(deliver_pending(engine, mail_settings, now=NOW).retrying) == 1
    assert (rows(engine)[0].state, rows(engine)[0].attempts) == ("pending", 1)


def test_a_message_the_server_rejects_after_reading_it_fails(
    engine, mail_settings, smtp_server, digest
):
    smtp_server.handler.data_reply = "554 5.7.1 Message rejected as spam"
    queue(engine, digest)
    report = deliver_pending(engine, mail_settings, now=NOW)
    assert report.failed[0][1] == "554 5.7.1 Message rejected as spam"


def test_a_mixed_refusal_sends_to_the_accepted_and_fails_a_copy_for_the_refused(
    engine, mail_settings, smtp_server, digest
):
    smtp_server.handler.refuse[QLKH] = "550 5.1.1 User unknown"
    key = queue(engine, digest, to=[LEADER, QLKH])
    report = deliver_pending(engine, mail_settings, now=NOW)
    assert report.sent == [key] and report.failed[0][0].startswith(key + "#refused-")
    [msg] = smtp_server.messages()
    assert msg["X-Envelope-To"] == LEADER
    original, copy = rows(engine)
    assert original.state == "sent" and QLKH in original.last_error
    assert (copy.state, copy.to, copy.subject) == ("failed", [QLKH], digest.subject)
    # Once the address is fixed and the copy re-queued, it goes out as the same message.
    smtp_server.handler.refuse.clear()
    with session_scope(engine) as session:
        requeue_failed(session, now=NOW)
    assert deliver_pending(engine, mail_settings, now=NOW).sent == [copy.key]
    first, second = smtp_server.messages()
    assert second["Message-ID"] == first["Message-ID"] and second["X-Envelope-To"] == QLKH


def test_a_connection_dropped_between_messages_is_reopened_without_waiting(
    engine, mail_settings, smtp_server, digest
):
    smtp_server.handler.drop_after_data = True
    for n in range(3):
        queue(engine, digest, key=f"digest:{n}")
    started = time.monotonic()
    report = deliver_pending(engine, mail_settings, now=NOW)
    assert time.monotonic() - started < 3
    assert len(report.sent) == 3 and len(set(smtp_server.handler.peers)) == 3


def test_two_deliverers_at_once_send_each_mail_once(engine, mail_settings, smtp_server, digest):
    for n in range(8):
        queue(engine, digest, key=f"digest:{n}")
    smtp_server.handler.delay = 0.05
    reports = []
    threads = [
        threading.Thread(
            target=lambda: reports.append(deliver_pending(engine, mail_settings, now=NOW))
        )
        for _ in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(k for r in reports for k in r.sent) == [f"digest:{n}" for n in range(8)]
    assert len(smtp_server.files()) == 8


def test_the_mailbox_names_files_by_arrival_time_then_key(
    engine, mail_settings, smtp_server, digest
):
    for key in ("digest:b", "digest:a"):
        queue(engine, digest, key=key)
    deliver_pending(engine, mail_settings, now=NOW)
    names = [p.name for p in smtp_server.files()]
    assert names[0].endswith("-0001-digest_b.eml") and names[1].endswith("-0002-digest_a.eml")


# -- the commands -------------------------------------------------------------------------
