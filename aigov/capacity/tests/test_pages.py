"""Pages: offering detail, registration, my learning, download, verification, nodes, demo data."""

import json
import random

import pytest
from django.test import Client

from aigov.accounts.access import Purpose
from aigov.accounts.services import system_actor
from aigov.accounts.tests.factories import UserFactory
from aigov.capacity import services
from aigov.capacity.demo import load_capacity_demo
from aigov.capacity.models import Node, Offering, Provider
from aigov.capacity.tests.factories import make_course, make_node, make_offering
from aigov.core.demo import generators
from aigov.core.reference import LoadReport

pytestmark = pytest.mark.django_db


def test_offering_page_shows_the_facts(client: Client):
    import datetime

    make_offering(
        starts_at=datetime.datetime(2031, 5, 4, 6, 0, tzinfo=datetime.UTC),
        slug="paid-webinar",
        cost="fee",
        fee_amount=100,
        fee_currency="USD",
        fee_waivers={"L": 100},
        seats=30,
        time_zone="Africa/Nairobi",
        languages=["fr", "ar"],
        titles={"en": "Paid webinar", "fr": "Webinaire payant"},
    )
    page = client.get("/fr/capacity/offerings/paid-webinar/").content.decode()
    assert "Webinaire payant" in page and "100" in page and "USD" in page
    assert "Africa/Nairobi" in page and "0 / 30" in page
    assert "9:00" in page or "09:00" in page  # 06:00 UTC shown in Nairobi time
    assert client.get("/en/capacity/offerings/none-such/").status_code == 404


def test_registering_from_the_page_and_cancelling(client: Client):
    import datetime

    event = make_offering(
        slug="event", seats=1, starts_at=datetime.datetime(2031, 1, 1, tzinfo=datetime.UTC)
    )
    learner = UserFactory(role="learner")
    client.force_login(learner)
    page = client.post("/en/capacity/offerings/event/register/", follow=True).content.decode()
    assert "Your registration: Confirmed" in page
    mine = client.get("/en/capacity/my-learning/").content.decode()
    assert "Offering" in mine and "Confirmed" in mine
    registration = event.registrations.get()
    client.post(f"/en/capacity/registrations/{registration.pk}/cancel/")
    registration.refresh_from_db()
    assert registration.status == "cancelled"
    # Somebody else's registration cannot be cancelled: it is absent for them.
    other = services.registration_create(actor=UserFactory(role="learner"), offering=event)
    assert client.post(f"/en/capacity/registrations/{other.pk}/cancel/").status_code == 404


def test_my_learning_and_downloads_are_private(client: Client):
    owner = UserFactory(role="learner")
    issued = services.credential_issue(
        actor=UserFactory(role="secretariat"), learner=owner, offering=make_course()
    )
    url = f"/en/capacity/credentials/{issued.pk}/download/"
    assert client.get(url).status_code == 302  # sign in first
    client.force_login(UserFactory(role="learner"))
    assert client.get(url).status_code == 404
    assert issued.urn not in client.get("/en/capacity/my-learning/").content.decode()
    client.force_login(owner)
    download = client.get(url)
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    assert json.loads(download.content)["id"] == issued.urn
    assert issued.urn in client.get("/en/capacity/my-learning/").content.decode()


def test_verify_page_by_paste_and_by_upload(client: Client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    issued = services.credential_issue(
        actor=UserFactory(role="secretariat"),
        learner=UserFactory(role="learner"),
        offering=make_course(),
    )
    text = json.dumps(issued.document, ensure_ascii=False)
    pasted = client.post("/en/capacity/verify/", {"credential": text}).content.decode()
    assert "<h2>Valid</h2>" in pasted
    altered = text.replace(issued.document["name"], "Forged course")
    refused = client.post("/en/capacity/verify/", {"credential": altered}).content.decode()
    assert "<h2>Not valid</h2>" in refused and "signature does not match" in refused
    upload = SimpleUploadedFile("badge.json", text.encode(), content_type="application/json")
    assert (
        "<h2>Valid</h2>" in client.post("/en/capacity/verify/", {"upload": upload}).content.decode()
    )
    empty = client.post("/en/capacity/verify/", {"credential": ""})
    assert empty.status_code == 400 and "Paste a credential" in empty.content.decode()
    assert client.post("/en/capacity/verify/", {"credential": "{"}).status_code == 400


def test_node_list_page(client: Client):
    make_node(slug="kenya-centre")
    page = client.get("/en/capacity/nodes/").content.decode()
    assert "Test node" in page and "African States" in page


def test_demo_catalogue_is_generated_marked_and_removable(client: Client):
    # Only this module's generator: the others are each module's own to test.
    actor = system_actor(Purpose.DEMO_DATA)
    load_capacity_demo(actor=actor, rng=random.Random(1), report=LoadReport())
    assert Offering.objects.filter(is_demo=False).count() == 0
    assert Offering.objects.count() == 41 and Node.objects.count() == 5
    second = LoadReport()
    load_capacity_demo(actor=actor, rng=random.Random(1), report=second)
    assert second.for_kind("capacity offerings").created == 0
    page = client.get(
        "/fr/capacity/", {"language": "fr", "audience": "public_officials", "cost": "free"}
    ).content.decode()
    assert "demo-course-fr-public-officials" in page and "badge demo" in page
    generator = next(g for g in generators() if g.name == "capacity")
    assert generator.models == (Node, Provider, Offering)
