"""The one pager of list pages (aigov/core/pagination.py, `{% pager %}`)."""

from django.core.paginator import Paginator
from django.template import Context, Template
from django.test import RequestFactory

from aigov.core.pagination import page_of, query_with

ITEMS = list(range(120))


def _page(query: str):  # type: ignore[no-untyped-def]
    return page_of(RequestFactory().get("/list/" + query), ITEMS)


def test_a_page_is_chosen_by_its_number_and_a_bad_number_lands_on_a_page():
    assert list(_page("?page=2")) == ITEMS[50:100]
    assert list(_page("")) == list(_page("?page=x")) == ITEMS[:50]
    assert list(_page("?page=0")) == list(_page("?page=99")) == ITEMS[100:]


def test_a_link_keeps_the_filters_and_drops_what_is_emptied():
    request = RequestFactory().get("/list/", {"status": "published", "page": "3", "group": "A"})
    assert query_with(request, page=4) == "?status=published&page=4&group=A"
    assert query_with(request, group="", page=None) == "?status=published"
    assert query_with(None, page=2) == "?page=2"


def test_the_pager_links_on_with_the_filters_and_stays_silent_on_one_page():
    template = Template('{% load aigov %}{% pager page anchor="list" %}')
    request = RequestFactory().get("/list/", {"q": "a&b", "page": "2"})
    html = template.render(Context({"page": _page("?page=2"), "request": request}))
    assert 'href="?q=a%26b&amp;page=1#list" rel="prev"' in html
    assert 'href="?q=a%26b&amp;page=3#list" rel="next"' in html
    assert "Page 2 of 3" in html
    single = Paginator(ITEMS[:10], 50).get_page(1)
    assert template.render(Context({"page": single, "request": request})).strip() == ""
    # Rendered without a request (a template on its own), the links still work.
    assert 'href="?page=3#list"' in template.render(Context({"page": _page("?page=2")}))
