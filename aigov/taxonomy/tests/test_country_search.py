"""Searching a country's name, in any of the six languages, lists the country first, linked to
its profile, even when other records carry the name in a shorter title."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.utils import translation

from aigov.core.search import index
from aigov.core.search.normalise import normalise
from aigov.core.search.query import search
from aigov.landscape.models import Policy
from aigov.taxonomy.search import countries_named

pytestmark = pytest.mark.django_db

# A record about Kenya titled with Kenya's name in each UN language and speaking of it
# throughout: full-text ranking alone puts it above the country itself.
DECOY_TITLES = {
    "en": "Kenya",
    "fr": "Kenya",
    "es": "Kenia",
    "ru": "Кения",
    "ar": "كينيا",
    "zh-hans": "肯尼亚",
}
DECOY_SUMMARY = {
    language: " ".join([name] * 5) + " Quénia" for language, name in DECOY_TITLES.items()
}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def decoy():
    policy = Policy.objects.create(
        slug="kenya-ai",
        jurisdiction_id="KEN",
        names=DECOY_TITLES,
        summary=DECOY_SUMMARY,
        kind="strategy",
        status="adopted",
    )
    index.refresh(policy)
    return policy


def _urls(text: str, **options) -> list[str]:
    options.setdefault("limit", 20)
    options.setdefault("offset", 0)
    return [hit.url for hit in search(actor=AnonymousUser(), text=text, **options).items]


@pytest.mark.parametrize(
    "text", ["Kenya", "Кения", "كينيا", "肯尼亚", "Kenia", "kenya", "KÉNYA", "Quénia", "Ken"]
)
def test_the_country_comes_first_for_its_name_in_every_language(decoy, text):
    urls = _urls(text)
    assert urls[0] == "/en/countries/KEN/"
    assert "/en/landscape/policies/kenya-ai/" in urls


def test_the_country_named_exactly_comes_before_those_whose_names_begin_so():
    assert _urls("Guinea")[:3] == [
        "/en/countries/GIN/",
        "/en/countries/GNB/",
        "/en/countries/GNQ/",
    ]
    assert _urls("Samoa")[0] == "/en/countries/WSM/"
    assert _urls("Dominica")[0] == "/en/countries/DMA/"
    assert _urls("中国")[0] == "/en/countries/CHN/"


def test_names_first_keeps_paging_and_counting_whole(decoy):
    whole = search(actor=AnonymousUser(), text="Guinea", limit=100, offset=0)
    assert whole.count == len(whole.items)
    pages = [
        hit.url
        for offset in range(whole.count)
        for hit in search(actor=AnonymousUser(), text="Guinea", limit=1, offset=offset).items
    ]
    assert pages == [hit.url for hit in whole.items]
    assert len(set(pages)) == len(pages)


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Kenya", ["KEN"]),
        ("Ken", ["KEN"]),  # a name begins so
        ("the Republic of Kenya", ["KEN"]),  # a formal name, whole
        ("the Republic of", []),  # formal names count whole only
        ("Kenya AI", []),  # more than a name
        ("K", []),  # one letter names nothing
        ("", []),
    ],
)
def test_which_countries_a_query_names(text, named):
    assert countries_named(normalise(text)) == named


def test_a_type_filter_leaves_countries_out(decoy):
    assert _urls("Kenya", record_type="landscape.policy") == ["/en/landscape/policies/kenya-ai/"]


def test_search_page_and_api_list_the_country_first_with_its_profile(client: Client, decoy):
    api = client.get("/api/search", {"q": "Кения"}, HTTP_ACCEPT_LANGUAGE="ru").json()
    assert api["items"][0]["url"] == "/ru/countries/KEN/"
    assert api["items"][0]["title"] == "Кения"
    page = client.get("/ar/search/", {"q": "كينيا"}).content.decode()
    assert page.index('href="/ar/countries/KEN/"') < page.index("/ar/landscape/policies/kenya-ai/")
