"""The API as a contract: schemathesis fuzzes every documented operation; nothing may 500."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from aigov.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


@pytest.fixture(autouse=True)
def _db(db):
    """Every generated request may read the database.

    Calling the WSGI application directly fires request_started/finished, whose handler closes
    the database connection — the test's transaction with it. Django's test client disconnects
    that handler for the same reason; so do we.
    """
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield db
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_error_and_responses_match_the_document(case):
    # The WSGI transport does not decompress; ask for plain bodies.
    response = case.call(headers={"Accept-Encoding": "identity"})
    assert response.status_code < 500, response.text[:500]
    assert response.status_code != 429, "the suite loosens rate limits; a 429 here hides a check"
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


@pytest.fixture
def write_token(db):  # type: ignore[no-untyped-def]
    """A write-scoped token of a secretariat member who has set up the second factor."""
    from allauth.mfa.models import Authenticator

    from aigov.accounts import services
    from aigov.accounts.tests.factories import UserFactory

    user = UserFactory(role="secretariat")
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    return services.token_create(actor=user, user=user, scopes=["read", "write"]).raw


@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
def test_with_a_write_token_nothing_may_500_or_break_the_document(case, write_token):
    """The same fuzzing as the secretariat's scripts would send: every write operation runs,
    nothing answers 5xx, every status is documented and every body matches its schema.

    Two checks are left to other tests: the domain refuses some requests the schema allows (an
    unknown country code, a proposal already decided) with a documented problem, and this test
    adds the token to cases generated to lack it, so "negative data accepted" would be ours.
    """
    response = case.call(
        headers={"Accept-Encoding": "identity", "Authorization": f"Bearer {write_token}"}
    )
    assert response.status_code < 500, response.text[:500]
    assert response.status_code != 429, "the suite loosens rate limits; a 429 here hides a check"
    checks = schemathesis.checks
    case.validate_response(
        response,
        excluded_checks=[
            getattr(checks, name)
            for name in ("ignored_auth", "positive_data_acceptance", "negative_data_rejection")
            if hasattr(checks, name)
        ],
    )


def test_a_date_filter_refuses_seconds_since_1970(client):
    """`since=0` was read as 1 January 1970 (issue 17, part 7)."""
    from allauth.mfa.models import Authenticator

    from aigov.accounts.tests.factories import UserFactory

    user = UserFactory(role="secretariat")
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client.force_login(user)
    refused = client.get("/api/audit/entries", {"since": "0"})
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "since"
    assert client.get("/api/audit/entries", {"since": "2024-01-01"}).status_code == 200
