"""The capacity module's lists page, whatever their size (issue 19)."""

import re

import pytest
from django.test import Client

from aigov.capacity.tests.factories import make_node
from aigov.core.tests.paging import assert_pages

pytestmark = pytest.mark.django_db


def test_the_node_list_pages(client: Client):
    for _number in range(51):
        make_node()
    assert_pages(
        client,
        "/en/capacity/nodes/",
        items=lambda html: re.findall(r'href="/en/capacity/nodes/([\w-]+)/"', html),
        total=51,
    )
