"""A quarter replayed on the sample programme: scripted updates on the days they happen,
July and August rolled up on their closing days, then the machine off across 30/09/2020
and a catch-up on 05/10/2020. Real SQLite and PostgreSQL; the clock set by ``as_of``."""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import insert, select, text
from sqlmodel import Session

from config.settings import Settings
from domain.periods import Period
from domain.status import ReportClass
from services.importing import import_programme
from services.rollup import Outcome, catch_up, roll_up
from services.runtime import Runtime
from services.updates import record_update
from store.items import ItemView, history, list_items
from store.models import StatusUpdate, WorkItem

SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "bac-giang-khcn-2020-07-q3.md"
PG_URL = os.environ.get("WORKPLAN_TEST_DATABASE_URL")
JULY, AUGUST, SEPTEMBER = Period.month(2020, 7), Period.month(2020, 8), Period.month(2020, 9)
Q3, Q4 = Period.quarter(2020, 3), Period.quarter(2020, 4)
ON_TIME = "Tìm hiểu, lựa chọn doanh nghiệp ươm tạo công nghệ."
GIVEN_DAY = "Triển khai cuộc thanh tra theo kế hoạch được phê duyệt."
LATE = "Hướng dẫn các tổ chức, cá nhân thực hiện công bố dấu định lượng"
CANCELLED = "Tổ chức hoạt động kiểm tra các cơ sở sản xuất, kinh doanh vàng"
FINISHED_IN_AUGUST = "Thực hiện dịch vụ tư vấn, chuyển giao các tiến bộ KH&CN"
MEETING = "Họp định kỳ: Họp lãnh đạo Sở"
ONE_OFF = "Hội thảo khoa học về chuyển đổi số trong quản lý khoa học và công nghệ."
NAMED_DAY = "Hoàn thiện hồ sơ đề án phát triển thị trường công nghệ trước ngày 15/9/2020."
Q3_ON_TIME = "Cấp kinh phí cho các đề tài, dự án thực hiện từ các năm trước"
Q3_AFTER_ITS_END = "Tổng hợp báo cáo các Doanh nghiệp tham gia GTCLQG năm 2020."
STILL_OPEN = "Họp Hội đồng KH&CN cấp cơ sở."
PARENT = "Hướng dẫn các tổ chức cá nhân đăng ký Sở hữu công nghiệp"


def at(rt: Runtime, *moment: int) -> Runtime:
    return rt.at(datetime(*moment))


def items(rt: Runtime, period: Period | None = None) -> list[ItemView]:
    with Session(rt.engine) as s:
        return list_items(s, period=period.key if period else None)


def find(rt: Runtime, period: Period, start: str) -> ItemView:
    (found,) = [i for i in items(rt, period) if i.text.startswith(start)]
    return found


def add(rt: Runtime, text_: str, *, section: str, lead: str, due: date, period=JULY) -> int:
    """An item written into a period as an import would (with its first history entry)."""
    with rt.engine.begin() as conn:
        item_id = conn.execute(
            insert(WorkItem).returning(WorkItem.id),
            {"period": period.key, "section": section, "bullet": 90, "text": text_, "lead": lead,
             "due": due, "origin": "manual", "updated_at": datetime(2020, 7, 2, 2, 0).astimezone()},
        ).scalar_one()  # fmt: skip
        conn.execute(insert(StatusUpdate), {
            "item_id": item_id, "new_status": "not_started", "new_progress": 0, "by": "test",
            "channel": "import", "at": datetime(2020, 7, 2, 9, 0).astimezone(rt.clock.zone),
        })  # fmt: skip
    return item_id


def update(rt: Runtime, item_id: int, status: str, **more) -> ItemView:
    return record_update(rt, item_id=item_id, actor=None, status=status, by="Nguyễn Văn An",
                         channel="cli", **more)  # fmt: skip


def imported(rt: Runtime) -> Runtime:
    """The sample imported on 02/07/2020, with a one-off meeting and a task due later."""
    import_programme(at(rt, 2020, 7, 2, 9), SAMPLE.read_text("utf-8"), source_name="ctr.md")
    add(rt, ONE_OFF, section="meeting", lead="VP", due=date(2020, 7, 31))
    add(rt, NAMED_DAY, section="task", lead="QLCN", due=date(2020, 9, 15))
    return rt


@dataclass
class Replay:
    rt: Runtime
    july: dict[str, int]  # July's scripted items by name
    outcomes: dict[str, Outcome]
    caught_up: list[Outcome]
    again: list[Outcome]


