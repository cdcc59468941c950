"""Importing programmes into a real database (SQLite, and PostgreSQL when configured)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from domain.organisation import Department as OrgDepartment
from domain.problems import InputError
from services.importing import import_programme
from services.runtime import Runtime
from store.items import history, list_items
from store.models import ItemSupport, Period, Programme, StatusUpdate, WorkItem


def counts(engine) -> dict[str, int]:
    with Session(engine) as s:
        return {
            model.__name__: s.execute(select(func.count()).select_from(model)).scalar_one()
            for model in (Programme, Period, WorkItem, ItemSupport, StatusUpdate)
        }


def test_the_sample_becomes_items_in_july_and_the_third_quarter(rt, engine, org, sample_text):
    plan, result = import_programme(rt, sample_text, source_name="sample.md")
    assert result.created and result.items == len(plan.items)
    with Session(engine) as s:
        items = list_items(s)
        keys = {p.key for p in s.execute(select(Period)).scalars()}
        programme = s.execute(select(Programme)).scalar_one()
    assert {"2020-07", "2020-08", "2020-09", "2020-Q3"} <= keys
    assert {i.period.key for i in items} == {"2020-07", "2020-08", "2020-09", "2020-Q3"}
    assert programme.signer_name == "Nguyễn Thanh Bình"
    assert "Lãnh đạo Sở" in programme.recipients
    assert all(i.status == "not_started" and i.progress == 0 and i.version == 1 for i in items)
    inspection = next(i for i in items if i.text.startswith("Triển khai cuộc thanh tra"))
    assert (inspection.period.key, inspection.lead, inspection.due.isoformat()) == (
        "2020-07",
        "TTRA",
        "2020-07-31",
    )


def test_every_imported_item_starts_its_history(rt, engine, org, sample_text):
    import_programme(rt, sample_text, source_name="sample.md")
    with Session(engine) as s:
        first = list_items(s)[0]
        entries = history(s, first.id)
    assert [(e.old_status, e.new_status, e.channel) for e in entries] == [
        (None, "not_started", "import")
    ]


def test_supporting_departments_are_stored_and_found_by_department(rt, engine, org, sample_text):
    plan, _ = import_programme(rt, sample_text, source_name="sample.md")
    supported = [(p.lead, p.support) for p in plan.items if p.support]
    assert supported, "the sample has tasks with supporting departments"
    lead, support = supported[0]
    with Session(engine) as s:
        for_support = list_items(s, dept=support[0])
    assert any(support[0] in i.support and i.lead != support[0] for i in for_support)


def test_a_month_task_repeating_its_quarter_task_is_linked_to_it(rt, engine, org, sample_text):
    import_programme(rt, sample_text, source_name="sample.md")
    with Session(engine) as s:
        items = {i.id: i for i in list_items(s)}
    linked = [i for i in items.values() if i.part_of is not None]
    assert linked
    for item in linked:
        parent = items[item.part_of]
        assert parent.period.key == "2020-Q3" and item.period.key == "2020-07"


def test_importing_the_same_document_twice_changes_nothing(rt, engine, org, sample_text):
    _, first = import_programme(rt, sample_text, source_name="sample.md")
    before = counts(engine)
    _, second = import_programme(rt, sample_text.replace("\n", "\r\n"), source_name="copy.md")
    assert not second.created
    assert second.programme_id == first.programme_id and second.items == first.items
    assert counts(engine) == before


def test_a_failure_mid_import_leaves_the_database_unchanged(rt, engine, org, sample_text):
    """A department known to the rules but not to the database makes the item insert fail."""
    import_programme(rt, sample_text, source_name="sample.md")
    before = counts(engine)
    ghost = OrgDepartment("GHOST", "Phòng Ma", "ghost@example.vn", keywords=("thanh tra",))
    broken = replace(org, departments=(ghost, *org.departments))
    doc = sample_text.replace("7", "10").replace("III", "IV").replace("8, 9", "11, 12")
    with pytest.raises(IntegrityError):
        import_programme(Runtime(rt.settings, org=broken), doc, source_name="other.md")
    assert counts(engine) == before


def test_a_document_without_tasks_is_refused(rt, engine, org):
    with pytest.raises(InputError) as err:
        import_programme(rt, "CHƯƠNG TRÌNH\nCông tác tháng 7 năm 2020\n", source_name="empty.md")
    assert err.value.code == "no_tasks"
    assert counts(engine)["Programme"] == 0


def test_two_imports_of_one_document_at_once_store_it_once(rt, engine, org, sample_text, monkeypatch):
    """The second import does not see the first (it committed after the check) and collides."""
    import store.importer as importer

    _, first = import_programme(rt, sample_text, source_name="sample.md")
    before = counts(engine)
    real_find = importer.programmes.find
    calls = []

    def find_too_early(conn, identity, digest):
        calls.append(digest)
        return None if len(calls) == 1 else real_find(conn, identity, digest)

    monkeypatch.setattr(importer.programmes, "find", find_too_early)
    _, second = import_programme(rt, sample_text, source_name="again.md")
    assert len(calls) == 2
    assert not second.created and second.programme_id == first.programme_id
    assert counts(engine) == before
