"""The catalogue page: offerings as cards (a table on request), filters picked from named lists."""

import datetime
import re
from decimal import Decimal

import pytest
from django.test import Client
from pytest_django.asserts import assertInHTML

from aigov.capacity.tests.factories import make_offering, make_provider

pytestmark = pytest.mark.django_db

STARTS = datetime.datetime(2030, 3, 1, 9, tzinfo=datetime.UTC)


@pytest.fixture
def offerings():
    provider = make_provider()
    return {
        "course": make_offering(
            slug="fr-course",
            kind="self_paced_course",
            languages=["fr"],
            provider=provider,
            descriptions={"en": "How a ministry can buy AI systems it can audit."},
            has_certificate=True,
        ),
        "webinar": make_offering(
            slug="ar-webinar",
            languages=["ar", "en"],
            cost="fee",
            fee_amount=Decimal("50.00"),
            fee_currency="USD",
            starts_at=STARTS,
            ends_at=STARTS + datetime.timedelta(hours=2),
        ),
        "provider": provider,
    }


def _results(response) -> str:
    """Return the HTML of the results (the recommendations above them ignore the filters)."""
    assert response.status_code == 200, response.status_code
    page = response.content.decode()
    return (
        page.split('<div id="offering-results">', 1)[1]
        .split("</main>", 1)[0]
        .rsplit("</div>", 1)[0]
    )


def _card(page: str, slug: str) -> str:
    """Return the HTML of the card that links to the offering `slug`."""
    for card in re.findall(r'<li class="card">.*?</li>', page, flags=re.DOTALL):
        if f"/capacity/offerings/{slug}/" in card:
            return card
    raise AssertionError(f"no card for {slug}")


def test_offerings_are_cards_with_provider_language_names_time_cost_and_credential(
    client: Client, offerings
):
    page = client.get("/en/capacity/").content.decode()
    assert '<table class="offerings">' not in page
    course = _card(page, "fr-course")
    assertInHTML("<dd>French</dd>", course)
    assertInHTML(f"<dd>{offerings['provider'].names['en']}</dd>", course)
    assertInHTML("<dd>Free</dd>", course)
    assertInHTML("<dd>Open Badges credential on completion</dd>", course)
    assert "How a ministry can buy AI systems it can audit." in course
    webinar = _card(page, "ar-webinar")
    assertInHTML("<dd>Arabic, English</dd>", webinar)
    assertInHTML("<dd><bdi>50.00 USD</bdi></dd>", webinar)
    assertInHTML("<dd>None</dd>", webinar)
    assert "2\xa0hours" in webinar


def test_cards_name_languages_in_the_readers_language(client: Client, offerings):
    page = client.get("/ar/capacity/").content.decode()
    # Sorted as Arabic sorts, without the article: (ال)إنجليزية before (ال)عربية.
    assertInHTML("<dd>الإنجليزية، العربية</dd>", _card(page, "ar-webinar"))


def test_the_table_view_is_kept_as_an_option_in_the_address(client: Client, offerings):
    cards = client.get("/en/capacity/", {"cost": "fee"}).content.decode()
    assertInHTML('<a href="?cost=fee&amp;view=table">Show as a table</a>', cards)

    response = client.get("/en/capacity/", {"cost": "fee", "view": "table"})
    table = _results(response)
    assert '<li class="card">' not in table and "fr-course" not in table
    assertInHTML("<td>Arabic, English</td>", table)
    assertInHTML('<a href="?cost=fee">Show as cards</a>', table)
    # The filter form carries the choice along, so filtering keeps the table.
    assertInHTML('<input type="hidden" name="view" value="table">', response.content.decode())


def test_language_is_picked_by_name_and_old_links_with_a_tag_keep_working(
    client: Client, offerings
):
    page = client.get("/fr/capacity/").content.decode()
    assert re.search(r'<select name="language"[^>]*>', page)
    assert 'name="language" type="text"' not in page
    assertInHTML('<option value="fr">français</option>', page)

    filtered = client.get("/en/capacity/", {"language": "fr"})
    assert "fr-course" in _results(filtered) and "ar-webinar" not in _results(filtered)
    assertInHTML('<option value="fr" selected>French</option>', filtered.content.decode())
    # A tag the list does not hold (an older link) still filters, and is shown by name.
    regional = client.get("/en/capacity/", {"language": "fr-CA"})
    assert "fr-course" in _results(regional) and "ar-webinar" not in _results(regional)
    assertInHTML(
        '<option value="fr-CA" selected>French (Canada)</option>', regional.content.decode()
    )


def test_provider_is_picked_by_name_and_its_slug_still_filters(client: Client, offerings):
    provider = offerings["provider"]
    page = client.get("/en/capacity/").content.decode()
    assertInHTML(f'<option value="{provider.slug}">{provider.names["en"]}</option>', page)
    assert "Provider (slug)" not in page
    filtered = _results(client.get("/en/capacity/", {"provider": provider.slug}))
    assert "fr-course" in filtered and "ar-webinar" not in filtered
    assert client.get("/en/capacity/", {"provider": "no-such-provider"}).status_code == 400
