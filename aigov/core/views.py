"""The home page and the one search page."""

from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from aigov.accounts import access
from aigov.core import findings, selectors
from aigov.core.http import is_htmx
from aigov.core.search import query as search_query


def home(request: HttpRequest) -> HttpResponse:
    """The public home page: headline findings, entry points by audience, recent changes.

    Everything on it is what the public may see (aigov.core.findings asks as a visitor).
    """
    today = timezone.localdate()
    return render(
        request,
        "core/home.html",
        {
            "findings": findings.headlines(today=today),
            "entry_points": findings.entry_points(),
            "recent_changes": findings.recent_changes(today=today),
        },
    )


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    if not access.has(request.user, "core.view_audit"):
        raise PermissionDenied
    entries = selectors.audit_entry_list(
        actor=request.user, action=request.GET.get("action") or None
    )
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request, "core/audit_log.html", {"page": page, "action": request.GET.get("action", "")}
    )


def search(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "").strip()
    record_type = request.GET.get("type") or None
    results = (
        search_query.search(
            actor=request.user, text=text, record_type=record_type, limit=20, offset=0
        )
        if text
        else None
    )
    template = "core/_search_results.html" if is_htmx(request) else "core/search.html"
    return render(
        request,
        template,
        {
            "q": text,
            "results": results,
            "record_type": record_type,
            "types": search_query.type_choices(),
        },
    )


FAVICON = Path(__file__).resolve().parent.parent / "static" / "favicon.ico"


def favicon(request: HttpRequest) -> FileResponse:
    """Serve the site icon at /favicon.ico, where browsers ask for it unprompted."""
    response = FileResponse(FAVICON.open("rb"), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response
