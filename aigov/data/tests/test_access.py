"""Access requests and decisions through the services and the API: bad input named by field
with nothing written, who may decide and revoke, and what each person may read."""

import pytest
from auditlog.models import LogEntry

from aigov.accounts.tests.factories import UserFactory
from aigov.core.errors import InvalidInput, InvalidState, NotAllowed
from aigov.data import services
from aigov.data.models import AccessRequest, Agreement, Entitlement
from aigov.data.tests.factories import make_dataset, make_trust, secretariat, trustee
from aigov.data.tests.test_done_when import bearer, post

pytestmark = pytest.mark.django_db


@pytest.fixture
def publisher():
    return trustee()


@pytest.fixture
def dataset(publisher):
    return make_dataset(publisher)


def _ask(actor, dataset, **overrides):
    fields = {"purposes": ["non_commercial_research"], "country": "KEN", "duration_days": 30}
    fields.update(overrides)
    return services.access_request_submit(actor=actor, dataset=dataset, **fields)


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"purposes": []}, "purposes", "required"),
        ({"purposes": ["world_domination"]}, "purposes[0]", "unknown_purpose"),
        ({"country": "XXX"}, "country", "unknown"),
        ({"duration_days": 0}, "duration_days", "out_of_range"),
        ({"duration_days": 3651}, "duration_days", "out_of_range"),
    ],
)
def test_bad_requests_name_the_field_and_change_nothing(dataset, overrides, field, code):
    entries = LogEntry.objects.count()
    with pytest.raises(InvalidInput) as refused:
        _ask(UserFactory(), dataset, **overrides)
    assert (field, code) in {(e["field"], e["code"]) for e in refused.value.errors}
    assert AccessRequest.objects.count() == Entitlement.objects.count() == 0
    assert LogEntry.objects.count() == entries


def test_a_duo_curie_names_the_same_purpose(dataset):
    request = _ask(UserFactory(), dataset, purposes=["DUO:0000046"])
    assert (request.evaluation, request.purposes) == ("permit", ["non_commercial_research"])


def test_visitors_cannot_ask_and_open_data_needs_no_request(publisher):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(NotAllowed):
        _ask(AnonymousUser(), make_dataset(publisher))
    with pytest.raises(InvalidState):
        _ask(UserFactory(), make_dataset(publisher, access="open", policy=None))
    assert AccessRequest.objects.count() == 0


def test_only_the_trust_decides_and_only_once(publisher):
    member, stranger = trustee(), trustee()
    trust = make_trust(publisher, members=(member,))
    dataset = make_dataset(publisher, trust=trust)
    requester = UserFactory()
    pending = _ask(requester, dataset, purposes=["public_sector_use"])
    assert pending.status == "pending"
    for wrong in (requester, stranger, UserFactory()):
        with pytest.raises(NotAllowed):
            services.access_request_decide(actor=wrong, request=pending, decision="permit")
    with pytest.raises(InvalidInput):
        services.access_request_decide(actor=member, request=pending, decision="maybe")
    services.access_request_decide(actor=member, request=pending, decision="deny", note="No.")
    pending.refresh_from_db()
    assert (pending.status, pending.decided_by, pending.decision_note) == ("refused", member, "No.")
    with pytest.raises(InvalidState):
        services.access_request_decide(actor=member, request=pending, decision="permit")
    assert not Entitlement.objects.exists()


def test_revocation_is_for_deciders_and_happens_once(dataset, publisher):
    holder = UserFactory()
    entitlement = _ask(holder, dataset).entitlement
    assert Agreement.objects.filter(entitlement=entitlement).exists()
    for wrong in (holder, trustee()):
        with pytest.raises(NotAllowed):
            services.entitlement_revoke(actor=wrong, entitlement=entitlement)
    services.entitlement_revoke(actor=secretariat(), entitlement=entitlement, reason="Breach.")
    with pytest.raises(InvalidState):
        services.entitlement_revoke(actor=publisher, entitlement=entitlement)


