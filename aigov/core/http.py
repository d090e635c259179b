"""Small request helpers shared by views."""

from django.http import HttpRequest


def is_htmx(request: HttpRequest) -> bool:
    """Return whether htmx made the request (so the view answers with a partial)."""
    return bool(getattr(request, "htmx", False))
