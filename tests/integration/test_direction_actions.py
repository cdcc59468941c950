"""Reassignment, directives, contributions and cancellation on a real database (SQLite, and
PostgreSQL when configured), their history entries, and the mail through a real SMTP
server."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, insert, select
from sqlmodel import Session

from domain.periods import Period
from domain.problems import InputError
from domain.reminders import decide_reminders
from domain.status import ReportClass
from services.direction import cancel, contribute, direct, reassign
from services.direction_mail import send
from services.extensions import request_extension
from services.importing import import_programme
from services.rollup import roll_up
from services.runtime import Runtime
from services.updates import NotAllowed
from store.direction_reads import item_direction, reassignment_lines
from store.items import get_item, history, list_items
from store.models import ExtensionRequest, ItemSupport, Outbox, Reassignment, StatusUpdate
from store.snapshots import open_items

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
IMPORTED = datetime(2020, 7, 2, 9, 0, tzinfo=ZONE)
SEPT_20 = datetime(2020, 9, 20, 10, 0, tzinfo=ZONE)
Q3 = Period.quarter(2020, 3)


@pytest.fixture
def item(rt, sample_text) -> int:  # type: ignore[no-untyped-def]
    """Thanh tra Sở's inspection of Quý III/2020, due 30/09, supported by Văn phòng Sở."""
    import_programme(rt.at(IMPORTED), sample_text, source_name="ctr.md")
    with Session(rt.engine) as s:
        found = next(i.id for i in list_items(s, period=Q3.key) if i.lead == "TTRA")
    with rt.begin() as conn:
        conn.execute(insert(ItemSupport), {"item_id": found, "dept": "VP", "position": 0})
    return found


def counts(rt: Runtime) -> tuple[int, ...]:
    """Rows of the tables an action writes."""
    with rt.begin() as conn:
        return tuple(conn.execute(select(func.count()).select_from(t)).scalar_one()
                     for t in (StatusUpdate, Reassignment, Outbox, ItemSupport))  # fmt: skip


def mine(rt: Runtime, dept: str) -> set[int]:
    with Session(rt.engine) as s:
        return {i.id for i in list_items(s, period=Q3.key, dept=dept)}


def test_reassignment_moves_the_item_between_the_units_pages_and_tells_both(rt, item):
    now = rt.at(SEPT_20)
    done = reassign(now, item_id=item, actor=None, lead="QLKH", reason="Đúng chức năng",
                    by="Nguyễn Thanh Bình", channel="cli")  # fmt: skip
    assert (done.item.lead, done.item.support) == ("QLKH", ["VP"])
    assert item in mine(rt, "QLKH") and item not in mine(rt, "TTRA")
    with Session(rt.engine) as s:
        mails = {tuple(m.to) for m in s.execute(select(Outbox)).scalars() if m.kind == "reassigned"}
        [line] = reassignment_lines(s)
    assert mails == {("thanhtra@sokhcn.example.vn",), ("qlkh@sokhcn.example.vn",)}
    assert (line.item_id, line.old_lead, line.new_lead, line.reason) == (
        item, "TTRA", "QLKH", "Đúng chức năng")


@pytest.mark.parametrize(
    ("lead", "support", "reason", "code"),
    [("XYZ", None, "Lý do", "unknown_department"), ("TTRA", None, "Lý do", "reassign_same"),
     ("QLKH", ["NOPE"], "Lý do", "unknown_department"), ("QLKH", None, " ", "reason_empty")],
)
def test_a_bad_reassignment_is_refused_and_changes_nothing(rt, item, lead, support, reason, code):
    before = counts(rt)
    with pytest.raises(InputError) as caught:
        reassign(rt.at(SEPT_20), item_id=item, actor=None, lead=lead, support=support,
                 reason=reason, by="x", channel="cli")  # fmt: skip
    assert caught.value.code == code
    assert counts(rt) == before and mine(rt, "TTRA") >= {item}


