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
