"""The API as a contract: schemathesis fuzzes every documented operation; nothing may 500."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from aigov.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


@pytest.fixture(autouse=True)
def _db(db):  # every generated request may read the database
    return db


@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_error_and_responses_match_the_document(case):
    # The WSGI transport does not decompress; ask for plain bodies.
    response = case.call(headers={"Accept-Encoding": "identity"})
    assert response.status_code < 500, response.text[:500]
    case.validate_response(
        response,
        excluded_checks=[schemathesis.checks.ignored_auth]
        if hasattr(schemathesis.checks, "ignored_auth")
        else [],
    )


def test_problem_shape_is_pinned(client):
    response = client.get("/api/taxonomy/sdg-targets", {"goal": "not-a-number"})
    assert response.status_code == 422
    assert set(response.json()) == {"type", "title", "status", "code", "detail", "errors"}
    assert set(response.json()["errors"][0]) == {"field", "code", "message"}
