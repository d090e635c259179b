"""Counting a request's own queries in tests that check they do not grow with the data.

The API's rate limits count each request in the database cache (aigov/core/throttling.py): the
first request of a minute creates its counter, the next ones add to it, so those few queries
differ from one request to the next whatever the data. A signed-in session is likewise written
when its activity stamp is renewed, at most once a minute (aigov.accounts.middleware.
SessionLifetimeMiddleware). Those queries are left out of the count.
"""

from typing import Any

from django.test.utils import CaptureQueriesContext

CACHE_TABLE = '"aigov_cache"'
SESSION_TABLE = '"django_session"'


def own_queries(captured: CaptureQueriesContext) -> list[dict[str, Any]]:
    """The queries of `captured` but those of the cache and session tables and the savepoints
    around them."""
    return [
        query
        for query in captured.captured_queries
        if CACHE_TABLE not in query["sql"]
        and SESSION_TABLE not in query["sql"]
        and "SAVEPOINT" not in query["sql"]
    ]
