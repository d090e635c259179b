"""The resource import page (/compute/resources/import/): a file is checked first, every problem
named by row and column with nothing written, then applied in one transaction; node operators
import their own nodes' resources only, the secretariat any; others are refused and not led
there."""

import json
from decimal import Decimal

import pytest
from allauth.mfa.models import Authenticator
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from aigov.accounts.tests.factories import UserFactory
from aigov.capacity.tests.factories import editor, make_node
from aigov.compute.models import Resource
from aigov.compute.tests.factories import make_operator, make_resource
from aigov.compute.tests.test_exchange import _csv, _row

pytestmark = pytest.mark.django_db

PAGE = "/en/compute/resources/import/"


def _post(client: Client, content: bytes, *, name: str = "resources.csv", dry_run: bool = False):
    data: dict = {"upload": SimpleUploadedFile(name, content)}
    if dry_run:
        data["dry_run"] = "on"
    return client.post(PAGE, data)


@pytest.fixture
def operator_client():
    operator = make_operator()
    client = Client()
    client.force_login(operator)
    return operator, client


def test_an_operator_checks_then_applies_a_file_of_their_nodes_resources(operator_client):
    operator, client = operator_client
    node = make_node(operators=[operator])
    make_resource(node=node, slug="known", capacity=Decimal(100))
    content = _csv([_row(node, "new-gpus"), _row(node, "known", capacity="250")])
    checked = _post(client, content, dry_run=True)
    assert checked.status_code == 200
    assert "The file is valid (nothing was changed)" in checked.content.decode()
    assert not Resource.objects.filter(slug="new-gpus").exists()
    applied = _post(client, content)
    assert applied.status_code == 200
    html = applied.content.decode()
    assert "The file was applied" in html and "2 rows: 1 new, 1 changed, 0 unchanged." in html
    assert Resource.objects.get(slug="new-gpus").node == node
    assert Resource.objects.get(slug="known").capacity == Decimal(250)


def test_the_secretariat_imports_json_for_any_node():
    secretariat = editor()
    Authenticator.objects.create(user=secretariat, type=Authenticator.Type.TOTP, data={"x": 1})
    client = Client()
    client.force_login(secretariat)
    node = make_node()
    answer = _post(client, json.dumps([_row(node, "json-one")]).encode(), name="r.json")
    assert answer.status_code == 200
    assert Resource.objects.get(slug="json-one").node == node


def test_every_problem_is_shown_by_row_and_column_and_nothing_is_half_imported(
    operator_client,
):
    operator, client = operator_client
    mine, theirs = make_node(operators=[operator]), make_node()
    make_resource(node=theirs, slug="theirs", name="Their GPUs")
    rows = [
        _row(mine, "good"),  # row 2: fine, but not written since others are bad
        _row(mine, "bad-kind", kind="quantum"),  # row 3
        _row(theirs, "on-their-node"),  # row 4: another operator's node
        _row(mine, "theirs", name="Taken over"),  # row 5: another operator's resource
    ]
    before = Resource.objects.count(), LogEntry.objects.count()
    answer = _post(client, _csv(rows))
    assert answer.status_code == 400
    html = answer.content.decode()
    assert "The file was not applied" in html and "Problems, by row and column" in html
    assert "<td>3</td><td>kind</td>" in html
    assert (Resource.objects.count(), LogEntry.objects.count()) == before
    # With the column's problem fixed, the rows refused while writing are named, and the good
    # row written before them is rolled back.
    answer = _post(client, _csv([rows[0], rows[2], rows[3]]))
    assert answer.status_code == 400
    html = answer.content.decode()
    for row, column in (("3", "node"), ("4", "slug")):
        assert f"<td>{row}</td><td>{column}</td>" in html, (row, column)
    assert "You may add resources only to the nodes you operate." in html
    assert (Resource.objects.count(), LogEntry.objects.count()) == before
    assert Resource.objects.get(slug="theirs").name == "Their GPUs"
    assert not Resource.objects.filter(slug__in=["good", "on-their-node"]).exists()


def test_a_file_that_cannot_be_read_is_refused_with_nothing_written(operator_client):
    operator, client = operator_client
    make_node(operators=[operator])
    before = Resource.objects.count()
    for name, content in (("r.json", b"{not json"), ("r.pdf", b"%PDF-1.4"), ("r.csv", b"")):
        answer = _post(client, content, name=name)
        assert answer.status_code == 400, name
        assert "The file was applied" not in answer.content.decode()
    assert client.post(PAGE, {}).status_code == 400
    assert Resource.objects.count() == before


def test_only_operators_of_a_node_and_the_secretariat_see_the_page_and_its_link(client: Client):
    make_resource(slug="listed")
    assert client.get(PAGE).status_code == 302  # to sign in
    assert "/compute/resources/import/" not in client.get("/en/compute/").content.decode()
    for user in (UserFactory(role="learner"), make_operator()):  # the operator runs no node
        client.force_login(user)
        assert client.get(PAGE).status_code == 403
        assert _post(client, _csv([_row(make_node(), "sneaked-in")])).status_code == 403
        assert "/compute/resources/import/" not in client.get("/en/compute/").content.decode()
    assert not Resource.objects.filter(slug="sneaked-in").exists()
    operator = make_operator()
    make_node(operators=[operator])
    client.force_login(operator)
    assert 'href="/en/compute/resources/import/"' in client.get("/en/compute/").content.decode()
    page = client.get(PAGE)
    assert page.status_code == 200 and "<code>slurm_cluster</code>" in page.content.decode()