def _database(request, tmp_path: Path):  # type: ignore[no-untyped-def]
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'workplan.db'}", None
    if not PG_URL:
        pytest.skip("PostgreSQL tests need WORKPLAN_TEST_DATABASE_URL")
    from store.db import make_engine

    schema, admin = f"t_{uuid.uuid4().hex[:12]}", make_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{sep}options=-csearch_path%3D{schema}", (admin, schema)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def replay(request, tmp_path_factory, org):  # type: ignore[no-untyped-def]
    from store.db import upgrade
    from store.departments import sync_departments

    tmp = tmp_path_factory.mktemp("replay")
    url, pg = _database(request, tmp)
    rt = Runtime(Settings(home=tmp / "var", database_url=url, secret_key="k" * 40), org=org)
    upgrade(rt.engine)
    sync_departments(rt.engine, org)
    imported(rt)
    names = {"on_time": ON_TIME, "given_day": GIVEN_DAY, "late": LATE, "cancelled": CANCELLED,
             "august": FINISHED_IN_AUGUST, "meeting": MEETING, "one_off": ONE_OFF,
             "named_day": NAMED_DAY}  # fmt: skip
    july = {name: find(rt, JULY, start).id for name, start in names.items()}
    update(at(rt, 2020, 7, 30, 16), july["on_time"], "done")
    update(at(rt, 2020, 8, 1, 9), july["given_day"], "done", done_on=date(2020, 7, 31))
    update(at(rt, 2020, 8, 1, 9), july["late"], "done")
    update(at(rt, 2020, 7, 20, 9), july["cancelled"], "cancelled", note="UBND tỉnh tạm dừng")
    update(at(rt, 2020, 7, 25, 9), july["august"], "in_progress", progress=40, note="Đã ký 2 hợp đồng")
    outcomes = {"2020-07": roll_up(at(rt, 2020, 8, 3, 7), JULY)}
    update(at(rt, 2020, 8, 20, 9), july["august"], "done")  # an old id: lands in August
    outcomes["2020-08"] = roll_up(at(rt, 2020, 9, 1, 7), AUGUST)
    update(at(rt, 2020, 9, 10, 9), find(rt, Q3, Q3_ON_TIME).id, "done")
    update(at(rt, 2020, 10, 2, 9), find(rt, Q3, Q3_AFTER_ITS_END).id, "done")  # server down
    caught_up = catch_up(at(rt, 2020, 10, 5, 9))
    outcomes |= {o.period.key: o for o in caught_up}
    yield Replay(rt, july, outcomes, caught_up, catch_up(at(rt, 2020, 10, 5, 10)))
    rt.close()
    if pg is not None:
        admin, schema = pg
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def classes(counts) -> tuple[int, ...]:  # type: ignore[no-untyped-def]
    return (*(counts.classes[k] for k in ReportClass), counts.statuses["cancelled"])


def test_july_is_counted_in_the_four_classes_for_each_lead_unit(replay):
    report = replay.outcomes["2020-07"].report
    by_dept = {d.dept: classes(d) for d in report.departments if d.total}
    # (on time, on time with extension, late, open not yet due, open overdue, cancelled),
    # on Monday 03/08/2020
    assert by_dept == {
        "VP": (0, 0, 0, 0, 4, 0),  # two tasks, the periodic meeting and a one-off meeting
        "TTRA": (1, 0, 0, 0, 0, 0),  # finished on 31/07, said on Saturday 01/08
        "QLKH": (0, 0, 0, 0, 5, 0),
        "QLCN": (1, 0, 0, 1, 2, 0),  # one due on 15/09/2020, as its text says
        "QLCNG": (0, 0, 0, 0, 1, 0),
        "TDC": (0, 0, 1, 0, 2, 1),  # one finished on 01/08, one cancelled
        "TTUD": (0, 0, 0, 0, 3, 0),
    }
    assert classes(report.total) == (2, 0, 1, 1, 17, 1) and report.as_of == date(2020, 8, 3)


def test_the_carried_set_is_the_unfinished_set_less_the_meeting_august_holds_itself(replay):
    rt, carried = replay.rt, replay.outcomes["2020-07"].carried
    unfinished = {i.id for i in items(rt, JULY) if i.status not in ("done", "cancelled")}
    august = {i.carried_from for i in items(rt, AUGUST) if i.carried_from is not None}
    assert {c.source for c in carried} == august == unfinished - {replay.july["meeting"]}
    assert [n.item for n in replay.outcomes["2020-07"].not_held] == [replay.july["meeting"]]


def test_a_continuation_keeps_the_text_units_status_progress_and_note(replay):
    rt = replay.rt
    source = find(rt, JULY, FINISHED_IN_AUGUST)
    continuation = find(rt, AUGUST, FINISHED_IN_AUGUST)
    assert (continuation.carried_from, continuation.carry_count) == (source.id, 1)
    assert (continuation.lead, continuation.support) == (source.lead, source.support)
    assert (source.status, source.progress, source.note) == ("in_progress", 40, "Đã ký 2 hợp đồng")
    with Session(rt.engine) as s:
        first = history(s, continuation.id)[0]
    assert (first.by, first.new_status, first.new_progress) == (
        "Chuyển tiếp từ tháng 7/2020", "in_progress", 40)  # fmt: skip


