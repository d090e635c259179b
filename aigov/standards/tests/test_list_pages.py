"""The register's lists page, whatever their size (issue 19): 20,000 standards once made a
page of every one of them."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from aigov.core.tests.paging import assert_pages
from aigov.standards.models import Status
from aigov.standards.selectors import standard_list
from aigov.standards.tests.factories import make_standard

pytestmark = pytest.mark.django_db


def _standards(html: str) -> list[str]:
    return re.findall(r'<td><a href="/en/standards/(\d+)/">', html)


def test_the_register_pages_and_counts_every_standard(client: Client):
    for _number in range(55):
        make_standard()
    total = standard_list(actor=AnonymousUser()).count()
    assert_pages(client, "/en/standards/", items=_standards, total=total)
    page = client.get("/en/standards/").content.decode()
    assert f"{total} standards</caption>" in page


def test_a_filtered_register_pages_with_its_filter(client: Client):
    for _number in range(51):
        make_standard(status=Status.UNDER_DEVELOPMENT)
    total = standard_list(actor=AnonymousUser(), status=Status.UNDER_DEVELOPMENT).count()
    assert_pages(
        client,
        "/en/standards/",
        items=_standards,
        total=total,
        query={"status": Status.UNDER_DEVELOPMENT},
    )
    # htmx asks for the table alone: it brings its pager along.
    partial = client.get("/en/standards/", {"status": "under_development"}, HTTP_HX_REQUEST="true")
    assert 'rel="next"' in partial.content.decode()
    assert "<html" not in partial.content.decode()
