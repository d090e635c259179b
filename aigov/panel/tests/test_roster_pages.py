"""Roster pages and API: nominate, review, appoint with the balance warning, groups, rotation."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from aigov.accounts.tests.factories import UserFactory
from aigov.panel import roster, selectors
from aigov.panel.models import Appointment, Expert, Nomination, WorkingGroup
from aigov.panel.tests.conftest import accepted_nomination, secretariat_user

pytestmark = pytest.mark.django_db

NOMINATION = {
    "country": "",
    "name": "Demo self-nominee",
    "gender": "female",
    "nationalities": "ken fra",
    "residence": "FRA",
    "main_discipline": "law",
    "other_disciplines": ["ethics"],
    "affiliation_type": "academia",
    "languages": "en fr",
    "statement": "",
}


def _accepted(name: str, nationality: str, gender: str = "female") -> Nomination:
    return accepted_nomination(name, nationality, gender)


def test_self_and_focal_point_nominations_through_the_page(client: Client) -> None:
    person = UserFactory()
    client.force_login(person)
    response = client.post("/en/panel/roster/nominate/", NOMINATION)
    assert response.status_code == 302
    expert = Expert.objects.get(user=person)
    assert expert.nationalities == ["KEN", "FRA"] and expert.disciplines == ["law", "ethics"]
    # a focal point of Kenya may not nominate a Brazilian; the error names the field
    kenya = UserFactory(role="focal_point", role__country="KEN")
    client.force_login(kenya)
    page = client.get("/en/panel/roster/nominate/").content.decode()
    assert 'value="KEN"' in page
    bad = client.post(
        "/en/panel/roster/nominate/",
        {**NOMINATION, "country": "KEN", "name": "Demo B", "nationalities": "BRA"},
    )
    assert bad.status_code == 400
    assert "A member state nominates one of its own nationals." in bad.content.decode()
    unknown = client.post(
        "/en/panel/roster/nominate/", {**NOMINATION, "country": "KEN", "nationalities": "KEN XXX"}
    )
    assert unknown.status_code == 400 and "XXX" in unknown.content.decode()
    assert Nomination.objects.count() == 1


def test_review_and_appointment_warn_before_unbalancing(client: Client) -> None:
    secretariat = secretariat_user()
    roster.target_set(actor=secretariat, dimension="gender", value="male", share=Decimal("0.5"))
    first = _accepted("Demo man A", "KEN", "male")
    second = _accepted("Demo man B", "FRA", "male")
    client.force_login(secretariat)
    form = {"starts_on": "2025-01-01", "ends_on": "2099-01-01"}
    assert client.post(f"/en/panel/roster/nominations/{first.pk}/appoint/", form).status_code == 302
    page = client.get(f"/en/panel/roster/nominations/{second.pk}/appoint/").content.decode()
    assert "Balance warning" in page and "Gender" in page
    refused = client.post(f"/en/panel/roster/nominations/{second.pk}/appoint/", form)
    assert refused.status_code == 409
    assert "further from its targets" in refused.content.decode()
    assert Appointment.objects.count() == 1
    confirmed = client.post(
        f"/en/panel/roster/nominations/{second.pk}/appoint/", {**form, "accept_imbalance": "on"}
    )
    assert confirmed.status_code == 302 and Appointment.objects.count() == 2


def test_review_page_is_the_secretariats(client: Client) -> None:
    nomination = roster.expert_nominate(
        actor=UserFactory(),
        name="Demo self",
        gender="male",
        nationalities=["KEN"],
        residence="KEN",
        disciplines=["law"],
        affiliation_type="academia",
    )
    other = UserFactory()
    client.force_login(other)
    url = f"/en/panel/roster/nominations/{nomination.pk}/review/"
    assert client.post(url, {"decision": "accept"}).status_code == 404
    assert client.get(f"/en/panel/roster/nominations/{nomination.pk}/appoint/").status_code == 404
    client.force_login(secretariat_user())
    assert client.post(url, {"decision": "accept", "note": "ok"}).status_code == 302
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.ACCEPTED and nomination.review_note == "ok"


def test_api_experts_nominations_and_balance(client: Client) -> None:
    secretariat = secretariat_user()
    member = _accepted("Demo member", "KEN")
    roster.appointment_create(
        actor=secretariat,
        nomination=member,
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2099, 1, 1),
    )
    _accepted("Demo nominee", "FRA")
    experts = client.get("/api/panel/experts").json()
    assert experts["count"] == 1
    (entry,) = experts["items"]
    assert entry["name"] == "Demo member" and entry["gender"] is None and entry["is_member"]
    assert client.get("/api/panel/nominations").json()["count"] == 0
    balance = client.get("/api/panel/balance").json()
    assert balance["members"] == 1
    assert {d["dimension"] for d in balance["dimensions"]} == {
        "regional_group",
        "gender",
        "discipline",
    }
    client.force_login(secretariat)
    assert client.get("/api/panel/experts").json()["count"] == 2
    assert client.get("/api/panel/nominations").json()["count"] == 2


def test_working_groups_and_rotation(client: Client) -> None:
    secretariat = secretariat_user()
    client.force_login(secretariat)
    response = client.post("/en/panel/roster/groups/", {"slug": "risks", "name": "Risks"})
    assert response.status_code == 302
    group = WorkingGroup.objects.get(slug="risks")
    bad = client.post("/en/panel/roster/groups/", {"slug": "risks", "name": "Again"})
    assert bad.status_code == 400 and "already exists" in bad.content.decode()
    nomination = _accepted("Demo rotating", "KEN")
    today = timezone.localdate()
    roster.appointment_create(
        actor=secretariat,
        nomination=nomination,
        starts_on=today - datetime.timedelta(days=300),
        ends_on=today + datetime.timedelta(days=30),
    )
    expert = nomination.expert
    members = f"/en/panel/roster/groups/{group.slug}/members/"
    client.post(members, {"members": [str(expert.pk)]})
    assert list(group.members.all()) == [expert]
    assert client.post("/en/panel/roster/groups/none/members/", {}).status_code == 404
    # the expert sees their group but may not change it; another expert sees none
    client.force_login(expert.user)
    assert "Risks" in client.get("/en/panel/roster/groups/").content.decode()
    assert client.post(members, {"members": []}).status_code == 404
    assert list(group.members.all()) == [expert]
    assert [g.slug for g in selectors.working_group_list(actor=UserFactory())] == []
    rotating = list(roster.rotation(as_of=today))
    assert [a.expert.name for a in rotating] == ["Demo rotating"]
    assert not rotating[0].has_next_term
    assert "Rotates off" in client.get("/en/panel/roster/").content.decode()


def test_targets_are_set_and_removed_by_the_secretariat_only(client: Client) -> None:
    from auditlog.models import LogEntry

    from aigov.panel.models import BalanceTarget

    url = "/api/panel/balance/targets"
    body = {"dimension": "regional_group", "value": "African", "share": 0.2}
    assert client.post(url, body, content_type="application/json").status_code == 401
    client.force_login(UserFactory(role="expert"))
    assert client.post(url, body, content_type="application/json").status_code == 403
    assert client.post("/en/panel/roster/targets/", body).status_code == 404
    assert "Set a target" not in client.get("/en/panel/roster/").content.decode()
    assert not BalanceTarget.objects.exists()
    secretariat = secretariat_user()
    client.force_login(secretariat)
    for bad, field in (
        ({**body, "share": 1.5}, "share"),
        ({**body, "value": "Atlantis"}, "value"),
        ({**body, "dimension": "gender"}, "value"),
    ):
        response = client.post(url, bad, content_type="application/json")
        assert response.status_code == 422, bad
        assert field in response.content.decode()
    page = client.post("/en/panel/roster/targets/", {**body, "share": "-0.1"})
    assert page.status_code == 400 and "greater than or equal to 0" in page.content.decode()
    assert not BalanceTarget.objects.exists()
    created = client.post(url, body, content_type="application/json")
    assert created.status_code == 201 and created.json()["share"] == 0.2
    target_id = created.json()["id"]
    balance = client.get("/api/panel/balance").json()
    (regional,) = [d for d in balance["dimensions"] if d["dimension"] == "regional_group"]
    assert {"value": "African", "count": 0, "share": 0.0, "target": 0.2} in regional["rows"]
    assert LogEntry.objects.filter(additional_data__action="panel.target.set").count() == 1
    # others may not remove it
    client.force_login(UserFactory(role="expert"))
    assert client.delete(f"{url}/{target_id}").status_code == 403
    assert BalanceTarget.objects.filter(pk=target_id).exists()
    assert client.post(f"/en/panel/roster/targets/{target_id}/remove/").status_code == 404
    client.force_login(secretariat)
    assert client.delete(f"{url}/{target_id}").status_code == 204
    assert client.delete(f"{url}/{target_id}").status_code == 404
    assert not BalanceTarget.objects.exists()
    assert LogEntry.objects.filter(additional_data__action="panel.target.delete").count() == 1


def test_a_target_set_on_the_page_warns_the_appointment(client: Client) -> None:
    secretariat = secretariat_user()
    client.force_login(secretariat)
    response = client.post(
        "/en/panel/roster/targets/", {"dimension": "gender", "value": "male", "share": "0.5"}
    )
    assert response.status_code == 302
    page = client.get("/en/panel/roster/").content.decode()
    assert "Set a target" in page and "50%" in page
    first = _accepted("Demo man A", "KEN", "male")
    second = _accepted("Demo man B", "FRA", "male")
    form = {"starts_on": "2025-01-01", "ends_on": "2099-01-01"}
    assert client.post(f"/en/panel/roster/nominations/{first.pk}/appoint/", form).status_code == 302
    refused = client.post(f"/en/panel/roster/nominations/{second.pk}/appoint/", form)
    assert refused.status_code == 409 and Appointment.objects.count() == 1
    (target,) = roster.target_list()
    client.post(f"/en/panel/roster/targets/{target.pk}/remove/")
    allowed = client.post(f"/en/panel/roster/nominations/{second.pk}/appoint/", form)
    assert allowed.status_code == 302 and Appointment.objects.count() == 2
