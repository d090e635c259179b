"""The page cache of anonymous visitors (issue 19, part 6): what is stored, for whom, until when."""

import re

import pytest
from django.test import Client

from aigov.accounts.tests.factories import UserFactory
from aigov.core import pagecache
from aigov.landscape.tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db

PAGE = "/en/landscape/"
API = "/api/taxonomy/countries?limit=20"


def _hit(response) -> bool:
    return response.get("X-Page-Cache") == "hit"


def test_an_anonymous_page_is_answered_from_the_cache_the_second_time(client):
    first, second = client.get(PAGE), client.get(PAGE)
    assert (first.status_code, second.status_code) == (200, 200)
    assert not _hit(first) and _hit(second)
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert first["Cache-Control"] == "no-cache"  # browsers ask again, and get 304
    assert first["X-Accel-Expires"] == "5"


def test_the_api_is_cached_per_language(client):
    french = client.get(API, HTTP_ACCEPT_LANGUAGE="fr")
    english = client.get(API, HTTP_ACCEPT_LANGUAGE="en")
    assert not _hit(english)  # another language is another entry
    assert french.json() != english.json()
    again = client.get(API, HTTP_ACCEPT_LANGUAGE="fr")
    assert _hit(again) and again.json() == french.json()
    assert again["Content-Language"] == "fr"


def test_htmx_partials_and_whole_pages_are_kept_apart(client):
    whole = client.get("/en/search/?q=kenya")
    partial = client.get("/en/search/?q=kenya", HTTP_HX_REQUEST="true")
    assert not _hit(partial)
    assert b"<html" in whole.content and b"<html" not in partial.content
    assert _hit(client.get("/en/search/?q=kenya", HTTP_HX_REQUEST="true"))


def test_signed_in_visitors_are_never_answered_from_the_cache(client):
    client.get(PAGE)
    assert _hit(client.get(PAGE))
    client.force_login(UserFactory())
    for _ in range(2):
        response = client.get(PAGE)
        assert response.status_code == 200 and not _hit(response)
        assert "X-Accel-Expires" not in response
    assert b"Sign out" in response.content


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_AUTHORIZATION": "Bearer not-a-token"},
        {"HTTP_COOKIE": "sessionid=whatever"},
        {"HTTP_COOKIE": "messages=pending"},
    ],
    ids=["token", "session-cookie", "messages"],
)
def test_requests_that_may_be_someone_s_bypass_the_cache(headers):
    client = Client()
    client.get(API)
    assert _hit(client.get(API))
    assert not _hit(Client(**headers).get(API))


def test_a_write_ends_the_stored_pages(client):
    first = client.get(PAGE)
    assert _hit(client.get(PAGE))
    initiative = InitiativeFactory(names={"en": "A brand new initiative"})
    after = client.get(PAGE)
    assert not _hit(after)
    assert b"A brand new initiative" not in first.content
    assert b"A brand new initiative" in after.content
    initiative.delete()
    assert b"A brand new initiative" not in client.get(PAGE).content


def test_a_write_moves_the_generation_on_again_when_it_commits(
    django_capture_on_commit_callbacks,
):
    from django.db import transaction

    before = pagecache.generation()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        InitiativeFactory()
        during = pagecache.generation()
        assert during != before
        InitiativeFactory()
        second = pagecache.generation()
        assert second != during
    assert pagecache.generation() != second


def test_sessions_are_bookkeeping_not_writes(client):
    from django.contrib.sessions.backends.db import SessionStore

    before = pagecache.generation()
    SessionStore().save()
    assert pagecache.generation() == before


def test_conditional_requests_get_304(client):
    first = client.get(PAGE)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert re.fullmatch(r'W/"[0-9a-f]{32}"', etag)
    for headers in ({"HTTP_IF_NONE_MATCH": etag}, {"HTTP_IF_MODIFIED_SINCE": modified}):
        again = client.get(PAGE, **headers)
        assert again.status_code == 304, headers
        assert again.content == b""
        assert again["ETag"] == etag
    stale = client.get(PAGE, HTTP_IF_NONE_MATCH='"something-else"')
    assert stale.status_code == 200 and stale.content == first.content


def test_pages_holding_a_csrf_token_are_never_stored(client):
    for _ in range(2):
        sign_in = client.get("/en/accounts/login/")
        assert sign_in.status_code == 200 and not _hit(sign_in)
        assert b"csrfmiddlewaretoken" in sign_in.content
        assert "X-Accel-Expires" not in sign_in
    # The holder of a CSRF cookie who opens a form page again gets a page made for them.
    fresh = Client()
    fresh.get("/en/accounts/login/")
    assert "csrftoken" in fresh.cookies
    assert not _hit(fresh.get("/en/accounts/login/"))


def test_anonymous_pages_hold_no_csrf_token(client):
    page = client.get(PAGE)
    assert b"csrfmiddlewaretoken" not in page.content
    assert "csrftoken" not in page.cookies
    assert b'action="/language/"' in page.content


def test_every_worker_gives_a_page_the_same_etag(client):
    """Compressed bytes differ from one rendering to the next; the ETag follows the page."""
    from django.core.cache import caches

    gzipped = {"HTTP_ACCEPT_ENCODING": "gzip"}
    first = client.get(PAGE, **gzipped)
    caches["pages"].clear()  # as if another worker made it
    second = client.get(PAGE, **gzipped)
    assert first["Content-Encoding"] == "gzip" and not _hit(second)
    assert first["ETag"] == second["ETag"]
    assert client.get(PAGE, HTTP_IF_NONE_MATCH=first["ETag"], **gzipped).status_code == 304


def test_the_health_probe_and_other_methods_are_never_cached(client):
    client.get("/api/health")
    assert not _hit(client.get("/api/health"))
    client.head(PAGE)
    assert not _hit(client.head(PAGE))


def test_the_page_cache_can_be_switched_off(client, settings):
    settings.AIGOV_PAGE_CACHE = False
    client.get(PAGE)
    assert not _hit(client.get(PAGE))


@pytest.mark.parametrize(
    ("query", "location"),
    [
        ("language=fr&next=/en/taxonomy/countries/%3Fq%3Dken", "/fr/taxonomy/countries/?q=ken"),
        ("language=xx&next=/en/taxonomy/countries/", "/en/taxonomy/countries/"),
        ("language=fr&next=https://elsewhere.example/", "/"),
        ("language=fr&next=//elsewhere.example/en/", "/"),
        ("language=ar", "/"),
    ],
)
def test_the_anonymous_language_menu_moves_to_the_same_page(client, query, location):
    response = client.get(f"/language/?{query}")
    assert response.status_code == 302
    assert response["Location"] == location
    assert not response.cookies
