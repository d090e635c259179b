"""Missing data (issue 22, item 7): registered by anyone signed in, named by field when wrong,
read by the requester, data trustees and the secretariat only, and counted in the gaps as far
as the reader may see them."""

import pytest
from django.contrib.auth.models import AnonymousUser

from aigov.accounts.tests.factories import UserFactory
from aigov.core.errors import InvalidInput, NotAllowed
from aigov.data import selectors, services
from aigov.data.models import DataNeed
from aigov.data.tests.factories import trustee
from aigov.data.tests.test_done_when import bearer, post

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("fields", "field", "code"),
    [
        ({"language": "xx-nope", "why": "x"}, "language", "unknown"),
        ({"country": "ATL", "why": "x"}, "country", "unknown"),
        ({"task": "mind_reading", "why": "x"}, "task", "unknown"),
        ({"language": "zu", "why": " "}, "why", "required"),
        ({"why": "Something."}, None, "required"),
    ],
)
def test_bad_needs_name_the_field_and_change_nothing(fields, field, code):
    with pytest.raises(InvalidInput) as refused:
        services.need_register(actor=UserFactory(), **fields)
    assert (field, code) in {(e["field"], e["code"]) for e in refused.value.errors}
    assert not DataNeed.objects.exists()


def test_visitors_cannot_register_needs():
    with pytest.raises(NotAllowed):
        services.need_register(actor=AnonymousUser(), language="zu", why="Speech data.")


def test_needs_are_read_by_their_requester_trustees_and_secretariat_and_fill_the_gaps(client):
    requester, other, data_trustee = UserFactory(), UserFactory(), trustee()
    created = post(
        client,
        "/api/data/needs",
        {"language": "zu", "task": "speech_recognition", "why": "Clinic voice notes."},
        requester,
    )
    assert created.status_code == 201, created.content
    assert created.json()["language"] == "zu"
    assert client.get("/api/data/needs", **bearer(requester)).json()["count"] == 1
    assert client.get("/api/data/needs", **bearer(data_trustee)).json()["count"] == 1
    assert client.get("/api/data/needs", **bearer(other)).json()["count"] == 0
    rows = {row.key: row for row in selectors.gaps(actor=data_trustee, by="language")}
    assert rows["zu"].needs == 1
    public = {row["key"]: row for row in client.get("/api/data/gaps").json()["items"]}
    assert public["zu"]["needs"] == 0  # the public does not see who needs what
