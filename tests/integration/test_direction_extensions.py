"""Deadline extensions on a real database (SQLite, and PostgreSQL when configured): the
lead unit asks, leadership decides once, the due date moves and the first one is kept,
the unit is told by mail, and the reports count work finished within it apart."""

from __future__ import annotations

import threading
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, insert, select
from sqlmodel import Session

from domain.periods import Period
from domain.problems import InputError
from domain.rollup import close_period
from domain.status import ReportClass
from services.extensions import decide_extension, request_extension
from services.importing import import_programme
from services.updates import NotAllowed, record_update
from store.aggregates import count_by_department
from store.items import get_item, history, list_items
from store.models import ExtensionRequest, ItemSupport, Outbox, StatusUpdate
from store.reports import period_items

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
IMPORTED = datetime(2020, 7, 2, 9, 0, tzinfo=ZONE)
SEPT_20 = datetime(2020, 9, 20, 10, 0, tzinfo=ZONE)
SEPT_30, OCT_15 = date(2020, 9, 30), date(2020, 10, 15)
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


def ask(rt, item: int, new_due: date = OCT_15, *, actor: str | None = "TTRA", reason="Chờ số liệu"):  # type: ignore[no-untyped-def]
    return request_extension(rt.at(SEPT_20), item_id=item, actor=actor, new_due=new_due,
                             reason=reason, by="Trần Văn Bình", channel="web")  # fmt: skip


def decide(rt, request: int, approve: bool = True, note: str | None = None, when=SEPT_20):  # type: ignore[no-untyped-def]
    return decide_extension(rt.at(when), request_id=request, approve=approve, note=note,
                            by="Nguyễn Thanh Bình", channel="web")  # fmt: skip


def state(rt) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    """How many requests, history entries and queued mails the database holds."""
    with rt.begin() as conn:
        return tuple(conn.execute(select(func.count()).select_from(t)).scalar_one()
                     for t in (ExtensionRequest, StatusUpdate, Outbox))  # type: ignore[return-value]


def test_an_approved_extension_moves_the_due_date_keeps_the_first_and_tells_the_unit(rt, item):
    asked = ask(rt, item)
    assert asked.extension.state == "pending" and asked.item.due == SEPT_30
    done = decide(rt, asked.extension.id, note="Đồng ý")
    assert (done.item.due, done.item.original_due) == (OCT_15, SEPT_30)
    assert done.extension.state == "approved" and done.extension.decided_by == "Nguyễn Thanh Bình"
    with Session(rt.engine) as s:
        mails = {(m.kind, tuple(m.to)) for m in s.execute(select(Outbox)).scalars()}
    assert ("extension-requested", ("giamdoc@sokhcn.example.vn", "phogiamdoc@sokhcn.example.vn")) in mails
    assert ("extension-decided", ("thanhtra@sokhcn.example.vn",)) in mails


def test_a_second_extension_keeps_the_very_first_due_date(rt, item):
    decide(rt, ask(rt, item).extension.id)
    later = decide(rt, ask(rt, item, date(2020, 10, 30)).extension.id)
    assert (later.item.due, later.item.original_due) == (date(2020, 10, 30), SEPT_30)


def test_work_finished_within_an_approved_extension_counts_apart_in_sql_and_in_the_rollup(rt, item):
    decide(rt, ask(rt, item).extension.id)
    record_update(rt.at(datetime(2020, 10, 9, 16, 0, tzinfo=ZONE)), item_id=item, actor="TTRA",
                  status="done", by="Trần Văn Bình", channel="web")  # fmt: skip
    day = date(2020, 10, 9)
    with Session(rt.engine) as s:
        counts = {c.dept: c for c in count_by_department(s, periods=[Q3.key], today=day)}
        items = period_items(s, Q3, rt.calendar)
    assert counts["TTRA"].classes[ReportClass.DONE_EXTENDED] == 1
    assert counts["TTRA"].classes[ReportClass.DONE_ON_TIME] == 0
    report = close_period(Q3, items, [], rt.calendar, today=day).report
    assert [ln.item.id for ln in report.in_class(ReportClass.DONE_EXTENDED)] == [item]
    assert report.total.classes == {k: sum(c.classes[k] for c in counts.values())
                                    for k in ReportClass}  # fmt: skip


def test_one_request_per_item_waits_at_a_time(rt, item):
    ask(rt, item)
    before = state(rt)
    with pytest.raises(InputError) as caught:
        ask(rt, item, date(2020, 10, 20))
    assert caught.value.code == "extension_pending"
    assert caught.value.params["date"] == "15/10/2020"
    assert state(rt) == before


@pytest.mark.parametrize(
    ("new_due", "reason", "code"),
    [
        (date(2020, 9, 19), "Chờ số liệu", "extension_before_today"),
        (SEPT_30, "Chờ số liệu", "extension_not_later"),
        (date(2020, 9, 25), "Chờ số liệu", "extension_not_later"),
        (OCT_15, "   ", "reason_empty"),
        (OCT_15, "x" * 2001, "reason_too_long"),
    ],
)
def test_a_bad_extension_is_refused_with_one_reason_and_changes_nothing(rt, item, new_due, reason, code):
    before = state(rt)
    with pytest.raises(InputError) as caught:
        ask(rt, item, new_due, reason=reason)
    assert caught.value.code == code
    assert state(rt) == before


