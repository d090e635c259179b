"""The inbox: each module's queue shows a waiting record to whoever decides on it, and to nobody
else, in the page, the API and the navigation's count; oldest first; gone once acted on."""

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.db.models import Model
from django.utils import timezone

from aigov.accounts.models import Role
from aigov.accounts.services import system_actor, token_create
from aigov.accounts.tests.factories import UserFactory
from aigov.capacity import services as capacity_services
from aigov.capacity.tests.factories import make_node
from aigov.compute import services as compute_services
from aigov.compute.tests.factories import make_project, make_request, make_resource
from aigov.core import inbox
from aigov.data import services as data_services
from aigov.data.tests.factories import make_dataset
from aigov.data.tests.factories import trustee as data_trustee
from aigov.dialogue import services as dialogue_services
from aigov.dialogue.tests.factories import file_report, make_session, make_statement
from aigov.fund import services as fund_services
from aigov.fund.tests.factories import open_fund
from aigov.fund.tests.test_inbox import _application
from aigov.landscape import services as landscape_services
from aigov.landscape.tests.factories import InitiativeFactory
from aigov.panel import roster
from aigov.standards import services as standards_services
from aigov.standards.tests.factories import make_standard

pytestmark = pytest.mark.django_db

QUEUES = [
    "landscape.proposals",
    "standards.reviews",
    "standards.gaps",
    "panel.nominations",
    "capacity.introductions",
    "dialogue.incident_reports",
    "dialogue.practices",
    "dialogue.statements",
    "fund.reviews",
    "fund.decisions",
    "compute.requests",
    "data.access_requests",
]


def _secretariat(**fields: Any) -> Any:
    user = UserFactory(role=Role.SECRETARIAT, **fields)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    return user


@dataclass
class World:
    people: dict[str, Any]
    records: dict[str, Model]


def _age(record: Model, days: int) -> None:
    """Make `record` look `days` old (its queue sorts on created_at)."""
    moment = timezone.now() - datetime.timedelta(days=days)
    type(record)._default_manager.filter(pk=record.pk).update(created_at=moment)


@pytest.fixture
def world() -> World:
    """One waiting record in every queue, the oldest in the order of QUEUES, and the people
    around them: who decides, who made it, who only watches."""
    people = {
        "secretariat": _secretariat(),
        "kenya": UserFactory(role=Role.FOCAL_POINT, role__country="KEN"),
        "france": UserFactory(role=Role.FOCAL_POINT, role__country="FRA"),
        "expert": UserFactory(role=Role.EXPERT),
        "learner": UserFactory(role=Role.LEARNER),
        "provider": UserFactory(),
        "operator": UserFactory(role=Role.NODE_OPERATOR),
    }
    initiative = InitiativeFactory()
    records: dict[str, Model] = {}
    records["landscape.proposals"] = landscape_services.proposal_submit(
        actor=people["kenya"],
        subject="participation",
        data={
            "initiative": initiative.slug,
            "participant": "KEN",
            "basis": "endorser",
            "started_on": "2024-05-01",
            "source_url": "https://example.org/statement",
        },
    )
    standard = make_standard()
    records["standards.reviews"] = standards_services.review_post(
        actor=people["expert"], standard=standard, position="support", rationale="Sound."
    )
    records["standards.gaps"] = standards_services.gap_propose(
        actor=people["expert"], title="No standard for AI in courts", rationale="Needed."
    )
    records["panel.nominations"] = roster.expert_nominate(
        actor=people["kenya"],
        name="Wanjiru Kamau",
        gender="female",
        nationalities=["KEN"],
        residence="KEN",
        disciplines=["law"],
        affiliation_type="academia",
        country="KEN",
    )
    node = make_node(operators=[people["operator"]])
    need = capacity_services.need_create(
        actor=people["kenya"],
        title="Train 50 officials in French",
        topics=["governance"],
        languages=["fr"],
        people=50,
    )
    offer = capacity_services.offer_create(
        actor=people["operator"],
        title="Procurement course for officials",
        topics=["governance"],
        languages=["fr"],
        seats=30,
        node=node,
    )
    records["capacity.introductions"] = capacity_services.introduction_create(
        actor=people["kenya"], need=need, offer=offer, message="Could you take 20 of ours?"
    )
    records["dialogue.incident_reports"] = file_report(
        actor=people["kenya"], confidentiality="reporting_state", reporting_state="KEN"
    )
    records["dialogue.practices"] = dialogue_services.practice_submit(
        actor=people["learner"], titles={"en": "Open algorithm register"}
    )
    records["dialogue.statements"] = make_statement(
        actor=people["expert"],
        session=make_session(),
        kind="submission",
        speaker="Civil society coalition",
        titles={"en": "Our submission"},
    )
    # One application to the fund waits for the expert's review and the secretariat's decision.
    application = _application(
        people["secretariat"], open_fund(people["secretariat"]), people["provider"]
    )
    records["fund.reviews"] = records["fund.decisions"] = application
    records["compute.requests"] = make_request(
        project=make_project(lead=people["provider"]), resource=make_resource(node=node)
    )
    records["data.access_requests"] = data_services.access_request_submit(
        actor=people["learner"],
        dataset=make_dataset(data_trustee()),
        purposes=["public_sector_use"],  # no rule of the policy covers it: needs review
        country="KEN",
        duration_days=30,
    )
    for days, key in zip(range(120, 0, -10), QUEUES, strict=True):
        _age(records[key], days)
    return World(people, records)


