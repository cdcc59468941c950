"""Who answered a round: the ids people updated in between, read as one list, against
the updates written; on SQLite and PostgreSQL."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import insert
from sqlalchemy.engine import Engine

from domain.chasing import StatusRound, assess_round
from domain.periods import Period
from services.chasing import round_response
from store.importer import ensure_periods
from store.ledger import Run
from store.models import JobRun, StatusUpdate, WorkItem
from store.selections import last_run, last_run_answered, updated_between

ASKED = datetime(2020, 8, 10, 2, 0, tzinfo=UTC)
UNTIL = ASKED + timedelta(days=3)


def _fill(engine: Engine, codes: tuple[str, ...], seed: int) -> tuple[Run, set[int]]:
    """Items, a round that asked some departments about some of them (one asked about
    nothing, one not at all), and updates around it of every channel and action."""
    rng, codes = random.Random(seed), codes[:6]
    items = [{"id": n, "period": "2020-Q3", "section": "task", "bullet": n, "text": f"Việc {n}",
              "lead": rng.choice(codes), "due": date(2020, 9, 30), "status": "in_progress",
              "progress": 40, "origin": "import", "updated_at": ASKED} for n in range(1, 201)]  # fmt: skip
    requested: dict[str, list[int]] = {code: [] for code in codes[:-1]}
    for item in items[:150]:  # the round asked about the first 150 items, by their lead
        if item["lead"] in requested and item["lead"] != codes[-2]:
            requested[item["lead"]].append(item["id"])
    history = [{"item_id": rng.randint(1, 200), "old_status": "in_progress",
                "new_status": "in_progress", "old_progress": 40, "new_progress": 50, "by": "t",
                "channel": rng.choice(["web", "cli", "api", "flow", "import"]),
                "action": rng.choice(["update", "update", "extension_requested", "directive"]),
                "at": ASKED + timedelta(hours=rng.choice([-5, 0, 1, 30, 72, 73, 90]))}
               for _ in range(rng.randint(0, 120))]  # fmt: skip
    run = {"job": "collect", "key": "2020W33", "started_at": ASKED, "finished_at": ASKED,
           "result": {"reply_by": "2020-08-12", "requested": requested}}  # fmt: skip
    with engine.begin() as conn:
        ensure_periods(conn, [Period.quarter(2020, 3)])
        conn.execute(insert(WorkItem.__table__), items)
        if history:
            conn.execute(insert(StatusUpdate.__table__), history)
        conn.execute(insert(JobRun.__table__), run)
    answers = {h["item_id"] for h in history if ASKED < h["at"] <= UNTIL
               and h["channel"] in ("web", "cli", "api")
               and h["action"] in ("update", "extension_requested")}  # fmt: skip
    return Run("collect", "2020W33", ASKED, ASKED, run["result"]), answers  # type: ignore[arg-type]


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_a_rounds_answers_are_the_asked_ids_people_updated_since(engine, org, seed):
    asked, answers = _fill(engine, org.codes, seed)
    with engine.connect() as conn:
        updated = updated_between(conn, since=ASKED, until=UNTIL)
        got = round_response(conn, asked, until=UNTIL)
    assert updated == answers
    requested = {d: frozenset(ids) for d, ids in asked.result["requested"].items()}
    assert got == assess_round(StatusRound(ASKED, requested), updated=answers)
    assert [d.dept for d in got.departments] == sorted(d for d, ids in requested.items() if ids)
    assert 0 < got.answered < got.asked or seed != 1  # the first seed has both kinds


def test_a_round_nobody_answered_chases_everyone_asked(engine, org):
    asked, _ = _fill(engine, org.codes, 5)
    with engine.connect() as conn:
        assert updated_between(conn, since=ASKED, until=ASKED) == set()  # nothing yet
        got = round_response(conn, asked, until=ASKED)
    assert got.answered == 0
    assert got.to_chase == tuple(sorted(d for d, ids in asked.result["requested"].items() if ids))


def test_the_last_round_comes_with_the_items_answered_since_it_started(engine, org):
    asked, answers = _fill(engine, org.codes, 2)
    with engine.connect() as conn:
        assert last_run_answered(conn, job="collect", before=ASKED - timedelta(seconds=1),
                                 until=UNTIL) is None  # fmt: skip
        found = last_run_answered(conn, job="collect", before=UNTIL, until=UNTIL)
        assert found == (last_run(conn, job="collect", before=UNTIL), answers)
    assert found is not None and found[0].started_at == ASKED and answers