def test_an_update_sent_to_a_closed_item_lands_on_its_continuation(replay):
    rt = replay.rt
    source = find(rt, JULY, FINISHED_IN_AUGUST)
    continuation = find(rt, AUGUST, FINISHED_IN_AUGUST)
    assert source.status == "in_progress", "the closed item did not change"
    assert (continuation.status, continuation.done_on) == ("done", date(2020, 8, 20))
    with Session(rt.engine) as s:
        assert history(s, source.id)[-1].new_status == "in_progress"
    assert not [i for i in items(rt, SEPTEMBER) if i.text == FINISHED_IN_AUGUST]


def test_a_task_open_at_the_end_of_august_is_carried_again_and_lives_once_per_period(replay):
    rt = replay.rt
    copies = [(i.period.key, i.carry_count) for i in items(rt) if i.text == STILL_OPEN]
    assert copies == [("2020-07", 0), ("2020-08", 1), ("2020-09", 2), ("2020-10", 3)]


def test_a_later_named_due_date_is_kept_and_otherwise_the_next_period_ends_it(replay):
    rt = replay.rt
    assert find(rt, AUGUST, NAMED_DAY).due == date(2020, 9, 15)
    assert find(rt, SEPTEMBER, NAMED_DAY).due == date(2020, 9, 30)
    assert find(rt, AUGUST, STILL_OPEN).due == date(2020, 8, 31)


def test_a_one_off_meeting_is_carried_like_a_task(replay):
    meeting = find(replay.rt, AUGUST, ONE_OFF)
    assert (meeting.section, meeting.carried_from) == ("meeting", replay.july["one_off"])


def test_catch_up_after_downtime_rolls_up_september_then_the_quarter_once_each(replay):
    assert [(o.period.key, o.state) for o in replay.caught_up] == [
        ("2020-09", "done"), ("2020-Q3", "done")]  # fmt: skip
    assert replay.again == []
    assert all(o.report.as_of == date(2020, 10, 1) for o in replay.caught_up)


def test_the_quarter_counts_work_finished_after_its_end_as_done_late(replay):
    report = replay.outcomes["2020-Q3"].report
    assert classes(report.total) == (1, 0, 1, 0, 18, 0)
    late = report.in_class(ReportClass.DONE_LATE)
    assert [line.item.text for line in late] == [Q3_AFTER_ITS_END]
    assert len(replay.outcomes["2020-Q3"].carried) == 18


def test_a_month_piece_follows_its_quarter_item_into_the_next_quarter(replay):
    rt = replay.rt
    october = find(rt, Period.month(2020, 10), PARENT)
    parent_q4 = find(rt, Q4, PARENT)
    assert october.part_of == parent_q4.id and parent_q4.carried_from == find(rt, Q3, PARENT).id


def test_the_september_meeting_is_reported_not_held_when_october_has_no_programme(replay):
    outcome = replay.outcomes["2020-09"]
    periodic = find(replay.rt, SEPTEMBER, MEETING)  # the quarter's "tháng 7, 8, 9/2020"
    assert [n.item for n in outcome.not_held] == [periodic.id]
    october = [i.text for i in items(replay.rt, Period.month(2020, 10)) if i.section == "meeting"]
    assert october == [ONE_OFF]


def test_a_second_rollup_of_a_closed_period_creates_nothing(replay):
    rt = replay.rt
    before = len(items(rt))
    again = roll_up(at(rt, 2020, 10, 6, 9), JULY)
    assert (again.state, again.result["carried"], len(items(rt))) == ("already", 17, before)


def test_august_is_compared_with_july(replay):
    change = replay.outcomes["2020-08"].report.change
    assert change is not None and change.previous == JULY
    assert change.classes[ReportClass.DONE_ON_TIME] == -1  # one finished in August, two in July


def test_the_database_refuses_a_second_continuation_of_an_item(replay):
    from sqlalchemy.exc import IntegrityError

    rt, source = replay.rt, replay.july["one_off"]
    with pytest.raises(IntegrityError), rt.engine.begin() as conn:
        conn.execute(insert(WorkItem), {
            "period": "2020-08", "section": "meeting", "bullet": 1, "text": ONE_OFF,
            "lead": "VP", "due": date(2020, 8, 31), "carried_from": source, "origin": "carry",
            "updated_at": datetime(2020, 8, 3).astimezone(),
        })  # fmt: skip
    with rt.engine.connect() as conn:
        found = conn.execute(select(WorkItem.id).where(WorkItem.carried_from == source)).all()
    assert len(found) == 1
