"""Bearer tokens authenticate the API only, and a read token writes nowhere (issue 17, part 1)."""

import pytest
from django.test import Client

from aigov.accounts import services
from aigov.accounts.models import ApiToken, Role
from aigov.accounts.tests.factories import UserFactory
from aigov.dialogue.models import IncidentReport

pytestmark = pytest.mark.django_db


def _bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def reader():
    user = UserFactory(role=Role.FOCAL_POINT, role__country="KEN")
    return services.token_create(actor=user, user=user, scopes=["read"])


@pytest.mark.parametrize("enforce_csrf", [True, False])
def test_a_read_token_cannot_mint_a_write_token_through_the_profile_page(reader, enforce_csrf):
    client = Client(enforce_csrf_checks=enforce_csrf)
    response = client.post(
        "/en/accounts/profile/",
        {"name": "x", "scopes": ["read", "write"]},
        **_bearer(reader.raw),
    )
    # The bearer header is ignored on pages: the request is an anonymous form post, refused
    # by CSRF (403) or sent to sign in (302).
    assert response.status_code in {302, 403}
    assert "aigov_" not in response.content.decode()
    assert ApiToken.objects.filter(user=reader.token.user).count() == 1


def test_a_token_does_not_sign_in_a_page(reader):
    response = Client().get("/en/accounts/profile/", **_bearer(reader.raw))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_read_token_cannot_file_an_incident_through_the_pages(reader):
    before = IncidentReport.objects.count()
    response = Client(enforce_csrf_checks=True).post(
        "/en/dialogue/incidents/new/",
        {"title": "Filed with a read token", "summary": "x", "confidentiality": "public"},
        **_bearer(reader.raw),
    )
    assert response.status_code == 403
    assert IncidentReport.objects.count() == before


def test_an_unknown_token_on_a_page_is_ignored_not_refused():
    response = Client().get("/en/taxonomy/", **_bearer("aigov_not-a-token"))
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/api/capacity/credentials/verify"),  # an endpoint without auth=
        ("post", "/api/dialogue/incidents"),
        ("patch", "/api/dialogue/incidents/1"),
        ("put", "/api/capacity/offerings/no-such-offering"),
        ("delete", "/api/accounts/tokens/1"),
        ("post", "/api/no-such-endpoint"),
    ],
)
def test_a_read_token_gets_403_on_every_unsafe_api_method(reader, method, path):
    response = getattr(Client(), method)(
        path, data="{}", content_type="application/json", **_bearer(reader.raw)
    )
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "insufficient_scope" and body["status"] == 403
    assert 'error="insufficient_scope"' in response["WWW-Authenticate"]


def test_a_write_token_still_writes_through_the_api():
    user = UserFactory()
    writer = services.token_create(actor=user, user=user, scopes=["read", "write"])
    response = Client().post(
        "/api/capacity/credentials/verify",
        data="{}",
        content_type="application/json",
        **_bearer(writer.raw),
    )
    assert response.status_code == 200
    assert response.json()["valid"] is False


def test_a_token_user_is_marked_for_the_access_layer(reader, rf):
    from aigov.accounts.middleware import BearerTokenMiddleware

    seen = {}

    def view(request):
        seen["user"], seen["token"] = request.user, request.api_token
        from django.http import HttpResponse

        return HttpResponse()

    request = rf.get("/api/accounts/me", **_bearer(reader.raw))
    BearerTokenMiddleware(view)(request)
    assert seen["token"] == reader.token
    assert seen["user"].api_token == reader.token
    assert seen["user"].pk == reader.token.user.pk


def test_session_writes_to_the_api_need_csrf_even_without_endpoint_auth():
    user = UserFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post(
        "/api/capacity/credentials/verify", data="{}", content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"
    client.get("/en/")  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/api/capacity/credentials/verify",
        data="{}",
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 200