def test_requests_are_read_by_their_requester_and_deciders_only(client, dataset, publisher):
    requester, other = UserFactory(), UserFactory()
    mine = _ask(requester, dataset, purposes=["public_sector_use"])
    path = f"/api/data/access-requests/{mine.pk}"
    assert client.get(path, **bearer(requester)).json()["decision"] == "needs_review"
    assert client.get(path, **bearer(publisher)).status_code == 200
    assert client.get(path, **bearer(other)).status_code == 404
    assert client.get("/api/data/access-requests", **bearer(other)).json()["count"] == 0
    assert client.get(f"/en/data/requests/{mine.pk}/").status_code == 302  # sign in first
    client.force_login(other)
    assert client.get(f"/en/data/requests/{mine.pk}/").status_code == 404
    client.force_login(publisher)
    page = client.get(f"/en/data/requests/{mine.pk}/").content.decode()
    assert "Record the decision" in page


def test_the_inbox_holds_requests_that_need_review_for_the_deciders(client, dataset, publisher):
    requester = UserFactory()
    _ask(requester, dataset)  # permitted by machine: nothing to decide
    waiting = _ask(requester, dataset, purposes=["public_sector_use"])
    queue = client.get("/api/inbox", {"queue": "data.access_requests"}, **bearer(publisher))
    assert [item["url"] for item in queue.json()["items"]] == [f"/en/data/requests/{waiting.pk}/"]
    mine = client.get("/api/inbox", {"queue": "data.access_requests"}, **bearer(requester))
    assert mine.json()["count"] == 0


def test_the_decision_endpoint_refuses_bad_input(client, dataset, publisher):
    pending = _ask(UserFactory(), dataset, purposes=["public_sector_use"])
    bad = post(
        client, f"/api/data/access-requests/{pending.pk}/decision", {"decision": "x"}, publisher
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "decision"
    pending.refresh_from_db()
    assert pending.status == "pending"


def test_an_ended_entitlement_stops_downloads_at_once(client, dataset, publisher):
    import datetime

    from django.utils import timezone

    from aigov.data.tests.factories import csv_upload

    stored = services.dataset_file_upload(actor=publisher, dataset=dataset, upload=csv_upload())
    holder = UserFactory()
    entitlement = _ask(holder, dataset).entitlement
    path = f"/api/data/datasets/{dataset.pk}/files/{stored.pk}"
    assert client.get(path, **bearer(holder)).status_code == 200
    Entitlement.objects.filter(pk=entitlement.pk).update(
        ends_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert client.get(path, **bearer(holder)).status_code == 403
    client.force_login(holder)
    assert client.get(f"/en/data/datasets/{dataset.pk}/files/{stored.pk}/").status_code == 403


def test_trusts_and_versions_through_the_api(client, publisher):
    from aigov.accounts.tests.factories import OrganisationFactory

    colleague = trustee()
    organisation = OrganisationFactory()
    body = {
        "slug": "sahel-trust",
        "name": "Sahel climate data trust",
        "trustee": organisation.pk,
        "members": [colleague.email],
    }
    assert post(client, "/api/data/trusts", body, UserFactory()).status_code == 403
    bad = post(client, "/api/data/trusts", {**body, "members": ["nobody@example.org"]}, publisher)
    assert (bad.status_code, bad.json()["errors"][0]["field"]) == (422, "members[0]")
    created = post(client, "/api/data/trusts", body, publisher)
    assert created.status_code == 201, created.content
    assert created.json()["trustee"] == organisation.name
    again = post(client, "/api/data/trusts", body, publisher)
    assert (again.status_code, again.json()["errors"][0]["field"]) == (422, "slug")
    dataset = make_dataset(colleague)
    path = f"/api/data/datasets/{dataset.pk}/versions"
    assert post(client, path, {"version": "2.0"}, colleague).status_code == 201
    assert post(client, path, {"version": "2.0"}, colleague).status_code == 422
    assert post(client, path, {"version": "3.0"}, UserFactory()).status_code == 403
