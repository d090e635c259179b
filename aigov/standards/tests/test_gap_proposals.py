import csv
from io import StringIO

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command

from aigov.accounts.models import Role
from aigov.accounts.tests.factories import UserFactory
from aigov.core.errors import Conflict, NotAllowed
from aigov.standards import selectors, services
from aigov.standards.models import GapEndorsement, GapProposal
from aigov.taxonomy.models import Topic

pytestmark = pytest.mark.django_db


def _propose(**kwargs):
    return services.gap_propose(
        actor=kwargs.pop("actor", None) or UserFactory(role=Role.EXPERT),
        title="Energy measurement of model training",
        rationale="Almost no standard measures the energy AI training consumes.",
        evidence="HLAB report, para 107.",
        topic=Topic.objects.get(slug="energy-environment"),
        **kwargs,
    )


def test_participants_propose_and_endorse_once_each():
    gap = _propose()
    first, second = UserFactory(role=Role.SDO_REPRESENTATIVE), UserFactory(role=Role.EXPERT)
    services.gap_endorse(actor=first, gap=gap)
    services.gap_endorse(actor=second, gap=gap)
    with pytest.raises(Conflict):
        services.gap_endorse(actor=first, gap=gap)
    assert selectors.gap_proposal_get(actor=AnonymousUser(), pk=gap.pk).endorsement_count == 2
    assert selectors.gap_endorsed_ids(actor=first) == {gap.pk}


def test_anonymous_and_learners_cannot_propose_or_endorse():
    gap = _propose()
    for actor in (AnonymousUser(), UserFactory(role=Role.LEARNER)):
        with pytest.raises(NotAllowed):
            _propose(actor=actor)
        with pytest.raises(NotAllowed):
            services.gap_endorse(actor=actor, gap=gap)
    assert GapProposal.objects.count() == 1 and not GapEndorsement.objects.exists()


def test_most_endorsed_gaps_come_first_in_page_api_and_export(client, tmp_path):
    quiet = _propose()
    popular = _propose()
    services.gap_endorse(actor=UserFactory(role=Role.EXPERT), gap=popular)
    assert list(selectors.gap_proposal_list(actor=AnonymousUser())) == [popular, quiet]
    page = client.get("/en/standards/gaps/proposals/").content.decode()
    assert page.index(f'id="gap-{popular.pk}"') < page.index(f'id="gap-{quiet.pk}"')
    assert "1 endorsement" in page and "Sign in to propose or endorse a gap." in page
    body = client.get("/api/standards/gap-proposals").json()
    assert body["count"] == 2 and body["items"][0]["endorsements"] == 1
    assert body["items"][0]["topic"] == "energy-environment"
    path = tmp_path / "gaps.csv"
    call_command("export", "standard-gaps", "--output", str(path), stdout=StringIO())
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [int(r["id"]) for r in rows] == [popular.pk, quiet.pk]
    assert rows[0]["endorsements"] == "1"


def test_a_participant_proposes_and_endorses_from_the_page(client):
    client.force_login(UserFactory(role=Role.EXPERT))
    response = client.post(
        "/en/standards/gaps/proposals/",
        {"title": "Human-rights impact testing", "rationale": "Missing from most standards."},
    )
    assert response.status_code == 302
    gap = GapProposal.objects.get()
    client.force_login(UserFactory(role=Role.SDO_REPRESENTATIVE))
    assert client.post(f"/en/standards/gaps/proposals/{gap.pk}/endorse/").status_code == 302
    assert gap.endorsements.count() == 1
    assert client.post("/en/standards/gaps/proposals/", {"title": ""}).status_code == 400
