"""Pages of a list: every list page shows one page of its items, whatever the list's size.

A page that drew every row grew with the data (the representation matrix once reached 16 MB of
HTML at 1,000 initiatives; issue 19), so each list view takes its page with `page_of` and its
template draws the pager with `{% pager page %}` (aigov/core/templatetags/aigov.py).
"""

from collections.abc import Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict

PAGE_SIZE = 50


def page_of(
    request: HttpRequest,
    items: QuerySet[Any] | Sequence[Any],
    *,
    per_page: int = PAGE_SIZE,
    parameter: str = "page",
) -> Page:
    """Return the page of `items` that `?<parameter>=N` asks for.

    A number that is not a number gives the first page and one past the end the last (Django's
    `get_page`), so an old or edited link still lands on a page rather than on an error. A
    queryset is counted once and only the page's rows are read.
    """
    return Paginator(items, per_page).get_page(request.GET.get(parameter))


def query_with(request: HttpRequest | None, **changes: Any) -> str:
    """Return the query string (with its "?") of this request's address with `changes` made,
    keeping every other parameter (the filters); a change to "" or None removes a parameter.

    Without a request (a template rendered on its own, as for an e-mail) only `changes` count.
    """
    query = request.GET.copy() if request is not None else QueryDict(mutable=True)
    for name, value in changes.items():
        if value in ("", None):
            query.pop(name, None)
        else:
            query[name] = str(value)
    return "?" + query.urlencode()
