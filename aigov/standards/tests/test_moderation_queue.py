"""What participants post waits for moderation until the secretariat keeps, hides or restores it."""

import pytest
from allauth.mfa.models import Authenticator
from auditlog.models import LogEntry

from aigov.accounts.models import Role
from aigov.accounts.tests.factories import UserFactory
from aigov.core.errors import InvalidInput, InvalidState
from aigov.standards import selectors, services
from aigov.standards.models import GapProposal, Review
from aigov.standards.tests.factories import make_standard

pytestmark = pytest.mark.django_db


def _secretariat():
    user = UserFactory(role=Role.SECRETARIAT)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    return user


def test_a_participants_review_and_reply_wait_and_a_moderators_do_not():
    expert, secretariat = UserFactory(role=Role.EXPERT), _secretariat()
    standard = make_standard()
    review = services.review_post(
        actor=expert, standard=standard, position="support", rationale="Sound."
    )
    reply = services.review_reply(actor=secretariat, parent=review, rationale="Thank you.")
    own = services.review_post(
        actor=secretariat, standard=standard, position="no_position", rationale="Noted."
    )
    assert review.awaits_moderation and not reply.awaits_moderation and not own.awaits_moderation
    assert list(selectors.reviews_awaiting_moderation(actor=secretariat)) == [review]
    assert not selectors.reviews_awaiting_moderation(actor=expert).exists()


def test_keeping_a_review_visible_ends_the_wait_once(client):
    expert, secretariat = UserFactory(role=Role.EXPERT), _secretariat()
    standard = make_standard()
    review = services.review_post(
        actor=expert, standard=standard, position="oppose", rationale="Too vague."
    )
    client.force_login(secretariat)
    page = client.get(standard.get_absolute_url()).content.decode()
    assert "Awaiting moderation" in page and "Keep visible" in page
    response = client.post(f"/en/standards/reviews/{review.pk}/moderate/", {"is_hidden": ""})
    assert response.status_code == 302
    review.refresh_from_db()
    assert not review.awaits_moderation and not review.is_hidden
    entry = LogEntry.objects.filter(additional_data__action="standards.review.moderate").get()
    assert entry.changes["awaits_moderation"] == [True, False]
    with pytest.raises(InvalidState):
        services.review_moderate(actor=secretariat, review=review, is_hidden=False)
    page = client.get(standard.get_absolute_url()).content.decode()
    assert "Awaiting moderation" not in page and "Keep visible" not in page
    # Hiding later is still a decision of its own.
    services.review_moderate(actor=secretariat, review=review, is_hidden=True, note="Off topic.")
    assert Review.objects.get(pk=review.pk).is_hidden


def test_a_gap_is_kept_without_a_reason_but_hidden_only_with_one(client):
    expert, secretariat = UserFactory(role=Role.EXPERT), _secretariat()
    gap = services.gap_propose(actor=expert, title="AI in courts", rationale="Nothing covers it.")
    other = services.gap_propose(actor=expert, title="AI in schools", rationale="Needed.")
    assert list(selectors.gaps_awaiting_moderation(actor=secretariat)) == [gap, other]
    entries = LogEntry.objects.count()
    with pytest.raises(InvalidInput) as refused:
        services.gap_moderate(actor=secretariat, gap=gap, is_hidden=True, reason=" ")
    assert refused.value.errors[0]["field"] == "reason"
    assert GapProposal.objects.get(pk=gap.pk).awaits_moderation
    assert LogEntry.objects.count() == entries
    client.force_login(secretariat)
    page = client.get("/en/standards/gaps/proposals/").content.decode()
    assert page.count("Keep visible") == 2
    client.post(f"/en/standards/gaps/proposals/{gap.pk}/moderate/", {"is_hidden": "", "reason": ""})
    assert list(selectors.gaps_awaiting_moderation(actor=secretariat)) == [other]
    services.gap_moderate(actor=secretariat, gap=other, is_hidden=True, reason="Duplicate.")
    hidden = GapProposal.objects.get(pk=other.pk)
    assert hidden.is_hidden and not hidden.awaits_moderation
    assert not selectors.gaps_awaiting_moderation(actor=secretariat).exists()
