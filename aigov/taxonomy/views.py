"""Pages to browse the shared vocabulary."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from aigov.core.errors import NotFound
from aigov.core.http import is_htmx
from aigov.taxonomy import selectors
from aigov.taxonomy.forms import CountryFilterForm


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "taxonomy/index.html", {"summary": selectors.country_summary()})


def country_list(request: HttpRequest) -> HttpResponse:
    form = CountryFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    countries = selectors.country_list_by_name(
        un_member=filters.get("un_member"),
        regional_group=filters.get("regional_group") or None,
        income_group=filters.get("income_group") or None,
    )
    page = Paginator(countries, 60).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    template = "taxonomy/_country_table.html" if is_htmx(request) else "taxonomy/country_list.html"
    return render(request, template, {"form": form, "page": page, "query": query.urlencode()})


def country_detail(request: HttpRequest, code: str) -> HttpResponse:
    """The country's former page: its profile is the country's page now."""
    try:
        country = selectors.country_get_by_code(code=code)
    except NotFound as missing:
        raise Http404 from missing
    return redirect("countries:profile", iso3=country.iso3, permanent=True)


def country_profile(request: HttpRequest, iso3: str) -> HttpResponse:
    """What every module holds about one country that the reader may see."""
    try:
        country = selectors.country_get_by_code(code=iso3)
    except NotFound as missing:
        raise Http404 from missing
    if iso3 != country.iso3:  # "ken" or "KE": one address per country
        return redirect("countries:profile", iso3=country.iso3, permanent=True)
    profile = selectors.country_profile(
        actor=request.user, code=iso3, expand=request.GET.get("more") or None
    )
    return render(request, "taxonomy/country_profile.html", {"profile": profile})


def sdg_list(request: HttpRequest) -> HttpResponse:
    return render(request, "taxonomy/sdg_list.html", {"goals": selectors.sdg_list()})


def sdg_detail(request: HttpRequest, number: int) -> HttpResponse:
    try:
        goal = selectors.sdg_get(number=number)
    except NotFound as missing:
        raise Http404 from missing
    return render(request, "taxonomy/sdg_detail.html", {"goal": goal})


def risk_list(request: HttpRequest) -> HttpResponse:
    return render(request, "taxonomy/risk_list.html", {"domains": selectors.risk_domain_list()})


def lifecycle_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "taxonomy/lifecycle_list.html", {"schemes": selectors.lifecycle_scheme_list()}
    )


def language_list(request: HttpRequest) -> HttpResponse:
    languages = selectors.language_list_by_name()
    return render(request, "taxonomy/language_list.html", {"languages": languages})


def topic_list(request: HttpRequest) -> HttpResponse:
    topics = selectors.topic_list_by_name()
    return render(request, "taxonomy/topic_list.html", {"topics": topics})
