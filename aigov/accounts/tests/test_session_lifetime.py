"""A signed-in session ends after 30 idle minutes and after 12 hours in all (ASVS 3.3.2,
docs/security.md): the next request is anonymous, and a page that needs an account asks for
the sign-in again."""

import time

import pytest
from django.test import Client

from aigov.accounts.middleware import SEEN_KEY, SINCE_KEY
from aigov.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGE = "/en/inbox/"  # needs an account


def _signed_in(*, seen_ago: float, since_ago: float) -> Client:
    client = Client()
    client.force_login(UserFactory(role="learner"))
    session = client.session
    now = int(time.time())
    session[SEEN_KEY], session[SINCE_KEY] = now - int(seen_ago), now - int(since_ago)
    session.save()
    return client


def _is_signed_in(response) -> bool:
    return response.status_code == 200


def test_a_session_in_use_goes_on_and_its_use_is_recorded():
    client = _signed_in(seen_ago=29 * 60, since_ago=11 * 3600)
    assert _is_signed_in(client.get(PAGE))
    assert int(time.time()) - client.session[SEEN_KEY] < 5


def test_a_session_idle_for_more_than_30_minutes_ends():
    client = _signed_in(seen_ago=31 * 60, since_ago=40 * 60)
    response = client.get(PAGE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not _is_signed_in(client.get(PAGE))  # and stays ended


def test_a_session_ends_after_12_hours_however_busy():
    client = _signed_in(seen_ago=10, since_ago=12 * 3600 + 60)
    response = client.get(PAGE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_limits_are_settings(settings):
    settings.AIGOV_SESSION_IDLE_MINUTES = 5
    client = _signed_in(seen_ago=6 * 60, since_ago=6 * 60)
    assert client.get(PAGE).status_code == 302


def test_a_new_session_is_stamped_on_its_first_request():
    client = Client()
    client.force_login(UserFactory(role="learner"))
    assert _is_signed_in(client.get(PAGE))
    session = client.session
    assert abs(session[SINCE_KEY] - time.time()) < 5 and abs(session[SEEN_KEY] - time.time()) < 5


def test_an_api_token_is_not_a_session_and_is_not_ended_by_it(client):
    from aigov.accounts import services

    user = UserFactory(role="learner")
    issued = services.token_create(actor=user, user=user, scopes=["read"])
    answer = client.get("/api/inbox", HTTP_AUTHORIZATION=f"Bearer {issued.raw}")
    assert answer.status_code == 200
    assert SEEN_KEY not in client.session
