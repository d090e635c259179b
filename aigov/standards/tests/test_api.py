from typing import get_args

import pytest

from aigov.accounts.models import Role
from aigov.accounts.tests.factories import UserFactory
from aigov.standards import api as standards_api
from aigov.standards import selectors
from aigov.standards.models import Review, Standard, Status
from aigov.standards.tests.contract import misdocumented_schemas

pytestmark = pytest.mark.django_db


def test_list_is_paginated_and_filters_by_status_topic_stage_and_sdo(client):
    everything = client.get("/api/standards/", {"limit": 500}).json()
    assert everything["count"] == 159
    developing = client.get("/api/standards/", {"status": "under_development"}).json()
    assert developing["count"] == 47
    assert {item["status"] for item in developing["items"]} == {"under_development"}
    energy = client.get("/api/standards/", {"topic": "energy-environment"}).json()
    assert energy["count"] == 11
    retirement = client.get("/api/standards/", {"lifecycle_stage": "retirement"}).json()
    assert (
        retirement["count"]
        == Standard.objects.filter(lifecycle_stages__slug="retirement").count()
        > 0
    )
    body = Standard.objects.get(reference="ISO/IEC 42001:2023").body
    by_body = client.get("/api/standards/", {"sdo": body.pk, "limit": 500}).json()
    assert by_body["count"] == Standard.objects.filter(body=body).count()
    assert {item["sdo"] for item in by_body["items"]} == {body.name}
    assert client.get("/api/standards/", {"risk_area": "democracy"}).json()["count"] == 0
    assert client.get("/api/standards/", {"status": "lost"}).status_code == 422


def test_detail_has_tags_and_status_history(client):
    standard = Standard.objects.get(reference="ISO/IEC 22989:2022")
    body = client.get(f"/api/standards/{standard.pk}").json()
    assert body["reference"] == "ISO/IEC 22989:2022"
    assert body["status_history"][0]["changed_on"] == "2022-07-19"
    assert body["lifecycle_stages"][0]["slug"] == "design"
    assert client.get("/api/standards/999999").status_code == 404


def test_gaps_endpoint_matches_the_command_shape(client):
    body = client.get("/api/standards/gaps", {"rows": "topic", "cols": "lifecycle_stage"}).json()
    energy = body["cells"]["energy & environment"]
    assert energy["design"] == {"published": 5, "under_development": 0}
    assert energy["development"] == {"published": 7, "under_development": 2}
    # every cell agrees with counting one cell at a time
    assert body == selectors.coverage_counts_by_loop(rows="topic", cols="lifecycle_stage")


def test_posting_a_review_needs_a_signed_in_participant(client):
    standard = Standard.objects.first()
    payload = {"position": "support", "rationale": "Useful.", "scores": {"measurability": 5}}
    url = f"/api/standards/{standard.pk}/reviews"
    assert client.post(url, payload, content_type="application/json").status_code == 401
    client.force_login(UserFactory(role=Role.LEARNER))
    assert client.post(url, payload, content_type="application/json").status_code == 403
    client.force_login(UserFactory(role=Role.EXPERT))
    response = client.post(url, payload, content_type="application/json")
    assert response.status_code == 201, response.content
    assert client.get(url).json()["count"] == 1


def test_every_schema_of_the_module_is_documented_as_defined(client):
    document = client.get("/api/openapi.json").json()
    assert misdocumented_schemas(document, standards_api) == []


def test_a_review_posted_as_documented_is_accepted(client):
    document = client.get("/api/openapi.json").json()
    operation = document["paths"]["/api/standards/{standard_id}/reviews"]["post"]
    reference = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    schema = document["components"]["schemas"][reference.rsplit("/", 1)[-1]]
    assert {"position", "rationale"} <= set(schema["required"])
    assert schema["properties"]["position"]["enum"] == list(Review.Position.values)
    client.force_login(UserFactory(role=Role.EXPERT))
    standard = Standard.objects.first()
    body = {"position": schema["properties"]["position"]["enum"][0], "rationale": "Sound."}
    response = client.post(
        f"/api/standards/{standard.pk}/reviews", body, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    # The shape another module's review takes (decision and note) is refused, as documented.
    refused = client.post(
        f"/api/standards/{standard.pk}/reviews",
        {"decision": "accept", "note": "Fine."},
        content_type="application/json",
    )
    assert refused.status_code == 422


def test_the_api_spells_out_the_model_choices():
    assert get_args(standards_api.StandardStatus) == tuple(Status.values)
    assert get_args(standards_api.ReviewPosition) == tuple(Review.Position.values)
