"""Account pages: two-factor sign-in for the secretariat, and nobody sees another user's data."""

import pytest
from allauth.mfa.models import Authenticator

from aigov.accounts import services
from aigov.accounts.models import Role
from aigov.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_secretariat_without_totp_is_sent_to_set_it_up(client):
    secretariat = UserFactory(role=Role.SECRETARIAT)
    client.force_login(secretariat)
    response = client.get("/en/taxonomy/")
    assert response.status_code == 302
    assert "/accounts/2fa/totp/activate/" in response["Location"]
    Authenticator.objects.create(
        user=secretariat, type=Authenticator.Type.TOTP, data={"secret": "x"}
    )
    assert client.get("/en/taxonomy/").status_code == 200


def test_administrator_without_totp_is_sent_to_set_it_up(client):
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    assert "/accounts/2fa/totp/activate/" in client.get("/en/").headers["Location"]


def test_learner_needs_no_second_factor(client):
    client.force_login(UserFactory(role=Role.LEARNER))
    assert client.get("/en/taxonomy/").status_code == 200


def test_profile_page_requires_sign_in_and_shows_only_my_tokens(client):
    assert client.get("/en/accounts/profile/").status_code == 302
    me, other = UserFactory(role=Role.LEARNER), UserFactory(role=Role.LEARNER)
    services.token_create(actor=other, user=other, name="other-secret-name")
    client.force_login(me)
    page = client.get("/en/accounts/profile/").content.decode()
    assert "other-secret-name" not in page
    response = client.post("/en/accounts/profile/", {"name": "my script", "scopes": ["read"]})
    page = response.content.decode()
    assert "my script" in page and "aigov_" in page  # the new token, shown once


def test_revoking_someone_elses_token_from_the_page_is_404(client):
    owner, intruder = UserFactory(), UserFactory()
    issued = services.token_create(actor=owner, user=owner)
    client.force_login(intruder)
    assert client.post(f"/en/accounts/tokens/{issued.token.pk}/revoke/").status_code == 404
    assert services.token_authenticate(raw=issued.raw) is not None


@pytest.mark.django_db(transaction=True)
def test_password_reset_by_email(client, settings):
    import re

    from django.core import mail

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    user = services.user_create(
        actor=services.system_actor(), email="forgot@example.org", password="an old passphrase 1"
    )
    response = client.post("/en/accounts/password/reset/", {"email": "forgot@example.org"})
    assert response.status_code == 302
    link = re.search(r"http://\S+/accounts/password/reset/key/\S+", mail.outbox[-1].body).group(0)
    form_page = client.get(link, follow=True)
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    done = client.post(
        action, {"password1": "a new passphrase 22", "password2": "a new passphrase 22"}
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a new passphrase 22")
    # The owner is told that the password was reset (ASVS 2.5.5), with no link in the mail.
    notice = mail.outbox[-1]
    assert notice.to == ["forgot@example.org"] and "reset" in notice.subject.lower()
    assert "/password/reset/key/" not in notice.body


@pytest.mark.django_db(transaction=True)
def test_a_password_change_is_told_to_the_owner_by_mail(client, settings):
    from django.core import mail

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    user = services.user_create(
        actor=services.system_actor(), email="owner@example.org", password="an old passphrase 1"
    )
    client.force_login(user)
    response = client.post(
        "/en/accounts/password/change/",
        {
            "oldpassword": "an old passphrase 1",
            "password1": "a new passphrase 22",
            "password2": "a new passphrase 22",
        },
    )
    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [["owner@example.org"]]
    assert "password" in mail.outbox[0].subject.lower()