def test_a_supporting_unit_cannot_ask_for_more_time_nor_change_the_status(rt, item):
    before = state(rt)
    with pytest.raises(NotAllowed) as caught:
        ask(rt, item, actor="VP")
    assert caught.value.code == "support_cannot_extend"
    with pytest.raises(NotAllowed) as caught:
        record_update(rt.at(SEPT_20), item_id=item, actor="VP", status="done", by="VP",
                      channel="web")  # fmt: skip
    assert caught.value.code == "support_cannot_update"
    assert caught.value.params["lead"] == "Thanh tra Sở"
    assert state(rt) == before


def test_a_refusal_says_why_keeps_the_due_date_and_tells_the_unit(rt, item):
    asked = ask(rt, item)
    with pytest.raises(InputError) as caught:
        decide(rt, asked.extension.id, approve=False)
    assert caught.value.code == "decision_empty"
    refused = decide(rt, asked.extension.id, approve=False, note="Không có căn cứ")
    assert (refused.item.due, refused.item.original_due) == (SEPT_30, None)
    with Session(rt.engine) as s:
        last = history(s, item)[-1]
    assert (last.action, last.role, last.old_value, last.new_value) == (
        "extension_refused", "leadership", "30/09/2020", "30/09/2020")
    assert "Không có căn cứ" in (last.note or "")


def test_a_decided_request_cannot_be_decided_again_and_says_who_decided(rt, item):
    number = ask(rt, item).extension.id
    decide(rt, number)
    before = state(rt)
    with pytest.raises(InputError) as caught:
        decide(rt, number, approve=False, note="Không", when=datetime(2020, 9, 21, 8, tzinfo=ZONE))
    assert caught.value.code == "extension_already_approved"
    assert (caught.value.params["by"], caught.value.params["time"]) == ("Nguyễn Thanh Bình", "10:00")
    assert state(rt) == before


def test_two_decisions_on_one_request_at_once_one_wins_and_the_other_is_told(rt, item):
    number = ask(rt, item).extension.id
    start, outcomes = threading.Barrier(2), {}

    def decision(approve: bool) -> None:
        start.wait()
        try:
            outcomes[approve] = decide(rt, number, approve=approve, note="Ý kiến").extension.state
        except InputError as exc:
            outcomes[approve] = exc.code

    threads = [threading.Thread(target=decision, args=(a,)) for a in (True, False)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    won = [v for v in outcomes.values() if v in ("approved", "refused")]
    told = [v for v in outcomes.values() if v.startswith("extension_already_")]
    assert len(won) == 1 and told == [f"extension_already_{won[0]}"]
    with Session(rt.engine) as s:
        decided = [e for e in history(s, item) if e.action.startswith("extension_") and
                   e.action != "extension_requested"]  # fmt: skip
        assert len(decided) == 1
        assert (get_item(s, item).due == OCT_15) == (won == ["approved"])


def test_a_unit_cannot_decide_and_an_unknown_request_is_named(rt, item):
    number = ask(rt, item).extension.id
    with pytest.raises(NotAllowed) as caught:
        decide_extension(rt.at(SEPT_20), request_id=number, approve=True, note=None, by="x",
                         channel="api", actor="TTRA")  # fmt: skip
    assert caught.value.code == "leadership_only_decide"
    with pytest.raises(InputError) as unknown:
        decide(rt, number + 100)
    assert unknown.value.code == "unknown_extension"
    with pytest.raises(InputError) as elsewhere:
        decide_extension(rt.at(SEPT_20), request_id=number, approve=True, note=None, by="x",
                         channel="api", item_id=item + 1)  # fmt: skip
    assert elsewhere.value.code == "unknown_extension"


def test_an_extension_past_the_quarter_is_carried_with_its_date_and_counted_when_done(rt, item):
    from services.rollup import roll_up

    decide(rt, ask(rt, item).extension.id)
    closed = roll_up(rt.at(datetime(2020, 10, 1, 7, 0, tzinfo=ZONE)), Q3)
    [line] = [ln for ln in closed.report.lines if ln.item.id == item]
    assert line.klass is ReportClass.OPEN_NOT_DUE  # on 01/10 it is still within its extension
    with Session(rt.engine) as s:
        [following] = [i for i in list_items(s, period="2020-Q4") if i.carried_from == item]
    assert (following.due, following.original_due) == (OCT_15, SEPT_30)
    record_update(rt.at(datetime(2020, 10, 12, 9, 0, tzinfo=ZONE)), item_id=item, actor="TTRA",
                  status="done", by="Trần Văn Bình", channel="web")  # an old id: lands in Q4
    with Session(rt.engine) as s:
        q4 = {c.dept: c for c in count_by_department(s, periods=["2020-Q4"], today=date(2020, 10, 12))}
    assert q4["TTRA"].classes[ReportClass.DONE_EXTENDED] == 1
