"""The ledger of job runs: a run happens once per job and key, or not at all."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy.exc import IntegrityError

from store import ledger

NOW = datetime(2020, 7, 28, 1, 0, tzinfo=UTC)


def test_a_finished_run_is_found_and_not_claimed_again(engine):
    with engine.begin() as conn:
        assert ledger.claim(conn, job="remind", key="2020-07-28", now=NOW) is None
        ledger.finish(conn, job="remind", key="2020-07-28", now=NOW, result={"queued": 3})
    with engine.begin() as conn:
        again = ledger.claim(conn, job="remind", key="2020-07-28", now=NOW)
    assert again is not None and again.result == {"queued": 3} and again.finished_at == NOW


def test_a_run_that_rolled_back_leaves_no_trace(engine):
    with pytest.raises(RuntimeError), engine.begin() as conn:
        ledger.claim(conn, job="digest", key="2020W31", now=NOW)
        raise RuntimeError("died midway")
    with engine.begin() as conn:
        assert ledger.find(conn, job="digest", key="2020W31") is None


def test_two_runs_at_once_cannot_both_claim(engine):
    first = engine.connect()
    first.begin()
    ledger.claim(first, job="rollup", key="2020-Q3", now=NOW)
    first.commit()
    first.close()
    with pytest.raises(IntegrityError), engine.begin() as conn:
        from sqlalchemy import insert

        conn.execute(insert(ledger.TABLE).values(job="rollup", key="2020-Q3", started_at=NOW,
                                                 result={}))
