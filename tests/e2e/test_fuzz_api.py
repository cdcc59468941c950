"""Schemathesis drives the REST API from its own OpenAPI schema against the real app (SQLite,
and PostgreSQL when ``WORKPLAN_TEST_DATABASE_URL`` is set), with a department token and
the leadership token: no server error, every answer in the documented shape.

``WORKPLAN_FUZZ_EXAMPLES`` sets the examples per operation (``make soak`` raises it).
Not checked: that schema-violating requests are refused (``negative_data_rejection``):
the API ignores unknown query parameters and reads a period written as people write it
(``Quý III/2020``) as well as its key; nor, for the status change, that every
schema-valid body is accepted: the status rules (100 % means done) and a department's
own items are not in the schema, and are refused with a documented 403 or 422.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import negative_data_rejection, positive_data_acceptance

EXAMPLES = int(os.environ.get("WORKPLAN_FUZZ_EXAMPLES", "25"))
RUN: dict[str, int] = {"calls": 0, "server_errors": 0}


@pytest.fixture
def api_schema(runtime):  # type: ignore[no-untyped-def]
    from workplan.web.app import create_app

    return schemathesis.openapi.from_asgi("/openapi.json", create_app(runtime))


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_answers_every_generated_request_as_documented(case, token):  # type: ignore[no-untyped-def]
    excluded = [negative_data_rejection]
    if case.method.upper() == "POST":
        excluded.append(positive_data_acceptance)
    for caller in (token("TTRA"), token()):  # a department, then leadership
        response = case.call_and_validate(
            headers={"Authorization": f"Bearer {caller}"}, excluded_checks=excluded
        )
        RUN["calls"] += 1
        assert response.status_code < 500
