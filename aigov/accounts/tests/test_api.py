import pytest
from django.test import Client

from aigov.accounts import services
from aigov.accounts.models import Role
from aigov.accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_me_refuses_anonymous_with_a_problem_document(client: Client):
    response = client.get("/api/accounts/me")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "not_authenticated" and body["status"] == 401
    assert "email" not in body


def test_me_with_token_returns_the_owner_and_roles(client: Client):
    user = UserFactory(role=Role.FOCAL_POINT, role__country="BRA")
    issued = services.token_create(actor=user, user=user)
    body = client.get("/api/accounts/me", **_bearer(issued.raw)).json()
    assert body["email"] == user.email
    assert body["roles"] == [{"role": "focal_point", "country": "BRA"}]
    assert body["is_administrator"] is False


def test_me_reports_an_administrator_and_not_a_secretariat_member(client: Client):
    from allauth.mfa.models import Authenticator

    administrator = UserFactory(is_superuser=True, is_staff=True)
    secretariat = UserFactory(role=Role.SECRETARIAT)
    for privileged in (administrator, secretariat):  # both must have set up the second factor
        Authenticator.objects.create(
            user=privileged, type=Authenticator.Type.TOTP, data={"secret": "x"}
        )
    client.force_login(administrator)
    assert client.get("/api/accounts/me").json()["is_administrator"] is True
    client.force_login(secretariat)
    assert client.get("/api/accounts/me").json()["is_administrator"] is False


def test_me_with_session(client: Client):
    user = UserFactory(role=Role.LEARNER)
    client.force_login(user)
    assert client.get("/api/accounts/me").json()["email"] == user.email


def test_bad_or_revoked_token_is_refused(client: Client):
    user = UserFactory()
    issued = services.token_create(actor=user, user=user)
    services.token_revoke(actor=user, token_id=issued.token.pk)
    for raw in (issued.raw, "aigov_not-a-token"):
        response = client.get("/api/accounts/me", **_bearer(raw))
        assert response.status_code == 401
        assert response.json()["code"] == "invalid_token"


def test_tokens_list_shows_only_my_tokens(client: Client):
    me, other = UserFactory(), UserFactory()
    mine = services.token_create(actor=me, user=me, name="mine")
    services.token_create(actor=other, user=other, name="theirs")
    listed = client.get("/api/accounts/tokens", **_bearer(mine.raw)).json()
    assert listed["count"] == 1
    assert [t["name"] for t in listed["items"]] == ["mine"]
    assert all("digest" not in t for t in listed["items"])


def test_read_token_cannot_write(client: Client):
    user = UserFactory()
    reader = services.token_create(actor=user, user=user, scopes=["read"])
    response = client.delete(f"/api/accounts/tokens/{reader.token.pk}", **_bearer(reader.raw))
    assert response.status_code == 403
    writer = services.token_create(actor=user, user=user, scopes=["read", "write"])
    response = client.delete(f"/api/accounts/tokens/{reader.token.pk}", **_bearer(writer.raw))
    assert response.status_code == 200 and response.json()["revoked_at"]


def test_session_write_needs_csrf():
    user = UserFactory()
    issued = services.token_create(actor=user, user=user)
    client = Client(enforce_csrf_checks=True)
    client.login(email=user.email, password=PASSWORD)
    response = client.delete(f"/api/accounts/tokens/{issued.token.pk}")
    assert response.status_code == 403
    assert services.token_authenticate(raw=issued.raw) is not None


def test_revoking_another_users_token_is_not_found(client: Client):
    owner, other = UserFactory(), UserFactory()
    target = services.token_create(actor=owner, user=owner)
    writer = services.token_create(actor=other, user=other, scopes=["read", "write"])
    response = client.delete(f"/api/accounts/tokens/{target.token.pk}", **_bearer(writer.raw))
    assert response.status_code == 404
    assert services.token_authenticate(raw=target.raw) is not None
