"""NUL characters (which PostgreSQL text cannot hold) are refused as bad input, never a 500."""

import pytest
from django.test import Client

from aigov.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_nul_in_a_query_parameter_matches_nothing(client: Client):
    from aigov.capacity.tests.factories import make_offering

    make_offering(slug="findable", titles={"en": "Findable"})
    response = client.get("/api/standards/", {"risk_area": "\x00", "status": "proposal"})
    assert response.status_code == 200 and response.json()["count"] == 0
    offerings = client.get("/api/capacity/offerings", {"provider": "a\x00b"})
    assert offerings.status_code == 200 and offerings.json()["count"] == 0
    assert client.get("/api/search", {"q": "Find\x00able"}).status_code == 200
    assert client.get("/en/search/", {"q": "a\x00b"}).status_code == 200
    assert client.get("/en/capacity/", {"q": "Find\x00"}).status_code == 200


def test_a_nul_in_an_address_is_not_found(client: Client):
    assert client.get("/api/capacity/offerings/bad%00slug").status_code == 404
    assert client.get("/en/capacity/offerings/bad%00slug/").status_code == 404


def test_a_nul_in_a_json_body_is_a_problem_naming_where(client: Client):
    client.force_login(UserFactory(role="learner"))
    response = client.post(
        "/api/capacity/collections",
        {"titles": {"en": "Reading\x00list"}},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "titles.en"
    # Refused after authentication: an anonymous writer is told to sign in first.
    anonymous = Client().post(
        "/api/capacity/collections",
        {"titles": {"en": "Reading\x00list"}},
        content_type="application/json",
    )
    assert anonymous.status_code == 401
    # The credential verifier judges any body itself, NUL included, and keeps its shape.
    verify = client.post(
        "/api/capacity/credentials/verify", '{"a": "\\u0000"}', content_type="application/json"
    )
    assert verify.status_code == 200 and verify.json()["valid"] is False
