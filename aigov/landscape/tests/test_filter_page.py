"""The policy library's jurisdiction filter: a list of names; codes in older links still work."""

import pytest
from django.test import Client
from pytest_django.asserts import assertInHTML

pytestmark = pytest.mark.django_db


def test_jurisdiction_is_picked_from_names(client: Client):
    page = client.get("/en/landscape/policies/").content.decode()
    assertInHTML('<option value="EUU">European Union</option>', page)
    assertInHTML(
        '<option value="GBR">United Kingdom of Great Britain and Northern Ireland</option>', page
    )
    assert "ISO 3166-1 alpha-3 code" not in page


@pytest.mark.parametrize("code", ["EUU", "euu"])
def test_a_jurisdiction_code_in_the_address_still_filters(client: Client, code: str):
    response = client.get("/en/landscape/policies/", {"jurisdiction": code})
    assert response.status_code == 200
    page = response.content.decode()
    assert "/landscape/policies/eu-ai-act/" in page
    assert "/landscape/policies/gbr-ai-safety-institute/" not in page
    assertInHTML('<option value="EUU" selected>European Union</option>', page)