def test_a_directive_is_mailed_to_the_lead_and_supporting_units(rt, item, mail_settings, smtp_server):
    now = Runtime(mail_settings, rt.clock.at(SEPT_20), org=rt.org)
    done = direct(now, item_id=item, actor=None, text="Đề nghị báo cáo trước ngày 25/9.",
                  by="Nguyễn Thanh Bình", channel="web")  # fmt: skip
    assert send(now, done.mail) == 2
    got = {m["To"]: m for m in smtp_server.messages()}
    assert set(got) == {"thanhtra@sokhcn.example.vn", "vanphong@sokhcn.example.vn"}
    assert got["thanhtra@sokhcn.example.vn"]["Subject"] == (
        f"Ý kiến chỉ đạo về công việc số {item} — Quý III/2020")
    body = got["vanphong@sokhcn.example.vn"].get_body(("plain",)).get_content()
    assert "Đề nghị báo cáo trước ngày 25/9." in body and "do Thanh tra Sở chủ trì" in body
    with Session(rt.engine) as s:
        assert [d.text for d in item_direction(s, item).directives] == [
            "Đề nghị báo cáo trước ngày 25/9."]


def test_a_directive_over_five_thousand_characters_changes_nothing(rt, item):
    before = counts(rt)
    with pytest.raises(InputError) as caught:
        direct(rt.at(SEPT_20), item_id=item, actor=None, text="x" * 5001, by="x", channel="api")
    assert caught.value.code == "directive_too_long" and counts(rt) == before


def test_a_supporting_unit_contributes_and_the_lead_unit_cannot(rt, item):
    done = contribute(rt.at(SEPT_20), item_id=item, actor="VP", text="Đã gửi danh sách đoàn.",
                      by="", channel="web")  # fmt: skip
    with Session(rt.engine) as s:
        [note] = item_direction(s, item).contributions
        last = history(s, item)[-1]
    assert (note.dept, note.by, note.text) == ("VP", "Văn phòng Sở", "Đã gửi danh sách đoàn.")
    assert (last.action, last.role, last.by, last.channel) == (
        "contribution", "support", "Văn phòng Sở", "web")
    assert done.item.status == "not_started"  # a contribution changes no status
    with pytest.raises(NotAllowed) as caught:
        contribute(rt.at(SEPT_20), item_id=item, actor="TTRA", text="x", by="", channel="web")
    assert caught.value.code == "contribution_support_only"


@pytest.mark.parametrize(
    ("action", "given"),
    [(reassign, {"lead": "QLKH", "reason": "x"}), (direct, {"text": "x"}),
     (cancel, {"reason": "x"})],
)
def test_only_leadership_reassigns_directs_and_cancels(rt, item, action, given):
    before = counts(rt)
    with pytest.raises(NotAllowed) as caught:
        action(rt.at(SEPT_20), item_id=item, actor="TTRA", by="x", channel="api", **given)
    assert caught.value.code.startswith("leadership_only_") and counts(rt) == before


def test_a_cancelled_item_leaves_unfinished_work_is_not_reminded_or_carried(rt, item):
    request_extension(rt.at(SEPT_20), item_id=item, actor="TTRA", new_due=date(2020, 10, 15),
                      reason="Chờ số liệu", by="x", channel="web")  # fmt: skip
    done = cancel(rt.at(SEPT_20), item_id=item, actor=None, reason="Không còn phù hợp",
                  by="Nguyễn Thanh Bình", channel="cli")  # fmt: skip
    assert (done.item.status, done.item.note) == ("cancelled", "Không còn phù hợp")
    with pytest.raises(InputError) as again:
        cancel(rt.at(SEPT_20), item_id=item, actor=None, reason="x", by="x", channel="cli")
    assert again.value.code == "cancel_cancelled"
    with Session(rt.engine) as s:
        assert s.execute(select(ExtensionRequest.state)).scalar_one() == "withdrawn"
        late = open_items(s, periods=[Q3.key])
        assert (history(s, item)[-1].action, history(s, item)[-1].role) == ("cancelled", "leadership")
    reminded = decide_reminders(late, today=date(2020, 10, 1), calendar=rt.calendar)
    assert item not in {r.item.id for d in reminded.departments for r in d.items}
    assert reminded.departments  # the other overdue items of the quarter are reminded
    outcome = roll_up(rt.at(datetime(2020, 10, 1, 7, 0, tzinfo=ZONE)), Q3)
    assert item not in {c.source for c in outcome.carried} and outcome.carried
    [line] = [ln for ln in outcome.report.lines if ln.item.id == item]
    assert line.klass is None and line.item.note == "Không còn phù hợp"
    total = outcome.report.total
    assert sum(total.classes[k] for k in ReportClass) == total.total - 1  # in no class


