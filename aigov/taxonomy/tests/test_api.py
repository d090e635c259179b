import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_un_member_countries_paginate_with_count_and_items(client: Client):
    body = client.get("/api/taxonomy/countries", {"un_member": "true", "limit": 50}).json()
    assert set(body) == {"count", "items"}
    assert body["count"] == 193
    assert len(body["items"]) == 50
    first = body["items"][0]
    assert {"iso3", "regional_group", "income_group", "names"} <= set(first)
    everyone = []
    for offset in range(0, 193, 50):
        everyone += client.get(
            "/api/taxonomy/countries", {"un_member": "true", "limit": 50, "offset": offset}
        ).json()["items"]
    assert len({c["iso3"] for c in everyone}) == 193
    assert all(c["regional_group"] for c in everyone)
    unclassified = sorted(c["iso3"] for c in everyone if c["income_group"] is None)
    assert unclassified == ["ETH", "VEN"]


def test_country_filters(client: Client):
    weog = client.get("/api/taxonomy/countries", {"regional_group": "WEOG", "limit": 100}).json()
    assert weog["count"] == 29
    assert "USA" in {c["iso3"] for c in weog["items"]}
    low = client.get(
        "/api/taxonomy/countries", {"un_member": "true", "income_group": "L", "limit": 100}
    ).json()
    assert all(c["income_group"] == "L" for c in low["items"]) and low["count"] > 20


def test_bad_filter_value_is_a_422_problem(client: Client):
    response = client.get("/api/taxonomy/countries", {"regional_group": "Narnia"})
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "invalid"
    assert body["errors"][0]["field"] == "regional_group"


def test_limit_is_capped(client: Client):
    response = client.get("/api/taxonomy/countries", {"limit": 100000})
    assert response.status_code == 422


def test_country_names_follow_the_request_language(client: Client):
    body = client.get("/api/taxonomy/countries/KEN", HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    assert body["name"] == "肯尼亚"
    assert client.get("/api/taxonomy/countries/ke").json()["iso3"] == "KEN"


def test_unknown_country_is_404_problem(client: Client):
    response = client.get("/api/taxonomy/countries/ZZZ")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("goal", ["0", "18", str(2**70)])
def test_sdg_target_goal_out_of_range_is_a_422_problem(client: Client, goal: str):
    response = client.get("/api/taxonomy/sdg-targets", {"goal": goal})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "goal"


def test_sdgs_targets_risks(client: Client):
    assert client.get("/api/taxonomy/sdgs").json()["count"] == 17
    targets = client.get("/api/taxonomy/sdg-targets", {"limit": 500}).json()
    assert targets["count"] == 169 and targets["items"][0]["code"] == "1.1"
    assert client.get("/api/taxonomy/sdg-targets", {"goal": 17}).json()["count"] == 19
    risks = client.get("/api/taxonomy/risk-areas", {"limit": 100}).json()
    assert risks["count"] == 21
    assert {r["domain"] for r in risks["items"]} == {
        "individuals",
        "political-and-social",
        "economic",
        "environmental",
    }


def test_openapi_document_is_valid(client: Client):
    from openapi_spec_validator import validate

    document = client.get("/api/openapi.json").json()
    validate(document)
    paths = document["paths"]
    for route in [
        "/api/taxonomy/countries",
        "/api/taxonomy/sdgs",
        "/api/taxonomy/sdg-targets",
        "/api/taxonomy/risk-areas",
        "/api/accounts/me",
    ]:
        assert route in paths
    for path_item in paths.values():
        for operation in path_item.values():
            assert operation.get("summary") and operation.get("operationId")


def test_docs_page_uses_local_assets(client: Client):
    page = client.get("/api/docs").content.decode()
    assert "cdn." not in page and "/static/" in page
