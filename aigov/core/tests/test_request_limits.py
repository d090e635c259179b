"""Requests are bounded before they are read (issue 17, part 5): a body over the size limit is
answered with 413 from its Content-Length, unread (a problem document for /api/, a page that
says what to do for pages), and JSON nested too deeply gets a 400, never a RecursionError."""

import io

import pytest
from django.test import Client, override_settings

from aigov.accounts.tests.factories import UserFactory

# Messages and numbers read in English, whatever language an earlier test left active.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


DEEP = b"[" * 100_000 + b"]" * 100_000


def _operator():
    """A node operator, who may use the offering import page."""
    from aigov.capacity.tests.factories import make_node

    operator = UserFactory(role="node_operator")
    make_node(operators=[operator])
    return operator


def _post_claiming_a_terabyte(client: Client, path: str, body: bytes, content_type: str):
    """POST a few bytes under a Content-Length of a terabyte: anything that tried to read the
    claimed body would fail (the test client's stream holds only `body`)."""
    return client.generic("POST", path, body, content_type=content_type, CONTENT_LENGTH=str(10**12))


def _upload(content: bytes, name: str) -> io.BytesIO:
    upload = io.BytesIO(content)
    upload.name = name
    return upload


def test_an_api_body_over_the_limit_is_refused_unread_with_a_problem_document(client: Client):
    response = _post_claiming_a_terabyte(
        client, "/api/capacity/offerings", b"{}", "application/json"
    )
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 413 and problem["code"] == "too_large"
    assert "2.5" in problem["detail"] and "MB" in problem["detail"]


def test_an_upload_over_the_limit_is_refused_unread_with_a_page(client: Client):
    client.force_login(UserFactory(role="node_operator"))
    response = _post_claiming_a_terabyte(
        client, "/fr/capacity/offerings/import/", b"--x--", "multipart/form-data; boundary=x"
    )
    assert response.status_code == 413
    page = response.content.decode()
    assert '<html lang="fr"' in page and "20,0" in page.replace("\xa0", " ")


@override_settings(AIGOV_MAX_UPLOAD_BYTES=100_000)
def test_an_upload_within_the_limit_is_read_and_one_over_it_is_not(client: Client):
    client.force_login(_operator())
    small = _upload(b"name,kind\n", "o.csv")
    # Within the limit the page answers (400: the file is no offerings file).
    assert client.post("/en/capacity/offerings/import/", {"upload": small}).status_code == 400
    large = _upload(b"x" * 100_001, "o.csv")
    response = client.post("/en/capacity/offerings/import/", {"upload": large})
    assert response.status_code == 413
    assert "larger than 97.7" in response.content.decode().replace("\xa0", " ")


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_form_fields_over_the_in_memory_limit_are_413_not_400(client: Client):
    client.force_login(_operator())
    upload = _upload(b"name,kind\n", "o.csv")
    # The file counts against AIGOV_MAX_UPLOAD_BYTES, the fields against this limit.
    fields = {"upload": upload, "note": "x" * 2000}
    response = client.post("/en/capacity/offerings/import/", fields)
    assert response.status_code == 413
    assert "larger than 1000" in response.content.decode().replace("\xa0", " ")
    json_body = client.post(
        "/api/capacity/offerings", {"x": "y" * 2000}, content_type="application/json"
    )
    assert json_body.status_code == 413 and json_body.json()["code"] == "too_large"


def test_a_deeply_nested_api_body_is_400_not_500():
    from aigov.accounts import services as account_services

    operator = UserFactory(role="node_operator")
    issued = account_services.token_create(actor=operator, user=operator, scopes=["read", "write"])
    api = Client(HTTP_AUTHORIZATION=f"Bearer {issued.raw}")
    response = api.post("/api/capacity/offerings", DEEP, content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "too_deep"
    assert "100000 levels" in response.json()["detail"]
    verify = Client().post(
        "/api/capacity/credentials/verify", DEEP, content_type="application/ld+json"
    )
    assert verify.status_code == 400 and verify.json()["code"] == "too_deep"
    # Within the limit the body reaches the operation as before.
    within = Client().post(
        "/api/capacity/credentials/verify", b"[[1]]", content_type="application/json"
    )
    assert within.status_code == 200 and within.json()["valid"] is False


def test_deeply_nested_json_on_the_import_and_upload_pages_is_400_not_500(client: Client):
    from aigov.capacity.tests.factories import make_node, make_offering, make_provider

    operator = UserFactory(role="node_operator")
    node = make_node(operators=[operator])
    make_offering(
        slug="course", node=node, provider=make_provider(node=node), kind="self_paced_course"
    )
    client.force_login(operator)
    imported = client.post("/en/capacity/offerings/import/", {"upload": _upload(DEEP, "o.json")})
    assert imported.status_code == 400
    assert "at most 64 levels" in imported.content.decode()
    content = client.post(
        "/en/capacity/offerings/course/content/upload/", {"content": _upload(DEEP, "c.json")}
    )
    assert content.status_code == 400 and "at most 64 levels" in content.content.decode()
    verified = client.post("/en/capacity/verify/", {"upload": _upload(DEEP, "badge.json")})
    assert verified.status_code == 400 and "at most 64 levels" in verified.content.decode()
    pasted = client.post("/en/capacity/verify/", {"credential": DEEP.decode()})
    assert pasted.status_code == 400 and "at most 64 levels" in pasted.content.decode()


# --- the body's type (docs/security.md, gap 4) --------------------------------------------------

PROJECT = b'{"title": "Flood maps", "country": "MWI", "purpose": "Forecasting"}'


def _bearer(user) -> dict[str, str]:
    from aigov.accounts import services as account_services

    issued = account_services.token_create(actor=user, user=user, scopes=["read", "write"])
    return {"HTTP_AUTHORIZATION": f"Bearer {issued.raw}"}


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "application/xml", ""]
)
def test_an_api_body_that_is_not_json_is_refused_and_changes_nothing(client: Client, content_type):
    from aigov.compute.models import Project

    headers = _bearer(UserFactory())
    response = client.generic(
        "POST", "/api/compute/projects", PROJECT, content_type=content_type, **headers
    )
    assert response.status_code == 415
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["code"] == "unsupported_media_type"
    assert "application/json" in problem["detail"]
    assert not Project.objects.exists()


@pytest.mark.parametrize("content_type", ["application/json", "application/json; charset=utf-8"])
def test_the_same_body_sent_as_json_is_taken(client: Client, content_type):
    response = client.generic(
        "POST",
        "/api/compute/projects",
        PROJECT,
        content_type=content_type,
        **_bearer(UserFactory()),
    )
    assert response.status_code == 201, response.content


def test_the_refusal_of_a_body_type_is_in_the_api_document(client: Client):
    document = client.get("/api/openapi.json").json()
    operation = document["paths"]["/api/compute/projects"]["post"]
    assert "415" in operation["responses"]


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded"])
def test_the_credential_verifier_still_answers_any_body_in_its_own_shape(content_type):
    answer = Client().post("/api/capacity/credentials/verify", b"[[1]]", content_type=content_type)
    assert answer.status_code == 200 and answer.json()["valid"] is False
