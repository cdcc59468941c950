from sqlalchemy import inspect

from store.db import is_ready, make_engine, upgrade


def test_upgrading_an_empty_database_creates_the_schema_and_can_be_repeated(db_url):
    engine = make_engine(db_url)
    assert not is_ready(engine)
    upgrade(engine)
    upgrade(engine)
    tables = set(inspect(engine).get_table_names())
    assert {"department", "period", "programme", "work_item", "item_support", "status_update",
            "outbox", "alembic_version"} <= tables
    engine.dispose()



def test_the_list_indexes_come_with_the_upgrade_as_the_models_declare_them(db_url):
    """0007's indexes: the upgrade makes each as the models declare it (so ``create_all``
    and the migrations agree); a downgrade to 0006 drops them, the upgrade adds them again."""
    from alembic import command
    from sqlmodel import SQLModel

    from store.db import _alembic_config

    wanted = {"work_item": {"ix_work_item_period_due", "ix_work_item_done_on",
                            "ix_work_item_origin"},
              "status_update": {"ix_status_update_item_at"}}  # fmt: skip

    def found(engine):  # type: ignore[no-untyped-def]
        return {(table, i["name"], tuple(i["column_names"]))
                for table, names in wanted.items()
                for i in inspect(engine).get_indexes(table) if i["name"] in names}  # fmt: skip

    declared = {(table, i.name, tuple(c.name for c in i.columns))
                for table, names in wanted.items()
                for i in SQLModel.metadata.tables[table].indexes if i.name in names}  # fmt: skip
    assert len(declared) == 4
    engine = make_engine(db_url)
    upgrade(engine)
    assert found(engine) == declared
    command.downgrade(_alembic_config(engine), "0006")
    assert found(engine) == set()
    upgrade(engine)
    assert found(engine) == declared
    engine.dispose()
