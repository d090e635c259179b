"""The home page and the one search page."""

from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import translate_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language

from aigov.accounts import access
from aigov.core import selectors
from aigov.core.http import is_htmx
from aigov.core.search import query as search_query
from aigov.taxonomy import selectors as taxonomy_selectors


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"summary": taxonomy_selectors.country_summary()})


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


def switch_language(request: HttpRequest) -> HttpResponseRedirect:
    """The language menu of anonymous visitors: the page at `next` in `language`.

    A GET without side effects (no cookie): the address carries the language, so the pages
    stay free of CSRF tokens and can be cached for every visitor. An unknown language keeps
    the page as it is; a `next` pointing to another site goes home instead.
    """
    language = request.GET.get("language", "")
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    if check_for_language(language):
        next_url = translate_url(next_url, language)
    return HttpResponseRedirect(next_url)
