"""The country profile: /<lang>/countries/<iso3>/ and GET /api/countries/{iso3}/profile.

Each module's section reads through that module's selectors, so what a reader may not see is
neither listed nor counted, on the page and in the API alike.
"""

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.utils import translation

from aigov.accounts.tests.factories import UserFactory
from aigov.capacity import services as capacity_services
from aigov.capacity.tests.factories import make_node, make_offering
from aigov.dialogue.tests.factories import file_report, make_session, make_statement
from aigov.landscape.models import Policy
from aigov.taxonomy import selectors
from aigov.taxonomy.models import Country
from aigov.taxonomy.profiles import country_sections

pytestmark = pytest.mark.django_db

PROFILE_KEYS = {"iso3", "name", "sections"}
SECTION_KEYS = {"module", "title", "count", "items"}
ITEM_KEYS = {"title", "url"}
SECTIONS = [
    "landscape.initiatives",
    "landscape.policies",
    "standards.bodies",
    "capacity.nodes",
    "capacity.courses",
    "capacity.readiness",
    "capacity.needs",
    "capacity.offers",
    "dialogue.incidents",
    "dialogue.statements",
    "compute.resources",
    "panel.experts",
    "data.datasets",
    "fund.grants",
]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def people(db):
    secretariat = UserFactory(role="secretariat")
    # The secretariat's pages need two-factor sign-in set up (aigov.accounts.middleware).
    Authenticator.objects.create(user=secretariat, type=Authenticator.Type.TOTP, data={"x": 1})
    return {
        "kenya": UserFactory(role="focal_point", role__country="KEN"),
        "brazil": UserFactory(role="focal_point", role__country="BRA"),
        "learner": UserFactory(role="learner"),
        "secretariat": secretariat,
    }


def _sections(body) -> dict[str, dict]:
    return {section["key"]: section for section in body["sections"]}


def _api(client: Client, code: str = "KEN", user=None, **params):
    if user is not None:
        client.force_login(user)
    return client.get(f"/api/countries/{code}/profile", params)


def _page(client: Client, code: str = "KEN", user=None, language: str = "en", **params):
    if user is not None:
        client.force_login(user)
    return client.get(f"/{language}/countries/{code}/", params)


# --- the contract -------------------------------------------------------------------------


def test_every_module_registers_its_sections_in_the_page_order():
    assert [section.key for section in country_sections()] == SECTIONS


def test_api_answers_the_contract_shape(client: Client):
    response = _api(client)
    assert response.status_code == 200
    body = response.json()
    assert set(body) >= PROFILE_KEYS
    assert body["iso3"] == "KEN" and body["name"] == "Kenya"
    assert [section["key"] for section in body["sections"]] == SECTIONS
    for section in body["sections"]:
        assert set(section) >= SECTION_KEYS, section
        assert isinstance(section["module"], str) and isinstance(section["title"], str)
        assert isinstance(section["count"], int) and section["count"] >= len(section["items"])
        for item in section["items"]:
            assert set(item) >= ITEM_KEYS
            assert item["url"].startswith("/en/")
    initiatives = _sections(body)["landscape.initiatives"]
    assert initiatives["module"] == "landscape" and initiatives["title"] == "Governance initiatives"


