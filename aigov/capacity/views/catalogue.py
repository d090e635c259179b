"""Pages of the catalogue: the offering list, one offering, and the network's nodes."""

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language

from aigov.capacity import selectors
from aigov.capacity.forms import CatalogueFilterForm
from aigov.capacity.library_forms import SaveToCollectionForm
from aigov.core.errors import DomainError
from aigov.core.http import get_or_404, is_htmx
from aigov.core.pagination import page_of
from aigov.taxonomy.selectors import topic_list

PAGE_SIZE = 25


def catalogue(request: HttpRequest) -> HttpResponse:
    form = CatalogueFilterForm(request.GET or None, topics=list(topic_list()))
    if request.GET and not form.is_valid():
        return render(request, "capacity/catalogue.html", {"form": form}, status=400)
    data: dict[str, Any] = form.cleaned_data if request.GET else {}
    filters = selectors.OfferingFilter(
        kind=data.get("kind") or None,
        language=data.get("language") or None,
        audience=data.get("audience") or None,
        topic=data.get("topic") or None,
        cost=data.get("cost") or None,
        provider=data.get("provider") or None,
        starts_after=form.starts_after_moment() if request.GET else None,
        q=data.get("q") or None,
        government_track=True if data.get("government_track") else None,
    )
    try:
        offerings = selectors.offering_list(actor=request.user, filters=filters)
        # OfferingResults pages like a queryset (count and slices) but is not typed as one.
        results: Any = selectors.OfferingResults(offerings)
        page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    except DomainError as error:
        form.add_error("language", str(error.errors[0]["message"]) if error.errors else "")
        return render(request, "capacity/catalogue.html", {"form": form}, status=400)
    recommended = selectors.offering_recommendations(
        actor=request.user,
        language=data.get("language") or get_language(),
        region=data.get("region") or None,
        audience=data.get("audience") or None,
        now=timezone.now(),
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "capped": results.is_capped,
        "cap": selectors.COUNT_CAP,
        "recommended": recommended,
        "query": query.urlencode(),
        "can_create": selectors.can_create_offering(actor=request.user),
    }
    template = "capacity/_offering_results.html" if is_htmx(request) else "capacity/catalogue.html"
    return render(request, template, context)


def offering_detail(request: HttpRequest, slug: str) -> HttpResponse:
    offering = get_or_404(selectors.offering_get, actor=request.user, slug=slug)
    enrolment = selectors.enrolment_for(actor=request.user, offering=offering)
    progress = (
        selectors.enrolment_progress(actor=request.user, enrolment=enrolment) if enrolment else None
    )
    context = {
        "offering": offering,
        "enrolment": enrolment,
        "progress": progress,
        "registration": selectors.registration_for(actor=request.user, offering=offering),
        "can_edit": selectors.can_change_offering(actor=request.user, offering=offering),
    }
    collections = selectors.curatable_collections(actor=request.user)
    context["save_form"] = SaveToCollectionForm(collections=collections) if collections else None
    return render(request, "capacity/offering_detail.html", context)


def node_list(request: HttpRequest) -> HttpResponse:
    context = {
        "nodes": page_of(request, selectors.node_list()),
        "can_manage": selectors.can_manage_network(actor=request.user),
    }
    return render(request, "capacity/node_list.html", context)
