import datetime
import re

import pytest
from django.test import Client

from aigov.landscape.selectors import representation

pytestmark = pytest.mark.django_db


def test_initiative_list_links_every_initiative(client: Client, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = client.get("/en/landscape/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Bletchley Declaration" in page
    assert 'href="/en/landscape/initiatives/oecd-ai-principles-2019/"' in page
    assert 'href="/en/landscape/"' in page  # in the navigation


def test_initiative_detail_shows_participants_with_basis_and_source(client: Client):
    page = client.get("/en/landscape/initiatives/coe-ai-convention-cai-2022/").content.decode()
    assert "Holy See" in page and "European Union" in page
    assert "Negotiating party" in page and "Observer participant" in page
    assert "https://www.coe.int/" in page
    french = client.get("/fr/landscape/initiatives/coe-ai-convention-cai-2022/").content.decode()
    assert "Union européenne" in french


def test_unknown_initiative_page_is_404(client: Client):
    assert client.get("/en/landscape/initiatives/no-such-thing/").status_code == 404


def test_representation_page_shows_rules_summary_and_groups(client: Client):
    """The matrix itself: test_representation_page.py."""
    response = client.get("/en/landscape/representation/", {"as_of": "2024-09-01"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "does not count for its member states" in page
    assert "had not ended by it" in page
    assert "Western European and other States" in page and "Low income" in page
    summary = representation(as_of=datetime.date(2024, 9, 1))
    assert f"<dd>{summary.in_none}</dd>" in page


def test_representation_page_rejects_a_bad_date(client: Client):
    response = client.get("/en/landscape/representation/", {"as_of": "2024-99-01"})
    assert response.status_code == 400
    assert '<table class="matrix">' not in response.content.decode()


def test_representation_page_in_arabic_is_right_to_left(client: Client):
    page = client.get("/ar/landscape/representation/").content.decode()
    assert 'dir="rtl"' in page


def test_representation_page_draws_the_map_with_a_title_per_country(client: Client):
    page = client.get("/en/landscape/representation/", {"as_of": "2024-09-01"}).content.decode()
    svg = page[page.index('<figure class="world-map">') : page.index("</figure>")]
    assert "<title>Angola: 0 initiatives</title>" in svg
    assert "<title>Kenya: 2 initiatives</title>" in svg
    assert "<title>Japan: 7 initiatives</title>" in svg
    assert 'role="img"' in svg and "Natural Earth" in svg
    assert svg.count("<path ") > 150
    # Shaded by count: Japan (in all seven) darkest, Angola (in none) lightest.
    japan = svg[: svg.index("<title>Japan")].rsplit("<path ", 1)[1]
    angola = svg[: svg.index("<title>Angola")].rsplit("<path ", 1)[1]
    assert 'fill="#08519c"' in japan and 'fill="#f7fbff"' in angola


def test_the_initiative_list_pages(client: Client):
    from aigov.core.tests.paging import assert_pages
    from aigov.landscape.models import Initiative
    from aigov.landscape.tests.factories import InitiativeFactory

    InitiativeFactory.create_batch(60)
    assert_pages(
        client,
        "/en/landscape/",
        items=lambda html: re.findall(r'href="/en/landscape/initiatives/([^/]+)/"', html),
        total=Initiative.objects.count(),
    )
