"""Pages of the governance landscape: initiatives, their participants, representation."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from aigov.core.errors import NotFound
from aigov.landscape import selectors
from aigov.landscape.forms import RepresentationForm


def initiative_list(request: HttpRequest) -> HttpResponse:
    initiatives = selectors.initiative_list()
    return render(request, "landscape/initiative_list.html", {"initiatives": initiatives})


def initiative_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        initiative = selectors.initiative_get(slug=slug)
    except NotFound as missing:
        raise Http404 from missing
    return render(request, "landscape/initiative_detail.html", {"initiative": initiative})


def representation(request: HttpRequest) -> HttpResponse:
    form = RepresentationForm(request.GET or None)
    if request.GET and not form.is_valid():
        return render(request, "landscape/representation.html", {"form": form}, status=400)
    as_of = (form.cleaned_data.get("as_of") if request.GET else None) or timezone.localdate()
    summary = selectors.representation(as_of=as_of)
    context = {
        "form": form,
        "representation": summary,
        "map": selectors.representation_map(representation=summary),
        "matrix": selectors.representation_matrix(as_of=as_of),
    }
    return render(request, "landscape/representation.html", context)
