"""The one search: scripts and languages, CJK words inside titles, filters, pages, permissions.

Reference data (and its index) is loaded once per session by conftest.py through
`aigov load-reference`, which rebuilds the search index.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import translation

from aigov.accounts import services
from aigov.accounts.models import Organisation
from aigov.accounts.services import system_actor
from aigov.core.models import SearchEntry
from aigov.core.search import index
from aigov.core.search.normalise import normalise, query_terms
from aigov.core.search.query import search
from aigov.core.search.snippet import snippet
from aigov.taxonomy.models import RiskArea, RiskDomain

pytestmark = pytest.mark.django_db

KENYA_URL = "/en/countries/KEN/"
LONG_CHINESE_TITLE = "在东非推广人工智能教育的麒麟计划旨在为青年培养数字技能"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _anonymous_search(text: str, **options):
    options.setdefault("limit", 20)
    options.setdefault("offset", 0)
    return search(actor=AnonymousUser(), text=text, **options)


def _person(email: str, name: str, role: str):
    user = services.user_create(actor=system_actor(), email=email, display_name=name, role=role)
    index.refresh(user)
    return user


@pytest.fixture
def people():
    """Two learners and a secretariat member, indexed for search."""
    return {
        "wanjiru": _person("wanjiru@example.org", "Wanjiru Kamau", "learner"),
        "achieng": _person("achieng@example.org", "Achieng Odhiambo", "learner"),
        "secretariat": _person("amina@example.org", "Amina Haddad", "secretariat"),
    }


def _bearer(user) -> dict[str, str]:
    issued = services.token_create(actor=user, user=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {issued.raw}"}


# --- normalisation


def test_normalise_folds_case_diacritics_and_splits_cjk():
    assert normalise("Kénia") == normalise("KENIA") == "kenia"
    assert normalise("КЕНИЯ, Йошкар-Ола") == "кения йошкар ола"
    assert normalise("أَحْمَد") == normalise("احمد")
    assert normalise("肯尼亚共和国") == "肯 尼 亚 共 和 国"
    assert normalise("ガ 한국 \uff2b\uff45\uff4e\uff59\uff41") == "ガ 한 국 kenya"


def test_query_terms_make_phrases_of_cjk_words_and_prefixes_of_latin_words():
    terms = query_terms("Ken 肯尼亚 3.4")
    assert [(t.tokens, t.is_prefix) for t in terms] == [
        (("ken",), True),
        (("肯", "尼", "亚"), False),
        (("3", "4"), False),
    ]


# --- finding records in every script


@pytest.mark.parametrize("text", ["肯尼亚", "Kenya", "Kenia", "Kénia", "كينيا", "кения", "KENYA"])
def test_kenya_is_the_top_country_for_its_name_in_every_script(text):
    results = _anonymous_search(text)
    countries = [hit for hit in results.items if hit.type == "taxonomy.country"]
    assert countries, f"{text} found no country"
    assert countries[0].url == KENYA_URL
    assert countries[0].title == "Kenya"
    assert countries[0].type_label == "Country"
    assert countries[0].is_demo is False


def test_titles_and_links_follow_the_active_language():
    with translation.override("zh-hans"):
        hit = _anonymous_search("Kenya", record_type="taxonomy.country").items[0]
    assert hit.title == "肯尼亚"
    assert hit.url == "/zh-hans/countries/KEN/"


def test_a_chinese_word_inside_a_long_chinese_title_is_found():
    area = RiskArea.objects.create(
        slug="test-cjk-title",
        domain=RiskDomain.objects.first(),
        names={"en": "Test risk area", "zh-hans": LONG_CHINESE_TITLE},
        confidence="high",
    )
    index.refresh(area)
    word = "麒麟"
    assert word in LONG_CHINESE_TITLE[5:-5]

    with translation.override("zh-hans"):
        results = _anonymous_search(word)
    assert [hit.url for hit in results.items] == ["/zh-hans/taxonomy/risks/#test-cjk-title"]
    assert results.count == 1
    # The two characters must be next to each other: a phrase, not two loose characters.
    assert _anonymous_search("麒计").count == 0
    # On an English page the match is explained by the Chinese title in the snippet.
    snippet_html = _anonymous_search(word).items[0].snippet
    assert "<mark>麒麟</mark>" in snippet_html


def test_every_word_must_match_and_latin_words_match_as_prefixes():
    assert _anonymous_search("Ken", record_type="taxonomy.country").items[0].url == KENYA_URL
    assert [h.url for h in _anonymous_search("republic kenya").items] == [KENYA_URL]
    assert _anonymous_search("kenya zzzqqq").count == 0


def test_empty_or_punctuation_query_finds_nothing():
    for text in ["", "   ", "?!", "\t\n"]:
        results = _anonymous_search(text)
        assert results.count == 0 and results.items == []


# --- filters and pages


def test_type_filter_keeps_only_that_type():
    assert _anonymous_search("Kenya", record_type="taxonomy.sdg").count == 0
    health = _anonymous_search("health", record_type="taxonomy.sdg_target", limit=100)
    assert health.count > 1
    assert {hit.type for hit in health.items} == {"taxonomy.sdg_target"}
    everything = _anonymous_search("health", limit=100)
    assert everything.count > health.count


def test_unknown_type_finds_nothing():
    results = _anonymous_search("Kenya", record_type="no.such_type")
    assert results.count == 0 and results.items == []


def test_pages_cover_every_result_once_with_the_same_count():
    first = _anonymous_search("health", limit=100)
    total = first.count
    assert total == len(first.items) > 5
    seen: list[str] = []
    for offset in range(0, total, 4):
        page = _anonymous_search("health", limit=4, offset=offset)
        assert page.count == total
        seen += [hit.url for hit in page.items]
    assert seen == [hit.url for hit in first.items]
    beyond = _anonymous_search("health", limit=4, offset=total + 10)
    assert beyond.count == total and beyond.items == []


def test_limit_is_capped_at_one_hundred():
    assert len(_anonymous_search("the", limit=1000).items) <= 100


# --- permissions: results and counts


def test_a_learner_cannot_find_another_user_but_the_secretariat_can(people):
    wanjiru, achieng, secretariat = people["wanjiru"], people["achieng"], people["secretariat"]
    assert _anonymous_search("Achieng").count == 0
    assert _anonymous_search("example.org", record_type="accounts.user").count == 0

    as_wanjiru = search(actor=wanjiru, text="Achieng Odhiambo", limit=20, offset=0)
    assert as_wanjiru.count == 0 and as_wanjiru.items == []
    # A learner finds themselves, and only themselves, among users.
    own = search(actor=wanjiru, text="example.org", record_type="accounts.user", limit=20, offset=0)
    assert own.count == 1 and [hit.title for hit in own.items] == ["Wanjiru Kamau"]

    as_secretariat = search(actor=secretariat, text="Achieng", limit=20, offset=0)
    assert as_secretariat.count == 1
    assert as_secretariat.items[0].title == "Achieng Odhiambo"
    assert as_secretariat.items[0].type == "accounts.user"
    everyone = search(
        actor=secretariat, text="example.org", record_type="accounts.user", limit=20, offset=0
    )
    assert everyone.count == 3
    assert as_secretariat.items[0].snippet == "<mark>achieng</mark>@example.org"
    assert achieng.email == "achieng@example.org"


def test_api_hides_other_users_in_items_and_count(client: Client, people):
    anonymous = client.get("/api/search", {"q": "Achieng"}).json()
    assert anonymous == {"count": 0, "count_is_exact": True, "items": []}
    learner = client.get("/api/search", {"q": "Achieng"}, **_bearer(people["wanjiru"])).json()
    assert learner == {"count": 0, "count_is_exact": True, "items": []}
    secretariat = client.get(
        "/api/search", {"q": "Achieng"}, **_bearer(people["secretariat"])
    ).json()
    assert secretariat["count"] == 1
    assert secretariat["items"][0]["title"] == "Achieng Odhiambo"


def test_page_hides_other_users_from_a_learner(client: Client, people):
    client.force_login(people["wanjiru"])
    response = client.get("/en/search/", {"q": "Achieng"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Odhiambo" not in page
    assert "0 results" in page
    own = client.get("/en/search/", {"q": "Wanjiru"}).content.decode()
    assert "Wanjiru Kamau" in own and "1 result" in own


def test_a_user_leaves_the_index_with_its_record(people):
    achieng = people["achieng"]
    secretariat = people["secretariat"]
    index.remove(achieng)
    assert search(actor=secretariat, text="Achieng", limit=20, offset=0).count == 0
    index.refresh(achieng)
    assert search(actor=secretariat, text="Achieng", limit=20, offset=0).count == 1


# --- snippets


def test_snippet_marks_matches_and_escapes_html(people):
    organisation = Organisation.objects.create(
        name="<script>alert(1)</script> Zawadi & Partners", kind=Organisation.Kind.CIVIL_SOCIETY
    )
    achieng = people["achieng"]
    achieng.organisation = organisation
    achieng.save(update_fields=["organisation"])
    index.refresh(achieng)

    hit = search(actor=people["secretariat"], text="zawadi", limit=20, offset=0).items[0]
    assert "<script>" not in hit.snippet
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>Zawadi</mark> &amp; Partners" in hit.snippet


def test_snippet_window_cuts_long_text_around_the_first_match():
    text = "alpha " * 60 + "the Republic of Kénia lies on the equator " + "omega " * 60
    html = snippet(terms=query_terms("kenia"), candidates=["nothing here", text])
    assert html.startswith("… ") and html.endswith(" …")
    assert "<mark>Kénia</mark>" in html
    assert len(html) < 260


def test_snippet_without_a_match_shows_the_start_of_the_fallback_unmarked():
    html = snippet(terms=query_terms("kenia"), candidates=["a & b"], fallback="x < y")
    assert html == "x &lt; y"


# --- API and page


def test_api_returns_count_and_items_with_their_fields(client: Client):
    response = client.get("/api/search", {"q": "Kenya", "type": "taxonomy.country"})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "count_is_exact", "items"}
    assert body["count"] == 1 and body["count_is_exact"] is True
    item = body["items"][0]
    assert set(item) == {"type", "type_label", "title", "url", "snippet", "is_demo"}
    assert item["type"] == "taxonomy.country" and item["url"] == KENYA_URL
    assert "<mark>Kenya</mark>" in item["snippet"]


def test_api_follows_the_request_language(client: Client):
    body = client.get("/api/search", {"q": "كينيا"}, HTTP_ACCEPT_LANGUAGE="ar").json()
    hit = next(item for item in body["items"] if item["type"] == "taxonomy.country")
    assert hit["title"] == "كينيا" and hit["url"] == "/ar/countries/KEN/"


def test_api_refuses_an_unknown_type_and_a_large_limit(client: Client):
    response = client.get("/api/search", {"q": "Kenya", "type": "no.such_type"})
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"][0]["field"] == "type"
    assert client.get("/api/search", {"q": "Kenya", "limit": 101}).status_code == 422


def test_openapi_lists_the_registered_types_for_the_type_filter(client: Client):
    operation = client.get("/api/openapi.json").json()["paths"]["/api/search"]["get"]
    assert operation["operationId"] == "search" and operation["summary"]
    type_parameter = next(p for p in operation["parameters"] if p["name"] == "type")
    choices = next(
        o["enum"] for o in type_parameter["schema"]["anyOf"] if o.get("type") == "string"
    )
    assert {"taxonomy.country", "taxonomy.sdg", "accounts.user"} <= set(choices)
    limit_parameter = next(p for p in operation["parameters"] if p["name"] == "limit")
    assert limit_parameter["schema"]["maximum"] == 100


def test_api_paginates(client: Client):
    whole = client.get("/api/search", {"q": "health", "limit": 100}).json()
    second = client.get("/api/search", {"q": "health", "limit": 3, "offset": 3}).json()
    assert second["count"] == whole["count"]
    assert second["items"] == whole["items"][3:6]


def test_search_page_lists_kenya(client: Client):
    response = client.get("/en/search/", {"q": "Kenya"})
    assert response.status_code == 200
    page = response.content.decode()
    assert f'href="{KENYA_URL}"' in page
    assert ">Kenya</a>" in page


def test_search_page_partial_for_htmx(client: Client):
    response = client.get("/en/search/", {"q": "肯尼亚"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert f'href="{KENYA_URL}"' in page
    assert "<form" not in page


# --- keeping the index in step


def test_updates_and_deletes_reach_the_full_text_index():
    area = RiskArea.objects.create(
        slug="test-index-sync",
        domain=RiskDomain.objects.first(),
        names={"en": "Quokka hazards"},
        confidence="high",
    )
    index.refresh(area)
    assert _anonymous_search("quokka").count == 1
    area.names = {"en": "Wombat hazards"}
    area.save(update_fields=["names"])
    index.refresh(area)
    assert _anonymous_search("quokka").count == 0
    assert _anonymous_search("wombat").count == 1
    entry_id = SearchEntry.objects.get(
        record_type="taxonomy.risk_area", object_id="test-index-sync"
    ).pk
    index.remove(area)
    area.delete()
    assert not SearchEntry.objects.filter(pk=entry_id).exists()
    assert _anonymous_search("wombat").count == 0
    with pytest.raises(ValueError, match="before delete"):
        index.remove(area)


def test_refresh_drops_a_record_its_type_no_longer_lists():
    actor = system_actor()
    SearchEntry.objects.create(
        record_type="accounts.user", object_id=str(actor.pk), titles={"en": "x"}, path="/x/"
    )
    assert index.refresh(actor).removed == 1
    assert not SearchEntry.objects.filter(
        record_type="accounts.user", object_id=str(actor.pk)
    ).exists()


def test_refresh_and_rebuild_are_idempotent():
    kenya_counts = index.rebuild(record_types=["taxonomy.country"])["taxonomy.country"]
    assert (kenya_counts.created, kenya_counts.updated, kenya_counts.removed) == (0, 0, 0)
    assert kenya_counts.unchanged == 250
    area = RiskArea.objects.first()
    assert index.refresh(area).unchanged == 1


def test_rebuild_removes_entries_of_records_that_are_gone():
    SearchEntry.objects.create(
        record_type="taxonomy.country", object_id="ZZZ", titles={"en": "Nowhere"}, path="/x/"
    )
    counts = index.rebuild(record_types=["taxonomy.country"])["taxonomy.country"]
    assert counts.removed == 1
    assert not SearchEntry.objects.filter(object_id="ZZZ").exists()


def test_search_command_rebuilds_one_type_and_refuses_unknown_types(capsys):
    call_command("search", "rebuild", "--type", "taxonomy.sdg")
    assert "taxonomy.sdg: created 0, updated 0, unchanged 17, removed 0" in capsys.readouterr().out
    with pytest.raises(CommandError, match=r"no\.such_type"):
        call_command("search", "rebuild", "--type", "no.such_type")
