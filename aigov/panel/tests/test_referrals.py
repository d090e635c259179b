"""Referrals: an invited respondent suggests further experts; the secretariat invites them."""

import pytest
from django.test import Client

from aigov.accounts.services import system_actor
from aigov.accounts.tests.factories import UserFactory
from aigov.core.errors import InvalidInput, InvalidState
from aigov.panel import referrals, services
from aigov.panel.models import Invitation, Referral, Survey
from aigov.panel.tests.conftest import secretariat_user

pytestmark = pytest.mark.django_db


def test_respondent_refers_and_secretariat_creates_a_link(client: Client, link: str) -> None:
    assert "Suggest another expert" in client.get(link).content.decode()
    response = client.post(
        f"{link}refer/",
        {"name": "Demo referee", "contact": "referee@example.org", "expertise": "Labour"},
        follow=True,
    )
    assert "the secretariat will consider this expert" in response.content.decode()
    referral = Referral.objects.get()
    assert referral.referred_by.get_absolute_url() == link
    # nobody but the secretariat sees the suggestions
    referrals_page = "/en/panel/surveys/pulse/referrals/"
    assert client.get(referrals_page).status_code == 404
    client.force_login(UserFactory(role="expert"))
    assert client.get(referrals_page).status_code == 404
    client.force_login(secretariat_user())
    assert "referee@example.org" in client.get(referrals_page).content.decode()
    assert client.post(referrals_page, {"referral": referral.pk}).status_code == 302
    referral.refresh_from_db()
    assert referral.invitation is not None and "Demo referee" in referral.invitation.label
    assert client.post(referrals_page, {"referral": "x"}).status_code == 404
    assert client.post(referrals_page, {"referral": referral.pk + 1}).status_code == 404
    assert Invitation.objects.count() == 2


def test_bad_referrals_are_refused_and_nothing_is_written(client: Client, link: str) -> None:
    response = client.post(f"{link}refer/", {"name": "", "contact": ""}, follow=True)
    page = response.content.decode()
    assert "Give the expert&#x27;s name." in page
    assert Referral.objects.count() == 0
    assert client.post("/en/panel/respond/unknown/refer/", {"name": "A"}).status_code == 404
    token = link.rstrip("/").rsplit("/", 1)[-1]
    for number in range(referrals.MAX_REFERRALS):
        referrals.referral_add(
            actor=system_actor(), token=token, name=f"Demo {number}", contact="c"
        )
    with pytest.raises(InvalidInput):
        referrals.referral_add(actor=system_actor(), token=token, name="One more", contact="c")
    survey = Survey.objects.get(slug="pulse")
    services.survey_set_status(actor=system_actor(), survey=survey, status="closed")
    with pytest.raises(InvalidState):
        referrals.referral_add(actor=system_actor(), token=token, name="Late", contact="c")
    assert Referral.objects.count() == referrals.MAX_REFERRALS
