"""A project's organisation, topics and team members, from the project form and from
POST /api/compute/projects (additive: `{title, country, purpose}` still answers 201); bad ones
are named and change nothing; the team sees the project and may ask for compute for it."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from aigov.accounts import services as account_services
from aigov.accounts.tests.factories import OrganisationFactory, UserFactory
from aigov.compute import selectors
from aigov.compute.models import Project
from aigov.taxonomy.models import Topic

pytestmark = pytest.mark.django_db


def _post(client, body, user):
    issued = account_services.token_create(actor=user, user=user, scopes=["read", "write"])
    return client.post(
        "/api/compute/projects",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {issued.raw}",
    )


def _topics(count: int = 2) -> list[str]:
    return list(Topic.objects.order_by("slug").values_list("slug", flat=True)[:count])


def test_the_contract_still_creates_a_project_with_three_fields(client):
    answer = _post(client, {"title": "T", "country": "MWI", "purpose": "P"}, UserFactory())
    assert answer.status_code == 201
    body = answer.json()
    assert (body["organisation"], body["topics"], body["members"]) == (None, [], [])


def test_the_api_takes_organisation_topics_and_members(client):
    lead, member = UserFactory(), UserFactory()
    organisation = OrganisationFactory()
    topics = _topics()
    answer = _post(
        client,
        {
            "title": "Flood maps",
            "country": "MWI",
            "purpose": "Flood forecasting.",
            "organisation": organisation.pk,
            "topics": topics,
            "members": [member.email.upper(), lead.email],  # the lead is not a member twice
        },
        lead,
    )
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["organisation"] == organisation.pk
    assert body["topics"] == sorted(topics)
    assert body["members"] == [member.pk]
    project = Project.objects.get(pk=body["id"])
    # A member sees the project and may ask for compute for it; someone else does not.
    assert selectors.project_get(actor=member, pk=project.pk) == project
    assert selectors.can_request_for(actor=member, project=project)
    assert not selectors.project_list(actor=UserFactory()).filter(pk=project.pk).exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"organisation": 999_999}, "organisation"),
        ({"topics": ["no-such-topic"]}, "topics"),
        ({"members": ["nobody@example.invalid"]}, "members"),
    ],
)
def test_bad_organisation_topics_or_members_are_422_and_change_nothing(client, change, field):
    user = UserFactory()
    account_services.token_create(actor=user, user=user, scopes=["read"])  # audited before
    before = Project.objects.count(), LogEntry.objects.count()
    answer = _post(client, {"title": "T", "country": "MWI", "purpose": "P", **change}, user)
    assert answer.status_code == 422
    assert [error["field"] for error in answer.json()["errors"]] == [field]
    # Issuing the token in _post is audited; nothing else is written.
    assert Project.objects.count() == before[0]
    assert LogEntry.objects.count() == before[1] + 1


def test_the_form_takes_organisation_topics_and_members(client):
    lead, member = UserFactory(), UserFactory()
    organisation = OrganisationFactory()
    topics = _topics()
    client.force_login(lead)
    form = client.get(reverse("compute:project-create")).content.decode()
    assert 'name="organisation"' in form and 'name="topics"' in form and 'name="members"' in form
    created = client.post(
        reverse("compute:project-create"),
        {
            "title": "Malaria maps",
            "country": "MWI",
            "purpose": "Mapping malaria risk.",
            "organisation": str(organisation.pk),
            "topics": topics,
            "members": f"{member.email}\n",
        },
    )
    assert created.status_code == 302
    project = lead.compute_projects_led.get()
    assert project.organisation == organisation
    assert sorted(project.topics.values_list("slug", flat=True)) == sorted(topics)
    assert list(project.members.all()) == [member]
    page = client.get(reverse("compute:project-detail", args=[project.pk])).content.decode()
    assert str(organisation) in page and str(member) in page
    refused = client.post(
        reverse("compute:project-create"),
        {"title": "T", "country": "MWI", "purpose": "P", "members": "ghost@example.invalid"},
    )
    assert refused.status_code == 400
    assert "ghost@example.invalid" in refused.content.decode()
    assert lead.compute_projects_led.count() == 1
