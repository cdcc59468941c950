"""Fixtures of the web tests: a database holding the sample programme, the app on it
(on a clock the test moves), and signed links."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert
from sqlalchemy.engine import Engine

from config.settings import Settings
from notifications.links import make_token
from services.clock import Clock
from services.importing import import_programme
from services.runtime import Runtime
from store.models import StatusUpdate, WorkItem

XSS = "<script>alert(1)</script>"
# 20 July 2020, 10:00 in Việt Nam: July's items are due in 11 days.
JULY_20 = datetime(2020, 7, 20, 3, 0, tzinfo=UTC)
# The programme was imported on 2 July 2020, 09:00 in Việt Nam.
IMPORTED = datetime(2020, 7, 2, 2, 0, tzinfo=UTC)


@dataclass
class MovableClock:
    """A clock the test moves by hand."""

    now: datetime = field(default=JULY_20)

    def __call__(self) -> datetime:
        return self.now


def add_item(engine: Engine, text: str, *, lead: str, period: str = "2020-07",
             due: date = date(2020, 7, 31)) -> int:
    """Insert one item (with its import record) as an import would."""
    with engine.begin() as conn:
        item_id = conn.execute(
            insert(WorkItem).returning(WorkItem.id),
            {"period": period, "section": "task", "bullet": 99, "text": text, "lead": lead,
             "due": due, "origin": "manual", "updated_at": IMPORTED},
        ).scalar_one()
        conn.execute(insert(StatusUpdate), {
            "item_id": item_id, "new_status": "not_started", "new_progress": 0,
            "by": "test", "channel": "import", "at": IMPORTED,
        })
    return item_id


@pytest.fixture
def seeded(rt: Runtime, sample_text: str) -> Engine:
    """The sample programme imported, plus an item whose text is a script tag (TTRA's)."""
    import_programme(rt.at(IMPORTED), sample_text, source_name="bac-giang-khcn-2020-07-q3.md")
    add_item(rt.engine, XSS, lead="TTRA")
    return rt.engine


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock()


@pytest.fixture
def runtime(rt: Runtime, seeded: Engine, clock: MovableClock) -> Runtime:
    """The test runtime on the clock the test moves."""
    return rt.with_clock(Clock(rt.clock.zone, clock))


@pytest.fixture
def client(runtime: Runtime) -> Iterator[TestClient]:
    from workplan.web.app import create_app

    with TestClient(create_app(runtime), follow_redirects=False) as c:
        yield c


@pytest.fixture
def token(settings: Settings):  # type: ignore[no-untyped-def]
    """``token("TTRA")`` or ``token()`` for leadership, signed with the app's secret; the
    same arguments give the same link within a test (a page's forms are bound to its link)."""
    made: dict[tuple[str | None, int], str] = {}

    def make(dept: str | None = None, days: int = 30) -> str:
        if (dept, days) not in made:
            secret = settings.secret()
            made[dept, days] = (
                make_token(secret, leadership=True, days=days) if dept is None
                else make_token(secret, dept=dept, days=days)
            )
        return made[dept, days]

    return make


@pytest.fixture
def xss() -> str:
    return XSS


@pytest.fixture(name="add_item")
def add_item_fixture():  # type: ignore[no-untyped-def]
    return add_item


@pytest.fixture(name="form_of")
def form_of_fixture():  # type: ignore[no-untyped-def]
    return form_of


def form_of(html: str, item_id: int) -> dict[str, str]:
    """An item's fields on a department page as shown (its hidden fields, status and
    progress) with the page's form token: what ``POST /d/<token>/items/<id>`` takes."""
    start = html.index(f'id="item-{item_id}"')
    block = html[start : html.index("</article>", start)]
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', block))
    fields["csrf"] = re.search(r'<input type="hidden" name="csrf" value="([^"]*)"', html)[1]  # type: ignore[index]
    fields["progress"] = re.search(r'name="progress"[^>]*value="(\d+)"', block)[1]  # type: ignore[index]
    fields["status"] = re.search(r'<option value="(\w+)" selected', block)[1]  # type: ignore[index]
    return fields