# Who decides on each queue's record: the secretariat, except an introduction, which waits for
# the offer's provider (here the operator of the node the offer is made in), and a compute
# request, which the resource's node operators decide as well as the secretariat.
DECIDERS = {key: {"secretariat"} for key in QUEUES} | {
    "capacity.introductions": {"operator"},
    "compute.requests": {"secretariat", "operator"},
    "fund.reviews": {"expert"},
}


def test_every_module_registers_its_queue() -> None:
    assert inbox.queue_keys() == QUEUES


def test_each_queue_shows_its_record_to_who_decides_and_to_nobody_else(world: World) -> None:
    for label, person in world.people.items():
        page = inbox.inbox_page(actor=person)
        shown = {item.queue for item in page.items}
        expected = {key for key, deciders in DECIDERS.items() if label in deciders}
        assert shown == expected, label
        assert page.count == len(expected) == inbox.waiting_count(actor=person), label
    # The makers see their own records elsewhere, but nothing of them waits on them.
    assert inbox.waiting_count(actor=world.people["kenya"]) == 0
    assert inbox.inbox_page(actor=system_actor()).count == 0


def test_the_secretariat_sees_everything_oldest_first_with_links_to_act(client, world) -> None:
    client.force_login(world.people["secretariat"])
    page = client.get("/en/inbox/").content.decode()
    records = world.records
    titles = [
        "Kenya: Add — Participation",
        "Review by",
        "No standard for AI in courts",
        "Wanjiru Kamau, nominated by Kenya",
        records["dialogue.incident_reports"].title,
        "Open algorithm register",
        "Our submission — Civil society coalition",
        "Decide on Applied AI master",
        f"{records['compute.requests'].project.title} asks for 10 GPU-hours",
        f"{world.people['learner']} asks for access to {records['data.access_requests'].dataset}",
    ]
    places = [page.index(title) for title in titles]
    assert places == sorted(places), "oldest first"
    assert "Train 50 officials" not in page  # the introduction waits for its provider
    assert f'href="/en/landscape/proposals/{records["landscape.proposals"].pk}/"' in page
    assert (
        f'href="/en/panel/roster/nominations/#nomination-{records["panel.nominations"].pk}"' in page
    )
    assert "10 items wait for you." in page
    # The navigation counts them too.
    assert '<span class="nav-count" aria-hidden="true">10</span>' in page
    only = client.get("/en/inbox/", {"queue": "dialogue.practices"}).content.decode()
    assert "Open algorithm register" in only and "Wanjiru Kamau" not in only


def test_the_provider_answers_an_introduction_and_the_need_side_waits(client, world) -> None:
    introduction = world.records["capacity.introductions"]
    client.force_login(world.people["operator"])
    page = client.get("/en/inbox/").content.decode()
    assert "Train 50 officials in French, for your offer Procurement course" in page
    assert f'href="/en/capacity/offers/#introduction-{introduction.pk}"' in page
    # ...and the compute request made of a resource of their node.
    assert f'href="/en/compute/requests/{world.records["compute.requests"].pk}/"' in page
    assert '<span class="nav-count" aria-hidden="true">2</span>' in page
    for watcher in ("kenya", "learner", "france"):
        client.force_login(world.people[watcher])
        page = client.get("/en/inbox/").content.decode()
        assert "Nothing waits for you." in page and "nav-count" not in page, watcher


