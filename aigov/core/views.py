"""The home page and the one search page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from aigov.core.http import is_htmx
from aigov.core.search import query as search_query
from aigov.taxonomy import selectors as taxonomy_selectors


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"summary": taxonomy_selectors.country_summary()})


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
