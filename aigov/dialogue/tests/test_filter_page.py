"""The incident list's country filter: a list of names; the code of an older link still works."""

import pytest
from django.test import Client
from pytest_django.asserts import assertInHTML

from aigov.dialogue.tests.factories import file_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def reports():
    return {
        "kenya": file_report(title="Kenyan screening incident", countries=["KEN"]),
        "brazil": file_report(title="Brazilian scoring incident", countries=["BRA"]),
    }


def _listed(response) -> str:
    assert response.status_code == 200, response.status_code
    # Only the list of reports: the counts by country below it name every country.
    page = response.content.decode()
    return page.split('class="incident-list"', 1)[1].split("</table>", 1)[0]


def test_country_is_picked_from_names(client: Client, reports):
    page = client.get("/en/dialogue/incidents/").content.decode()
    assertInHTML('<option value="KEN">Kenya</option>', page)
    assert 'name="country" maxlength' not in page
    french = client.get("/fr/dialogue/incidents/").content.decode()
    assertInHTML('<option value="KEN">Kenya</option>', french)
    assertInHTML('<option value="BRA">Brésil</option>', french)


@pytest.mark.parametrize("code", ["KEN", "ken"])
def test_a_country_code_in_the_address_still_filters(client: Client, reports, code: str):
    response = client.get("/en/dialogue/incidents/", {"country": code})
    listed = _listed(response)
    assert "Kenyan screening incident" in listed and "Brazilian scoring incident" not in listed
    assertInHTML('<option value="KEN" selected>Kenya</option>', response.content.decode())
