"""Schema-driven fuzzing (schemathesis): every operation in ``/api/v1/schema/`` answers
generated requests — valid ones, and deliberately invalid ones — as the schema documents: no
500, documented status codes and content types, bodies matching their schemas, invalid input
refused with a 4xx. Both as an anonymous caller and with a token carrying every scope.

It runs in-process against the WSGI application (no network, no live server) on the same small
world as the other API tests, with a capped number of examples per operation so it stays fast, and derandomized: every run
(CI's included) tries the same requests.
schemathesis's lazy-fixture pytest integration does not run under pytest 9.2 (it reads a
removed ``_nodeid`` attribute), so operations are driven through its Python API: each
operation's Hypothesis strategy, called and validated by schemathesis's own checks.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from django.core import signals
from django.db import close_old_connections

from rtpt_site.wsgi import application

from .conftest import token_for

EXAMPLES = 8


@pytest.fixture
def connection_kept():
    """schemathesis calls the WSGI application itself, whose request signals close the database
    connection after each request (and with it the test's transaction on PostgreSQL); Django's
    test client keeps it open the same way, for the duration of a request."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
@pytest.mark.parametrize("caller", ["anonymous", "token"])
def test_every_operation_answers_as_documented(world, connection_kept, mode, caller):
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)
    headers = {}
    if caller == "token":
        headers["Authorization"] = f"Bearer {token_for(world.users['county_trainer'])}"
    operations = [result.ok() for result in schema.get_all_operations()]
    # Every endpoint of docs/api.md but the schema and its two docs pages.
    assert len(operations) == 22

    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=EXAMPLES,
            suppress_health_check=list(HealthCheck),
            deadline=None,
            database=None,
            derandomize=True,
        )
        def check(case):
            case.call_and_validate(headers=headers)

        check()
