"""The outbox on SQLite and PostgreSQL: one row per key, claims, back-off, re-queueing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, update
from sqlmodel import Session

from notifications.outgoing import OutgoingMail, attachment, enqueue, mail_key
from store.db import session_scope
from store.models import Outbox
from store.outbox import (
    claim,
    due_rows,
    list_outbox,
    make_due,
    mark_failed,
    mark_retry,
    requeue_failed,
)

NOW = datetime(2020, 8, 14, 1, 0, tzinfo=UTC)
LEASE = timedelta(minutes=10)


def mail(key: str = "overdue:qlkh@sokhcn.example.vn:2020-08-14", **changes) -> OutgoingMail:  # type: ignore[no-untyped-def]
    values = dict(
        key=key,
        kind="overdue",
        to=("qlkh@sokhcn.example.vn",),
        subject="[Quá hạn] 2 công việc của Phòng Quản lý khoa học đã quá hạn",
        html="<p>Kính gửi</p>",
        text="Kính gửi\n",
    )
    return OutgoingMail(**(values | changes))


def count(engine) -> int:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(Outbox)).scalar_one())


def test_enqueuing_the_same_key_twice_keeps_one_row(engine):
    with session_scope(engine) as session:
        assert enqueue(session, mail(), now=NOW) is True
        assert enqueue(session, mail(subject="Khác"), now=NOW) is False
    with session_scope(engine) as session:
        assert enqueue(session, mail(), now=NOW) is False
    assert count(engine) == 1


def test_a_queued_mail_is_pending_with_everything_it_needs(engine):
    files = (attachment("ghi chú.txt", "Dòng một\n".encode()),)
    with session_scope(engine) as session:
        enqueue(session, mail(cc=("vanphong@sokhcn.example.vn",), attachments=files), now=NOW)
    with Session(engine) as session:
        [row] = list_outbox(session)
    assert (row.state, row.attempts, row.last_error, row.sent_at) == ("pending", 0, None, None)
    assert row.to == ["qlkh@sokhcn.example.vn"] and row.cc == ["vanphong@sokhcn.example.vn"]
    assert row.subject.startswith("[Quá hạn] 2 công việc")
    assert row.attachments[0]["filename"] == "ghi chú.txt"
    assert row.attachments[0]["mime"] == "text/plain; charset=utf-8"
    assert row.created_at.replace(tzinfo=UTC) == NOW


def test_enqueue_joins_the_callers_transaction_and_rolls_back_with_it(engine):
    with pytest.raises(RuntimeError), session_scope(engine) as session:
        enqueue(session, mail(), now=NOW)
        raise RuntimeError("the state this mail reports was not saved")
    assert count(engine) == 0
    with engine.begin() as conn:  # a Core connection works too
        assert enqueue(conn, mail(), now=NOW) is True
    assert count(engine) == 1


def test_a_claimed_row_cannot_be_claimed_again(engine):
    with session_scope(engine) as session:
        enqueue(session, mail(), now=NOW)
    [due] = due_rows(engine, now=NOW, limit=10)
    first = claim(engine, due, now=NOW, lease=LEASE)
    assert first is not None and first.attempts == 1
    assert claim(engine, due, now=NOW, lease=LEASE) is None  # a second deliverer loses
    assert due_rows(engine, now=NOW, limit=10) == []


def test_an_abandoned_claim_is_due_again_after_its_lease(engine):
    with session_scope(engine) as session:
        enqueue(session, mail(), now=NOW)
    [due] = due_rows(engine, now=NOW, limit=10)
    claim(engine, due, now=NOW, lease=LEASE)  # ... and the deliverer dies
    assert due_rows(engine, now=NOW + LEASE - timedelta(seconds=1), limit=10) == []
    [again] = due_rows(engine, now=NOW + LEASE, limit=10)
    assert (again.state, again.attempts) == ("sending", 1)
    assert claim(engine, again, now=NOW + LEASE, lease=LEASE).attempts == 2  # type: ignore[union-attr]


def test_a_retried_row_waits_for_its_next_attempt(engine):
    with session_scope(engine) as session:
        enqueue(session, mail(), now=NOW)
    row = claim(engine, due_rows(engine, now=NOW, limit=1)[0], now=NOW, lease=LEASE)
    mark_retry(engine, row, error="ConnectionRefusedError", at=NOW + timedelta(minutes=5))  # type: ignore[arg-type]
    assert due_rows(engine, now=NOW + timedelta(minutes=4), limit=10) == []
    assert len(due_rows(engine, now=NOW + timedelta(minutes=5), limit=10)) == 1
    with session_scope(engine) as session:
        assert make_due(session, now=NOW) == 1  # `outbox --retry` does not wait
    assert len(due_rows(engine, now=NOW, limit=10)) == 1


def test_requeueing_puts_failed_rows_back_with_fresh_attempts(engine):
    with session_scope(engine) as session:
        enqueue(session, mail(), now=NOW)
    row = claim(engine, due_rows(engine, now=NOW, limit=1)[0], now=NOW, lease=LEASE)
    mark_failed(engine, row, error="550 5.1.1 no such user")  # type: ignore[arg-type]
    with Session(engine) as session:
        [failed] = list_outbox(session, states=["failed"])
        assert failed.last_error == "550 5.1.1 no such user"
        assert list_outbox(session, states=["pending"]) == []
    with session_scope(engine) as session:
        assert requeue_failed(session, now=NOW) == 1
    with Session(engine) as session:
        [row2] = list_outbox(session, states=["pending"])
    assert row2.attempts == 0 and row2.last_error == "550 5.1.1 no such user"


def test_a_late_release_does_not_overwrite_a_newer_claim(engine):
    with session_scope(engine) as session:
        enqueue(session, mail(), now=NOW)
    old = claim(engine, due_rows(engine, now=NOW, limit=1)[0], now=NOW, lease=LEASE)
    later = NOW + LEASE
    claim(engine, due_rows(engine, now=later, limit=1)[0], now=later, lease=LEASE)
    mark_failed(engine, old, error="too late")  # type: ignore[arg-type]
    with engine.connect() as conn:
        state = conn.execute(select(Outbox.state)).scalar_one()  # type: ignore[call-overload]
    assert state == "sending"


def test_rows_are_due_in_the_order_they_were_queued(engine):
    with session_scope(engine) as session:
        for n in range(3):
            enqueue(session, mail(key=f"chaser:{n}"), now=NOW)
    with engine.begin() as conn:
        conn.execute(
            update(Outbox.__table__)
            .where(Outbox.__table__.c.key == "chaser:0")  # type: ignore[attr-defined]
            .values(next_attempt_at=NOW + timedelta(hours=1))
        )
    due = due_rows(engine, now=NOW, limit=10)
    assert [d.id for d in due] == sorted(d.id for d in due) and len(due) == 2
    assert len(due_rows(engine, now=NOW, limit=10, keys=["chaser:2"])) == 1


def test_a_mail_without_a_valid_address_or_with_a_two_line_subject_is_refused():
    with pytest.raises(ValueError, match="address"):
        mail(to=("Phòng QLKH",))
    with pytest.raises(ValueError, match="subject"):
        mail(subject="Dòng một\nBcc: ai@example.vn")
    with pytest.raises(ValueError, match="key"):
        mail(key="có dấu và dấu cách")
    with pytest.raises(ValueError, match="recipient"):
        mail(to=())


def test_keys_name_kind_recipient_and_scope_and_always_fit_the_column():
    assert (
        mail_key("overdue", "QLKH@sokhcn.example.vn", "2020-08-14")
        == "overdue:qlkh@sokhcn.example.vn:2020-08-14"
    )
    assert mail_key("report", "Lãnh đạo Sở", "Quý III/2020") == "report:lanh_dao_so:quy_iii/2020"
    long = mail_key("digest", "x" * 400)
    assert len(long) == 255 and long != mail_key("digest", "x" * 401)
