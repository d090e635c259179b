import datetime

import pytest
from django.test import Client
from django.utils import timezone

from aigov.landscape.models import Participation
from aigov.landscape.tests.factories import InitiativeFactory, ParticipationFactory

pytestmark = pytest.mark.django_db


def test_representation_returns_the_summary(client: Client):
    body = client.get("/api/landscape/representation", {"as_of": "2024-09-01"}).json()
    assert set(body) == {"as_of", "member_states", "in_none", "in_all", "initiatives", "countries"}
    assert body["as_of"] == "2024-09-01"
    assert (body["member_states"], body["in_none"], body["in_all"]) == (193, 118, 7)
    assert body["initiatives"]["g20-ai-principles-2019"] == {
        "participants": 20,
        "member_states": 19,
        "non_state": 1,
    }
    assert len(body["countries"]) == 193 and body["countries"]["USA"] == 7


def test_representation_defaults_to_today(client: Client):
    body = client.get("/api/landscape/representation").json()
    assert body["as_of"] == timezone.localdate().isoformat()


def test_representation_follows_history(client: Client):
    initiative = InitiativeFactory()
    ParticipationFactory(
        initiative=initiative,
        participant_id="KEN",
        started_on=datetime.date(1990, 1, 1),
        ended_on=datetime.date(1992, 1, 1),
    )
    during = client.get("/api/landscape/representation", {"as_of": "1991-01-01"}).json()
    after = client.get("/api/landscape/representation", {"as_of": "1992-01-01"}).json()
    assert during["countries"]["KEN"] == 1 and during["in_all"] == 1
    assert after["countries"]["KEN"] == 0 and after["in_all"] == 0


@pytest.mark.parametrize("value", ["2024-02-30", "soon", "0", "20240901"])
def test_a_bad_date_is_a_422_problem(client: Client, value: str):
    response = client.get("/api/landscape/representation", {"as_of": value})
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "invalid"
    assert any(error["field"] == "as_of" for error in body["errors"])


def test_initiatives_page_with_count_and_items(client: Client):
    body = client.get("/api/landscape/initiatives", {"limit": 5}).json()
    assert set(body) == {"count", "items"}
    assert body["count"] == 7 and len(body["items"]) == 5
    first = body["items"][0]
    assert {"slug", "name", "names", "kind", "year", "is_binding", "participant_count"} <= set(
        first
    )
    everything = client.get("/api/landscape/initiatives").json()["items"]
    oecd = next(item for item in everything if item["slug"] == "oecd-ai-principles-2019")
    # Everyone who ever took part (one adherent joins after 2024-09-01).
    assert oecd["participant_count"] == 48 and oecd["kind"] == "plurilateral"


def test_initiative_detail_lists_its_participants(client: Client):
    body = client.get("/api/landscape/initiatives/g7-hiroshima-2023").json()
    assert body["slug"] == "g7-hiroshima-2023"
    codes = {p["iso3"] for p in body["participants"]}
    assert codes == set(
        Participation.objects.filter(initiative_id="g7-hiroshima-2023").values_list(
            "participant_id", flat=True
        )
    )
    eu = next(p for p in body["participants"] if p["iso3"] == "EUU")
    assert eu["is_un_member"] is False and eu["name"] == "European Union"
    assert {"basis", "started_on", "ended_on", "source_url", "source_note"} <= set(eu)


def test_unknown_initiative_is_a_404_problem(client: Client):
    response = client.get("/api/landscape/initiatives/no-such-thing")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_initiatives_are_found_by_search(client: Client):
    items = client.get("/api/search", {"q": "Bletchley"}).json()["items"]
    assert any(item["url"].endswith("/landscape/initiatives/bletchley-2023/") for item in items)
