"""The 500 page: the site's layout in the language of the address, without the database."""

import pytest
from django.test import Client

pytestmark = pytest.mark.urls("aigov.core.tests.planted_failure_urls")


@pytest.fixture
def visitor() -> Client:
    return Client(raise_request_exception=False)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "direction", "heading", "nav_label"),
    [
        ("fr", "ltr", "Une erreur s'est produite de notre côté", "Normes"),
        ("ar", "rtl", "حدث خطأ من جهتنا", None),
        ("zh-hans", "ltr", "我们这边出了问题", None),
        ("en", "ltr", "Something went wrong on our side", "Standards"),
    ],
)
def test_a_failing_page_answers_the_translated_500_page(
    visitor, django_assert_max_num_queries, prefix, direction, heading, nav_label
):
    with django_assert_max_num_queries(0):
        response = visitor.get(f"/{prefix}/planted-failure/")
    assert response.status_code == 500
    html = response.content.decode()
    assert f'<html lang="{prefix}" dir="{direction}">' in html
    assert f"<h1>{heading}</h1>" in html
    # The layout: the header's public navigation and search, the footer.
    assert f'href="/{prefix}/standards/"' in html
    assert f'action="/{prefix}/search/"' in html
    assert 'class="site-footer"' in html
    assert f'href="/{prefix}/audit/"' not in html  # needs a permission, hence the database
    if nav_label:
        assert f">{nav_label}</a>" in html


@pytest.mark.django_db
def test_the_500_page_keeps_a_working_language_switcher(visitor):
    """The anonymous menu: a GET to the same address in another language, no token needed."""
    response = visitor.get("/es/planted-failure/")
    html = response.content.decode()
    assert 'action="/language/" method="get"' in html
    assert 'name="next" type="hidden" value="/es/planted-failure/"' in html
    assert "csrftoken" not in response.cookies  # (the menu's move: test_page_cache.py)


@pytest.mark.django_db
def test_a_failing_api_address_answers_a_problem_document(visitor):
    response = visitor.get("/api/planted-failure/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/problem+json"
    assert response.json() == {
        "type": "about:blank",
        "title": "Server error",
        "status": 500,
        "code": "server_error",
        "detail": "",
        "errors": [],
    }


@pytest.mark.django_db
def test_a_broken_layout_still_answers_a_bare_500(visitor, settings, tmp_path):
    (tmp_path / "500.html").write_text("{% url 'no-such-page' %}")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    response = visitor.get("/en/planted-failure/")
    assert response.status_code == 500
    assert b"<h1>Server Error (500)</h1>" in response.content