def test_history_says_who_in_which_role_through_which_channel_and_what_changed(rt, item):
    now = rt.at(SEPT_20)
    request_extension(now, item_id=item, actor="TTRA", new_due=date(2020, 10, 15),
                      reason="Chờ số liệu", by="Trần Văn Bình", channel="web")  # fmt: skip
    reassign(now, item_id=item, actor=None, lead="QLKH", support=["TDC"], reason="Đúng chức năng",
             by="Nguyễn Thanh Bình", channel="api")  # fmt: skip
    with Session(rt.engine) as s:
        entries = history(s, item)[-2:]
        assert get_item(s, item).support == ["TDC"]
    asked, moved = entries
    assert (asked.by, asked.role, asked.channel, asked.old_value, asked.new_value) == (
        "Trần Văn Bình", "lead", "web", "30/09/2020", "15/10/2020")
    assert (moved.by, moved.role, moved.channel) == ("Nguyễn Thanh Bình", "leadership", "api")
    assert moved.old_value == "Thanh tra Sở (phối hợp: Văn phòng Sở)"
    assert moved.new_value == "Phòng Quản lý khoa học (phối hợp: Chi cục Tiêu chuẩn Đo lường Chất lượng)"


def test_the_next_digest_lists_decided_extensions_new_directives_and_what_waits(rt, item):
    from services.digest import digest
    from services.extensions import decide_extension

    now = rt.at(SEPT_20)  # a Sunday: the week the digest of Monday 21/09 covers
    asked = request_extension(now, item_id=item, actor="TTRA", new_due=date(2020, 10, 15),
                              reason="Chờ số liệu", by="Trần Văn Bình", channel="web")  # fmt: skip
    decide_extension(now, request_id=asked.extension.id, approve=True, note=None,
                     by="Nguyễn Thanh Bình", channel="web")  # fmt: skip
    direct(now, item_id=item, actor=None, text="Báo cáo kết quả trước 10/10.",
           by="Nguyễn Thanh Bình", channel="web")  # fmt: skip
    other = next(i for i in mine(rt, "QLKH") if i != item)
    request_extension(now, item_id=other, actor=None, new_due=date(2020, 10, 20),
                      reason="Chờ hội đồng", by="x", channel="cli")  # fmt: skip
    digest(rt, as_of=datetime(2020, 9, 21, 8, 0, tzinfo=ZONE))
    with Session(rt.engine) as s:
        mail = s.execute(select(Outbox).where(Outbox.kind == "digest")).scalar_one()
    text = " ".join(mail.text.split())
    assert "Gia hạn đã cho ý kiến trong tuần trước: 1" in text
    assert "đồng ý gia hạn từ 30/09/2020 đến 15/10/2020" in text
    assert "Ý kiến chỉ đạo mới: 1" in text and "Báo cáo kết quả trước 10/10." in text
    assert "Đề nghị gia hạn chờ duyệt: 1" in text and "lý do: Chờ hội đồng" in text
    assert "Ý kiến chỉ đạo mới" in mail.html and "20/09/2020 10:00" in mail.html


def test_leaderships_direction_does_not_count_as_the_unit_answering_a_status_round(rt, item):
    from services.updates import record_update
    from store.selections import updated_between

    other = next(i for i in mine(rt, "QLKH"))
    since = SEPT_20.replace(hour=9)
    direct(rt.at(SEPT_20), item_id=item, actor=None, text="Khẩn trương.", by="x", channel="web")
    contribute(rt.at(SEPT_20), item_id=item, actor="VP", text="Đã gửi.", by="", channel="web")
    record_update(rt.at(SEPT_20), item_id=other, actor="QLKH", status="in_progress",
                  progress=10, by="y", channel="web")  # fmt: skip
    with Session(rt.engine) as s:
        assert updated_between(s, since=since, until=SEPT_20.replace(hour=11)) == {other}
    request_extension(rt.at(SEPT_20), item_id=item, actor="TTRA", new_due=date(2020, 10, 15),
                      reason="Chờ số liệu", by="z", channel="web")  # fmt: skip
    with Session(rt.engine) as s:
        assert updated_between(s, since=since, until=SEPT_20.replace(hour=11)) == {other, item}
