"""Privileged accounts may do nothing but set up TOTP until they have it (issue 17, part 2)."""

import time

import pytest
from allauth.mfa.models import Authenticator
from django.core.cache import cache
from django.test import Client

from aigov.accounts import services
from aigov.accounts.models import ApiToken, Role
from aigov.accounts.tests.factories import UserFactory
from aigov.core.tests.browser.signin import TOTP_SECRET, totp

pytestmark = pytest.mark.django_db

ACTIVATE = "/en/accounts/2fa/totp/activate/"


@pytest.fixture(params=["secretariat", "administrator"])
def privileged(request):
    if request.param == "secretariat":
        return UserFactory(role=Role.SECRETARIAT)
    return UserFactory(is_superuser=True, is_staff=True)


def _with_totp(user):
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": TOTP_SECRET}
    )
    return user


@pytest.mark.parametrize(
    "path", ["/api/audit/entries", "/api/accounts/me", "/api/taxonomy/sdgs", "/api/docs"]
)
def test_api_refuses_a_password_only_session(client, privileged, path):
    client.force_login(privileged)
    response = client.get(path)
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "mfa_required"


def test_api_writes_with_the_csrf_header_are_refused_too(privileged):
    issued = services.token_create(actor=privileged, user=privileged)
    client = Client(enforce_csrf_checks=True)
    client.force_login(privileged)
    client.get("/en/accounts/logout/")  # an allowed page, which sets the CSRF cookie
    response = client.delete(
        f"/api/accounts/tokens/{issued.token.pk}",
        HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value,
    )
    assert response.status_code == 403
    assert response.json()["code"] == "mfa_required"
    assert services.token_authenticate(raw=issued.raw) is not None


def test_pages_and_token_creation_send_to_set_up(client, privileged):
    client.force_login(privileged)
    for path in ("/en/", "/en/audit/", "/en/accounts/profile/", "/en/admin/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == ACTIVATE
    response = client.post("/en/accounts/profile/", {"name": "x", "scopes": ["read", "write"]})
    assert response.status_code == 302 and response["Location"] == ACTIVATE
    assert not ApiToken.objects.filter(user=privileged).exists()


def test_the_set_up_pages_stay_reachable(client, privileged):
    client.force_login(privileged)
    response = client.get(ACTIVATE)
    # Activation first asks for the password again (allauth's reauthentication): that page
    # must not send back to activation, or the set-up would loop.
    assert response.status_code == 302
    assert "/accounts/reauthenticate/" in response["Location"]
    assert client.get(response["Location"]).status_code == 200
    assert client.get("/en/accounts/logout/").status_code == 200


def test_icons_and_static_files_are_never_sent_to_set_up(client, privileged):
    client.force_login(privileged)
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file


def test_the_activation_secret_stays_the_same_for_the_page(client, privileged):
    client.force_login(privileged)
    session = client.session
    session["account_authentication_methods"] = [
        {"method": "password", "at": time.time(), "reauthenticated": True}
    ]
    session["account_authentication_methods_user"] = str(privileged.pk)
    session.save()
    first = client.get(ACTIVATE)
    assert first.status_code == 200
    secret = client.session["mfa.totp.secret"]
    client.get("/favicon.ico")
    client.get(ACTIVATE)
    assert client.session["mfa.totp.secret"] == secret
    response = client.post(ACTIVATE, {"code": totp(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=privileged, type="totp").exists()


def test_a_privileged_token_needs_a_recent_second_factor(client, privileged):
    cache.clear()  # allauth refuses a code already used by this user id in the last 30 s
    _with_totp(privileged)
    client.force_login(privileged)  # signed in, but no second-factor check in this session
    response = client.post("/en/accounts/profile/", {"name": "x", "scopes": ["read", "write"]})
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/2fa/reauthenticate/")
    assert not ApiToken.objects.filter(user=privileged).exists()
    confirmed = client.post(response["Location"], {"code": totp()})
    assert confirmed.status_code == 302
    response = client.post("/en/accounts/profile/", {"name": "x", "scopes": ["read", "write"]})
    assert response.status_code == 200
    assert ApiToken.objects.filter(user=privileged).count() == 1


def test_a_privileged_token_still_works_in_the_api(client, privileged):
    # Tokens of privileged accounts exist only after a second-factor check (or were issued by
    # an operator with `aigov accounts create-token`), so the API takes them.
    issued = services.token_create(actor=services.system_actor(), user=privileged)
    response = Client().get("/api/accounts/me", HTTP_AUTHORIZATION=f"Bearer {issued.raw}")
    assert response.status_code == 200


def test_a_learner_creates_a_token_without_a_second_factor(client):
    client.force_login(UserFactory(role=Role.LEARNER))
    response = client.post("/en/accounts/profile/", {"name": "x", "scopes": ["read"]})
    assert response.status_code == 200 and "aigov_" in response.content.decode()


def test_the_admin_sign_in_form_cannot_skip_the_second_factor(client) -> None:  # type: ignore[no-untyped-def]
    """Django admin's own form signed an administrator with TOTP in by password alone."""
    from allauth.mfa.models import Authenticator

    from aigov.accounts.tests.factories import PASSWORD, UserFactory

    administrator = UserFactory(is_superuser=True, is_staff=True)
    Authenticator.objects.create(
        user=administrator, type=Authenticator.Type.TOTP, data={"secret": "x"}
    )
    shown = client.get("/en/admin/login/?next=/en/admin/")
    assert shown.status_code == 302 and shown["Location"].startswith("/en/accounts/login/")
    posted = client.post(
        "/en/admin/login/?next=/en/admin/",
        {"username": administrator.email, "password": PASSWORD, "next": "/en/admin/"},
    )
    assert posted.status_code == 302 and posted["Location"].startswith("/en/accounts/login/")
    assert "_auth_user_id" not in client.session
    assert client.get("/api/audit/entries").status_code == 401
