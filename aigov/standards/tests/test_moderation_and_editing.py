import csv
from io import StringIO

import pytest
from allauth.mfa.models import Authenticator
from auditlog.models import LogEntry
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.management import call_command

from aigov.accounts.models import Role
from aigov.accounts.tests.factories import UserFactory
from aigov.core.errors import InvalidInput, InvalidState, NotAllowed, NotFound
from aigov.landscape.models import Policy
from aigov.standards import selectors, services
from aigov.standards.models import Concept, GapProposal, Review, Standard, Status

pytestmark = pytest.mark.django_db


def _secretariat():
    user = UserFactory(role=Role.SECRETARIAT)
    # The secretariat's pages ask for a second factor first.
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    return user


def _gap(author):
    return services.gap_propose(
        actor=author, title="Energy metering of inference", rationale="Nothing measures it."
    )


def test_the_secretariat_hides_a_gap_with_a_reason_and_it_disappears(client, tmp_path):
    author, secretariat = UserFactory(role=Role.EXPERT), _secretariat()
    other = UserFactory(role=Role.EXPERT)
    gap = _gap(author)
    with pytest.raises(NotAllowed):
        services.gap_moderate(actor=other, gap=gap, is_hidden=True, reason="Spam.")
    with pytest.raises(InvalidInput):
        services.gap_moderate(actor=secretariat, gap=gap, is_hidden=True, reason="  ")
    assert not GapProposal.objects.get(pk=gap.pk).is_hidden
    services.gap_moderate(actor=secretariat, gap=gap, is_hidden=True, reason="Duplicate of #3.")
    entry = LogEntry.objects.filter(additional_data__action="standards.gap.moderate").last()
    assert entry is not None and entry.object_pk == str(gap.pk)
    with pytest.raises(InvalidState):
        services.gap_moderate(actor=secretariat, gap=gap, is_hidden=True, reason="Again.")
    # Absent for visitors and other participants: list, get, API, export, endorsement.
    for actor in (AnonymousUser(), other):
        assert not selectors.gap_proposal_list(actor=actor).filter(pk=gap.pk).exists()
        with pytest.raises(NotFound):
            selectors.gap_proposal_get(actor=actor, pk=gap.pk)
    with pytest.raises(NotAllowed):
        services.gap_endorse(actor=other, gap=gap)
    assert selectors.gap_proposal_list(actor=author).filter(pk=gap.pk).exists()
    assert selectors.gap_proposal_list(actor=secretariat).filter(pk=gap.pk).exists()
    assert gap.title not in client.get("/en/standards/gaps/proposals/").content.decode()
    assert client.get("/api/standards/gap-proposals").json()["count"] == 0
    path = tmp_path / "gaps.csv"
    call_command("export", "standard-gaps", "--output", str(path), stdout=StringIO())
    with open(path, newline="", encoding="utf-8") as handle:
        assert list(csv.DictReader(handle)) == []
    client.force_login(other)
    assert client.post(f"/en/standards/gaps/proposals/{gap.pk}/endorse/").status_code == 404
    client.force_login(secretariat)
    page = client.get("/en/standards/gaps/proposals/").content.decode()
    assert gap.title in page and "Duplicate of #3." in page
    client.post(
        f"/en/standards/gaps/proposals/{gap.pk}/moderate/", {"is_hidden": "", "reason": "Fine."}
    )
    assert not GapProposal.objects.get(pk=gap.pk).is_hidden


