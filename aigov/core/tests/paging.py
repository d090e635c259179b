"""A check every list page's tests share: the list pages, whatever its size (issue 19)."""

import re
from collections.abc import Callable
from typing import Any

from django.test import Client


def assert_pages(
    client: Client,
    path: str,
    *,
    items: Callable[[str], list[str]],
    total: int,
    per_page: int = 50,
    parameter: str = "page",
    query: dict[str, Any] | None = None,
) -> None:
    """Check that `path` shows `total` items `per_page` at a time.

    `items` picks the items (links, titles) out of a page's HTML. Page 2 follows page 1 with
    other items; every page together shows each item once; a page that is not a number gives
    the first page and one past the end the last, rather than an error; the pager links on
    keeping the other parameters.
    """
    query = query or {}
    last = (total - 1) // per_page + 1
    assert last >= 2, "make more items than one page holds"

    def shown(page: str) -> tuple[list[str], str]:
        response = client.get(path, {**query, parameter: page})
        assert response.status_code == 200, (page, response.status_code)
        html = response.content.decode()
        return items(html), html

    first, html = shown("1")
    assert len(first) == per_page, (len(first), per_page)
    assert f"{parameter}=2" in html and 'rel="next"' in html
    for name, value in query.items():
        assert re.search(rf"\?[^\"]*{name}={value}[^\"]*{parameter}=2", html), name
    seen = list(first)
    for number in range(2, last + 1):
        page_items, _html = shown(str(number))
        assert not set(page_items) & set(seen), number
        seen += page_items
    assert len(seen) == total == len(set(seen))
    assert shown("not-a-number")[0] == first
    assert shown("0")[0] == shown(str(last))[0] == shown("99999")[0] == page_items