def test_api_follows_the_request_language_and_takes_alpha_2_codes(client: Client):
    body = client.get("/api/countries/ke/profile", HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    assert body["iso3"] == "KEN" and body["name"] == "肯尼亚"
    assert all(
        item["url"].startswith("/zh-hans/")
        for section in body["sections"]
        for item in section["items"]
    )


def test_openapi_documents_the_profile_operation(client: Client):
    document = client.get("/api/openapi.json").json()
    operation = document["paths"]["/api/countries/{iso3}/profile"]["get"]
    assert operation["operationId"] == "country_profile"
    assert "404" in operation["responses"]
    schema = document["components"]["schemas"]["CountryProfileOut"]
    assert set(schema["properties"]) >= PROFILE_KEYS


@pytest.mark.parametrize("code", ["ZZZ", "KENYA", "K", "000"])
def test_an_unknown_code_is_a_404_problem_document(client: Client, code):
    response = _api(client, code)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["code"] == "not_found" and problem["status"] == 404
    assert "ISO code" in problem["title"]


def test_an_unknown_code_is_a_404_page(client: Client):
    assert _page(client, "ZZZ").status_code == 404


def test_limit_bounds_the_items_but_not_the_count(client: Client):
    for number in range(7):
        make_offering(titles={"en": f"Swahili course {number}"}, languages=["sw"])
    courses = _sections(_api(client, limit=2).json())["capacity.courses"]
    assert courses["count"] == 7 and len(courses["items"]) == 2
    assert _api(client, limit=51).status_code == 422


# --- what the sections hold -----------------------------------------------------------------


def test_initiatives_come_with_their_dates(client: Client):
    initiatives = _sections(_api(client, "USA", limit=50).json())["landscape.initiatives"]
    assert initiatives["count"] >= 5
    notes = [item["note"] for item in initiatives["items"]]
    assert "Signatory since Nov. 1, 2023" in notes  # the Bletchley Declaration, reference data
    assert all(
        item["url"].startswith("/en/landscape/initiatives/") for item in initiatives["items"]
    )


def test_courses_are_those_in_the_official_languages(client: Client):
    assert selectors.country_profile(actor=AnonymousUser(), code="KEN").official_languages == [
        "sw",
        "en",
    ]
    make_offering(titles={"en": "In Swahili"}, languages=["sw"])
    make_offering(titles={"en": "In Portuguese"}, languages=["pt"])
    titles = [item["title"] for item in _sections(_api(client).json())["capacity.courses"]["items"]]
    assert titles == ["In Swahili"]


def test_policies_nodes_and_statements_of_the_country_are_listed(client: Client, people):
    for slug, country, name in [
        ("ken-ai-strategy", "KEN", "Kenya National AI Strategy"),
        ("bra-ai-plan", "BRA", "Brazil AI plan"),
    ]:
        Policy.objects.create(
            slug=slug,
            jurisdiction_id=country,
            names={"en": name},
            kind="strategy",
            status="adopted",
        )
    make_node(slug="nairobi-centre", country="KEN")
    session = make_session()
    make_statement(actor=people["kenya"], session=session, speaker="Kenya")
    make_statement(
        actor=people["kenya"], session=session, speaker="Brazil", titles={"en": "Brazil"}
    )
    sections = _sections(_api(client).json())
    assert [item["title"] for item in sections["landscape.policies"]["items"]] == [
        "Kenya National AI Strategy"
    ]
    assert sections["landscape.policies"]["more_url"] == "/en/landscape/policies/?jurisdiction=KEN"
    assert [item["url"] for item in sections["capacity.nodes"]["items"]] == [
        "/en/capacity/nodes/nairobi-centre/"
    ]
    statements = sections["dialogue.statements"]
    assert statements["count"] == 1 and statements["items"][0]["title"] == "Kenya speaks"
    assert statements["items"][0]["url"].startswith(f"/en/dialogue/sessions/{session.slug}/")


# --- permissions: a record hidden from the visitor is neither listed nor counted -------------


def _counts(client: Client, user=None) -> dict[str, int]:
    return {
        key: section["count"] for key, section in _sections(_api(client, user=user).json()).items()
    }


def test_a_confidential_incident_is_counted_only_for_those_it_admits(client: Client, people):
    file_report(title="Public chatbot failure")
    file_report(title="Secretariat-only report", confidentiality="secretariat")
    file_report(title="About Brazil only", countries=["BRA"])
    assert _counts(client)["dialogue.incidents"] == 1
    assert _counts(client, people["brazil"])["dialogue.incidents"] == 1
    assert _counts(client, people["secretariat"])["dialogue.incidents"] == 2

    client.logout()
    visitor_page = _page(client).content.decode()
    assert "Public chatbot failure" in visitor_page
    assert "Secretariat-only report" not in visitor_page
    secretariat_page = _page(client, user=people["secretariat"]).content.decode()
    assert "Secretariat-only report" in secretariat_page


def test_an_unpublished_assessment_is_its_focal_points_not_the_visitors(client: Client, people):
    capacity_services.assessment_create(actor=people["kenya"], country="KEN", label="Draft 2026")
    assert _counts(client)["capacity.readiness"] == 0
    assert _counts(client, people["brazil"])["capacity.readiness"] == 0
    kenya = _sections(_api(client, user=people["kenya"]).json())["capacity.readiness"]
    assert kenya["count"] == 1 and kenya["items"][0]["title"] == "Draft 2026"

    page = _page(client, user=people["kenya"]).content.decode()
    assert "Draft 2026" in page
    client.logout()
    assert "Draft 2026" not in _page(client).content.decode()


def test_needs_are_for_members_and_the_visitor_is_told_so(client: Client, people):
    capacity_services.need_create(
        actor=people["kenya"],
        title="Train 40 officials in Swahili",
        topics=["governance"],
        languages=["sw"],
        people=40,
        country="KEN",
    )
    visitor = _sections(_api(client).json())["capacity.needs"]
    assert visitor["count"] == 0 and visitor["items"] == []
    assert visitor["note"] == "Needs and offers are shown to signed-in members."
    member = _sections(_api(client, user=people["learner"]).json())["capacity.needs"]
    assert member["count"] == 1 and member["note"] == ""
    assert member["items"][0]["note"] == "Open, 40 people to train"

    client.logout()
    page = _page(client).content.decode()
    assert "Train 40 officials in Swahili" not in page
    assert "Needs and offers are shown to signed-in members." in page


def test_a_statement_awaiting_publication_is_its_submitters(client: Client, people):
    session = make_session()
    make_statement(actor=people["learner"], session=session, speaker="Kenya")
    assert _counts(client)["dialogue.statements"] == 0
    assert _counts(client, people["learner"])["dialogue.statements"] == 1
    assert _counts(client, people["brazil"])["dialogue.statements"] == 0


# --- the page ---------------------------------------------------------------------------------


def test_page_shows_every_section_with_none_yet_for_the_empty_ones(client: Client):
    response = _page(client)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Kenya</h1>" in page
    for key in SECTIONS:
        assert f'id="{key.replace(".", "-")}"' in page
    assert page.count("None yet.") >= 5
    assert "English, Swahili" in page  # the official languages, by name in the reader's order
    assert 'href="/api/countries/KEN/profile"' in page


def test_page_links_to_see_all_and_expands_a_section_without_a_module_list(client: Client):
    for number in range(7):
        make_offering(titles={"en": f"Kiswahili {number}"}, languages=["sw"])
    page = _page(client).content.decode()
    # Kenya has two official languages, so no single filtered catalogue: the profile expands.
    assert 'href="?more=capacity.courses#capacity-courses"' in page
    assert page.count("Kiswahili ") == 5
    expanded = _page(client, more="capacity.courses").content.decode()
    assert expanded.count("Kiswahili ") == 7


def test_page_in_arabic_is_right_to_left_with_the_arabic_name(client: Client):
    page = _page(client, language="ar").content.decode()
    assert 'dir="rtl"' in page and "<h1>كينيا</h1>" in page


def test_lower_case_and_alpha_2_codes_redirect_to_the_profile(client: Client):
    for code in ("ken", "KE"):
        response = _page(client, code)
        assert response.status_code == 301 and response["Location"] == "/en/countries/KEN/"


def test_the_former_country_page_redirects_to_the_profile(client: Client):
    response = client.get("/fr/taxonomy/countries/KEN/")
    assert response.status_code == 301 and response["Location"] == "/fr/countries/KEN/"
    assert client.get("/fr/taxonomy/countries/ZZZ/").status_code == 404


def test_the_country_list_links_to_profiles(client: Client):
    page = client.get("/en/taxonomy/countries/", {"regional_group": "African"}).content.decode()
    assert 'href="/en/countries/KEN/"' in page
    assert Country.objects.get(iso3="KEN").get_absolute_url() == "/en/countries/KEN/"


def test_page_queries_do_not_grow_with_the_records(client: Client, django_assert_max_num_queries):
    for number in range(12):
        make_offering(titles={"en": f"Course {number}"}, languages=["en"])
        file_report(title=f"Report {number}")
    with django_assert_max_num_queries(40):
        assert _page(client).status_code == 200
