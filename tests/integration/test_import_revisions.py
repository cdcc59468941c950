"""A revised programme imported over the one before: versions, no duplicates, undo."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from domain.problems import InputError
from services.importing import import_programme, list_programmes, undo_import
from store.items import history, list_items, update_status
from store.models import Programme, StatusUpdate, WorkItem

REMOVED = "- Triển khai các cuộc thanh tra theo kế hoạch được phê duyệt.\n"
EDITED = "- Triển khai cuộc thanh tra theo kế hoạch được phê duyệt."
GIVEN_A_DEADLINE = EDITED[:-1] + ", hoàn thành trước ngày 25/7/2020."
ADDED = "- Xây dựng kế hoạch chuyển đổi số của Sở giai đoạn 2021-2025.\n"


def revise(sample: str) -> str:
    """The sample with one task removed, one given a deadline and one added."""
    assert REMOVED in sample and EDITED in sample
    revised = sample.replace(REMOVED, "").replace(EDITED, GIVEN_A_DEADLINE)
    head, tail = revised.rsplit("## **2. Các cuộc họp", 1)  # into the quarter's tasks
    return head + ADDED + "\n## **2. Các cuộc họp" + tail


def items(engine):
    with Session(engine) as s:
        return list_items(s)


def edited_item(engine):
    return next(i for i in items(engine) if i.text.startswith("Triển khai cuộc thanh tra"))


def set_progress(rt, item_id, progress=40, by="Nguyễn Văn A"):
    with rt.session() as s:
        update_status(s, item_id=item_id, status="in_progress", progress=progress, by=by,
                      channel="cli", now=rt.now())  # fmt: skip


def test_a_revision_keeps_progress_cancels_the_removed_task_and_adds_the_new(rt, sample_text):
    _, first = import_programme(rt, sample_text, source_name="ctr.md")
    set_progress(rt, edited_item(rt.engine).id)
    revised = revise(sample_text)
    _, preview = import_programme(rt, revised, source_name="ctr-sua-doi.md", dry_run=True)
    counts = {k: len(getattr(preview.revision, k)) for k in ("added", "removed", "edited", "unchanged")}
    assert counts == {"added": 1, "removed": 1, "edited": 1, "unchanged": 40}
    assert len(items(rt.engine)) == 42, "the dry run wrote nothing"
    _, stored = import_programme(rt, revised, source_name="ctr-sua-doi.md")
    assert (stored.programme_id, stored.version, stored.created) == (first.programme_id, 2, True)
    everything = items(rt.engine)
    live = [i for i in everything if i.status != "cancelled"]
    assert (len(everything), len(live), stored.items) == (43, 42, 42)
    edited = edited_item(rt.engine)
    assert edited.text.endswith("trước ngày 25/7/2020.") and edited.due.isoformat() == "2020-07-25"
    assert (edited.status, edited.progress) == ("in_progress", 40)
    removed = next(i for i in everything if i.status == "cancelled")
    assert removed.text == REMOVED[2:-1] and removed.note.startswith("Bỏ khỏi chương trình")
    with Session(rt.engine) as s:
        channels = [(e.channel, e.new_progress) for e in history(s, edited.id)]
    assert channels == [("import", 0), ("cli", 40), ("import", 40)]
    assert any(i.text == ADDED[2:-1] for i in live)


def test_the_same_programme_with_other_line_endings_or_spaces_changes_nothing(rt, sample_text):
    _, first = import_programme(rt, sample_text, source_name="ctr.md")
    variant = "\r\n".join(line + "  " for line in sample_text.splitlines())
    _, second = import_programme(rt, variant, source_name="ctr.txt")
    assert not second.created and second.programme_id == first.programme_id
    assert len(items(rt.engine)) == 42


def test_a_task_of_another_programme_in_the_same_period_links_to_the_live_item(rt, sample_text):
    import_programme(rt, sample_text, source_name="quy.md")
    monthly = (
        "**CHƯƠNG TRÌNH**\n**Công tác tháng 7 năm 2020**\n\n**1. Các nhiệm vụ trọng tâm**\n\n"
        f"{EDITED}\n- Tổ chức tập huấn nghiệp vụ thanh tra chuyên ngành.\n"
    )
    plan, stored = import_programme(rt, monthly, source_name="thang-7.md")
    assert (len(stored.revision.linked), len(stored.revision.added)) == (1, 1)
    assert [n.code for n in plan.notices if n.code == "linked_task"] == ["linked_task"]
    assert len(items(rt.engine)) == 43
    with Session(rt.engine) as s:
        assert s.execute(select(func.count()).select_from(Programme)).scalar_one() == 2


def test_undo_refuses_when_an_item_the_import_touched_was_updated(rt, sample_text):
    _, first = import_programme(rt, sample_text, source_name="ctr.md")
    set_progress(rt, edited_item(rt.engine).id)
    import_programme(rt, revise(sample_text), source_name="ctr-sua-doi.md")
    with pytest.raises(InputError) as refused:
        undo_import(rt, first.programme_id)
    assert refused.value.code == "undo_refused_updated"
    assert refused.value.params["by"] == "Nguyễn Văn A"
    assert len(items(rt.engine)) == 43


def test_undo_of_a_revision_puts_every_item_back_as_it_was(rt, sample_text):
    _, first = import_programme(rt, sample_text, source_name="ctr.md")
    before = [(i.id, i.text, i.status, i.due, i.version, i.bullet) for i in items(rt.engine)]
    with Session(rt.engine) as s:
        history_rows = s.execute(select(func.count()).select_from(StatusUpdate)).scalar_one()
    import_programme(rt, revise(sample_text), source_name="ctr-sua-doi.md")
    assert undo_import(rt, first.programme_id) == (2, 1)
    after = [(i.id, i.text, i.status, i.due, i.version, i.bullet) for i in items(rt.engine)]
    assert after == before
    with Session(rt.engine) as s:
        assert s.execute(select(func.count()).select_from(StatusUpdate)).scalar_one() == history_rows
    assert [v.number for v in list_programmes(rt)] == [1]
    _, again = import_programme(rt, revise(sample_text), source_name="ctr-sua-doi.md")
    assert again.version == 2 and len(again.revision.added) == 1


def test_undo_of_a_first_import_removes_the_programme_and_its_items(rt, sample_text):
    _, first = import_programme(rt, sample_text, source_name="ctr.md")
    assert undo_import(rt, first.programme_id) == (1, 42)
    with Session(rt.engine) as s:
        assert s.execute(select(func.count()).select_from(WorkItem)).scalar_one() == 0
        assert s.execute(select(func.count()).select_from(Programme)).scalar_one() == 0
    assert list_programmes(rt) == []


def test_undo_of_an_unknown_programme_names_it(rt):
    with pytest.raises(InputError) as refused:
        undo_import(rt, 99)
    assert (refused.value.code, refused.value.params) == ("unknown_programme", {"id": 99})


def test_the_list_shows_each_version_with_its_changes(rt, sample_text):
    import_programme(rt, sample_text, source_name="ctr.md")
    import_programme(rt, revise(sample_text), source_name="ctr-sua-doi.md")
    listed = list_programmes(rt)
    assert [(v.number, v.latest, v.source_name) for v in listed] == [
        (1, False, "ctr.md"), (2, True, "ctr-sua-doi.md"),
    ]  # fmt: skip
    assert listed[1].counts == {"added": 1, "edited": 1, "removed": 1, "unchanged": 40, "linked": 0}
    assert listed[1].live_items == 42


def sample_as_docx(sample: str) -> bytes:
    """The sample typed into Word: one paragraph per line, headings in bold."""
    import io

    from docx import Document

    document = Document()
    for line in sample.splitlines():
        text = line.replace("*", "").replace("#", "").strip()
        if text:
            run = document.add_paragraph().add_run(text)
            run.bold = line.lstrip("#").strip().startswith("**")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_the_docx_of_a_programme_imported_as_markdown_is_the_same_programme(rt, sample_text):
    from documents.reading import read_bytes

    _, first = import_programme(rt, sample_text, source_name="ctr.md")
    text = read_bytes("ctr.docx", sample_as_docx(sample_text))
    _, second = import_programme(rt, text, source_name="ctr.docx")
    assert not second.created and second.programme_id == first.programme_id
    assert len(items(rt.engine)) == 42


def test_a_programme_imported_before_versions_is_found_by_its_content(rt, sample_text):
    """A database upgraded from 0002 keeps its programmes: the same text again is theirs."""
    from alembic import command
    from sqlalchemy import update

    from store.db import _alembic_config
    from store.importer import content_hash

    _, first = import_programme(rt, sample_text, source_name="ctr.md")
    with rt.begin() as conn:  # as the importer before versions left it
        conn.execute(update(Programme).values(identity=None))
    command.downgrade(_alembic_config(rt.engine), "0002")
    command.upgrade(_alembic_config(rt.engine), "head")
    with Session(rt.engine) as s:
        row = s.execute(select(Programme)).scalar_one()
    assert (row.identity, row.content_hash) == (None, content_hash(sample_text))
    _, again = import_programme(rt, sample_text, source_name="ctr.md")
    assert not again.created and again.programme_id == first.programme_id
    assert [v.number for v in list_programmes(rt)] == [1]