def test_definitions_are_reviewed_with_the_same_criteria_threads_and_moderation(client):
    concept = Concept.objects.get(slug="fairness-bias")
    expert, secretariat = UserFactory(role=Role.EXPERT), _secretariat()
    client.force_login(expert)
    response = client.post(
        f"/en/standards/concepts/{concept.slug}/reviews/",
        {"position": "oppose", "rationale": "The definitions disagree.", "human_rights": "2"},
    )
    assert response.status_code == 302
    review = Review.objects.get()
    assert review.concept == concept and review.standard is None
    assert review.scores == {"human_rights": 2}
    reply = client.post(f"/en/standards/reviews/{review.pk}/reply/", {"rationale": "Agreed."})
    assert reply.status_code == 302 and Review.objects.filter(parent=review).exists()
    page = client.get(f"/en/standards/concepts/{concept.slug}/").content.decode()
    assert "The definitions disagree." in page and "Agreed." in page
    summary = selectors.review_summary(actor=AnonymousUser(), concept=concept)
    assert summary.positions["oppose"] == 1 and summary.mean_scores["human_rights"] == 2
    api = client.get(f"/api/standards/concepts/{concept.slug}/reviews").json()
    assert api["count"] == 2
    client.force_login(secretariat)
    client.post(f"/en/standards/reviews/{review.pk}/moderate/", {"is_hidden": "on", "note": "x"})
    client.logout()
    assert (
        "The definitions disagree."
        not in client.get(f"/en/standards/concepts/{concept.slug}/").content.decode()
    )
    assert client.get(f"/api/standards/concepts/{concept.slug}/reviews").json()["count"] == 1
    learner = UserFactory(role=Role.LEARNER)
    with pytest.raises(NotAllowed):
        services.review_post(actor=learner, concept=concept, position="oppose", rationale="No.")
    with pytest.raises(InvalidInput):
        services.review_post(
            actor=expert,
            concept=concept,
            standard=Standard.objects.first(),
            position="oppose",
            rationale="Both.",
        )
    assert Review.objects.count() == 2


def test_a_participant_does_not_write_on_behalf_of_another():
    expert, other = UserFactory(role=Role.EXPERT), UserFactory(role=Role.EXPERT)
    with pytest.raises(NotAllowed):
        services.review_post(
            actor=other,
            standard=Standard.objects.first(),
            position="support",
            rationale="Posing as someone else.",
            on_behalf_of=expert,
        )
    assert not Review.objects.exists()


def test_the_secretariat_edits_a_standard_links_policies_and_followers_hear(
    client, django_capture_on_commit_callbacks
):
    standard = Standard.objects.get(reference="ISO/IEC 42001:2023")
    act = Policy.objects.get(slug="eu-ai-act")
    follower = UserFactory()
    services.follow_add(actor=follower, standard=standard)
    client.force_login(UserFactory(role=Role.EXPERT))
    assert client.get(f"/en/standards/{standard.pk}/edit/").status_code == 403
    client.force_login(_secretariat())
    form = client.get(f"/en/standards/{standard.pk}/edit/")
    assert form.status_code == 200 and "Title (English)" in form.content.decode()
    data = {
        "title_en": standard.titles["en"],
        "year": "2023",
        "topics": [t.slug for t in standard.topics.all()],
        "policies": [act.slug],
        "status": Status.REVISED,
        "status_note": "A new edition is in preparation.",
    }
    assert (
        client.post(f"/en/standards/{standard.pk}/edit/", {**data, "year": "99"}).status_code == 400
    )
    assert not standard.policies.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/standards/{standard.pk}/edit/", data)
    assert response.status_code == 302
    standard.refresh_from_db()
    assert standard.status == Status.REVISED and list(standard.policies.all()) == [act]
    assert standard.status_changes.last().note == "A new edition is in preparation."
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [follower.email]
    page = client.get(f"/en/standards/{standard.pk}/").content.decode()
    assert act.get_absolute_url() in page
    policy_page = client.get(act.get_absolute_url()).content.decode()
    assert "Related AI standards" in policy_page and standard.reference in policy_page


def test_the_edit_page_refuses_an_over_long_summary_and_changes_nothing(client):
    standard = Standard.objects.get(reference="ISO/IEC 42001:2023")
    client.force_login(_secretariat())
    data = {"title_en": standard.titles["en"], "status": standard.status, "summary_en": "s" * 2001}
    response = client.post(f"/en/standards/{standard.pk}/edit/", data)
    assert response.status_code == 400
    assert "at most 2000 characters" in response.content.decode()
    standard.refresh_from_db()
    assert len(standard.summaries.get("en", "")) < 2001
