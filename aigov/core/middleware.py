"""Keep NUL characters, which PostgreSQL text cannot hold, away from the database.

Python strings may hold NUL (U+0000) but PostgreSQL text may not: a NUL reaching a query fails
inside the database (a 500, and an aborted transaction) instead of being answered. No record of
ours can contain one, so:

- an address with NUL answers 404;
- in a query string each NUL becomes U+FFFD, the replacement character: a filter or a search
  with it then matches nothing, as it would have, and pages and lists answer as usual;
- a JSON body with NUL in a key or string is refused by the API's parser (aigov.core.api) with
  a 422 naming each field, after authentication, so an anonymous writer still gets 401.
"""

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, QueryDict

NUL = "\x00"
REPLACEMENT = "\ufffd"


def nul_places(value: Any, path: tuple[Any, ...] = ()) -> list[str]:
    """Return where `value` (parsed JSON) holds a NUL, in keys or strings, as dotted paths."""
    if isinstance(value, str):
        return [".".join(map(str, path))] if NUL in value else []
    if isinstance(value, dict):
        found: list[str] = []
        for key, item in value.items():
            where = (*path, key)
            found += [".".join(map(str, where))] if NUL in str(key) else nul_places(item, where)
        return found
    if isinstance(value, list):
        return [place for n, item in enumerate(value) for place in nul_places(item, (*path, n))]
    return []


class NulGuardMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if NUL in request.path:
            raise Http404
        if NUL in request.META.get("QUERY_STRING", "") or any(
            NUL in key or NUL in value for key, values in request.GET.lists() for value in values
        ):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(
                    key.replace(NUL, REPLACEMENT), [v.replace(NUL, REPLACEMENT) for v in values]
                )
            cleaned._mutable = False
            request.GET = cleaned  # type: ignore[assignment]  # an immutable QueryDict, as Django makes
        return self.get_response(request)