def test_the_api_answers_count_and_items_for_a_token_holder(client, world) -> None:
    secretariat, learner = world.people["secretariat"], world.people["learner"]
    raw = token_create(actor=secretariat, user=secretariat, scopes=["read"]).raw
    body = client.get("/api/inbox", HTTP_AUTHORIZATION=f"Bearer {raw}").json()
    assert body["count"] == 10
    assert [item["queue"] for item in body["items"]] == [
        k for k in QUEUES if k not in ("capacity.introductions", "fund.reviews")
    ]
    first = body["items"][0]
    assert first["kind"] == "Change proposal" and first["module_name"] == "Governance landscape"
    assert first["url"] == f"/en/landscape/proposals/{world.records['landscape.proposals'].pk}/"
    assert {queue["key"]: queue["count"] for queue in body["queues"]}["standards.gaps"] == 1
    paged = client.get(
        "/api/inbox", {"limit": 2, "offset": 2}, HTTP_AUTHORIZATION=f"Bearer {raw}"
    ).json()
    assert [item["queue"] for item in paged["items"]] == ["standards.gaps", "panel.nominations"]
    assert paged["count"] == 10
    one = client.get(
        "/api/inbox", {"queue": "standards.gaps"}, HTTP_AUTHORIZATION=f"Bearer {raw}"
    ).json()
    assert one["count"] == 1 and one["items"][0]["title"] == "No standard for AI in courts"
    refused = client.get("/api/inbox", {"queue": "nope"}, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "queue"
    other = token_create(actor=learner, user=learner, scopes=["read"]).raw
    assert client.get("/api/inbox", HTTP_AUTHORIZATION=f"Bearer {other}").json() == {
        "count": 0,
        "items": [],
        "queues": [],
    }
    assert client.get("/api/inbox").status_code == 401
    document = client.get("/api/openapi.json").json()
    (queue,) = [
        p for p in document["paths"]["/api/inbox"]["get"]["parameters"] if p["name"] == "queue"
    ]
    assert [o["enum"] for o in queue["schema"]["anyOf"] if o.get("type") == "string"] == [QUEUES]


def test_a_visitor_is_sent_to_sign_in_and_sees_no_inbox_link(client) -> None:
    response = client.get("/en/inbox/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    home = client.get("/en/").content.decode()
    assert "/en/inbox/" not in home


def test_each_record_leaves_the_inbox_once_acted_on(client, world) -> None:
    secretariat, records = world.people["secretariat"], world.records
    client.force_login(secretariat)
    acts = [
        lambda: landscape_services.proposal_accept(
            actor=secretariat, proposal=records["landscape.proposals"]
        ),
        lambda: standards_services.review_moderate(
            actor=secretariat, review=records["standards.reviews"], is_hidden=False
        ),
        lambda: standards_services.gap_moderate(
            actor=secretariat, gap=records["standards.gaps"], is_hidden=False, reason=""
        ),
        lambda: roster.nomination_review(
            actor=secretariat, nomination=records["panel.nominations"], accept=True
        ),
        lambda: dialogue_services.incident_report_set_status(
            actor=secretariat, report=records["dialogue.incident_reports"], status="under_review"
        ),
        lambda: dialogue_services.practice_accept(
            actor=secretariat, practice=records["dialogue.practices"]
        ),
        lambda: dialogue_services.statement_publish(
            actor=secretariat, statement=records["dialogue.statements"]
        ),
        lambda: fund_services.application_decide(
            actor=secretariat, application=records["fund.decisions"], approve=False
        ),
        lambda: compute_services.request_decide(
            actor=secretariat, request=records["compute.requests"], decision="approve"
        ),
        lambda: data_services.access_request_decide(
            actor=secretariat, request=records["data.access_requests"], decision="permit"
        ),
    ]
    for left, act in zip(range(9, -1, -1), acts, strict=True):
        act()
        page = client.get("/en/inbox/").content.decode()
        assert inbox.waiting_count(actor=secretariat) == left
        if left:
            assert f'<span class="nav-count" aria-hidden="true">{left}</span>' in page
        else:
            assert "Nothing waits for you." in page and "nav-count" not in page
    operator = world.people["operator"]
    capacity_services.introduction_set_status(
        actor=operator, introduction=records["capacity.introductions"], status="accepted"
    )
    assert inbox.waiting_count(actor=operator) == 0


def test_a_moderator_posts_without_waiting_for_moderation(world: World) -> None:
    secretariat = world.people["secretariat"]
    standards_services.gap_propose(actor=secretariat, title="Secretariat's gap", rationale="Why.")
    assert inbox.inbox_page(actor=secretariat, queue="standards.gaps").count == 1


def test_counting_costs_one_query_per_queue_and_none_for_a_reader_without_rights(
    world: World, django_assert_max_num_queries, django_assert_num_queries
) -> None:
    secretariat, visitor_like = world.people["secretariat"], world.people["learner"]
    inbox.waiting_count(actor=secretariat)  # the roles, read once and kept on the account
    with django_assert_max_num_queries(len(QUEUES)):
        assert inbox.waiting_count(actor=secretariat) == 10
    inbox.waiting_count(actor=visitor_like)
    # A learner decides nothing: only the introductions' query (are they a provider?) runs.
    with django_assert_num_queries(1):
        assert inbox.waiting_count(actor=visitor_like) == 0
