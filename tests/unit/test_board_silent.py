"""The board's silent departments are the chasing rule's departments to chase."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest

from domain.chasing import silent_departments
from services.chasing import assess
from store.ledger import Run

ASKED = datetime(2020, 8, 10, 3, 0, tzinfo=UTC)


@pytest.mark.parametrize("seed", range(20))
def test_the_silent_departments_are_those_the_chasing_rule_chases(seed: int) -> None:
    rng = random.Random(seed)
    codes = ["VP", "KHTC", "TCCB", "QLCL", "NVY", "TTRA", "NVD", "BHYT"]
    requested = {code: rng.sample(range(1, 400), rng.choice([0, 1, 3, 40]))
                 for code in rng.sample(codes, rng.randint(0, len(codes)))}  # fmt: skip
    updated = set(rng.sample(range(1, 400), rng.choice([0, 1, 5, 60])))
    asked = Run("collect", "2020W33", ASKED, ASKED, {"requested": requested})
    assert silent_departments(requested, updated) == assess(asked, updated).to_chase


def test_a_round_that_asked_nothing_has_no_silent_department() -> None:
    assert silent_departments({"VP": []}, {1}) == ()
    assert silent_departments({}, set()) == ()
