"""Pages of the digital library: personal and shared collections of catalogue offerings."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aigov.capacity import exchange, selectors, services
from aigov.capacity.library_forms import CollectionForm, SaveToCollectionForm, ShareForm
from aigov.capacity.models import Collection
from aigov.core.errors import DomainError
from aigov.core.exchange.files import FileFormat
from aigov.core.forms import show_service_errors
from aigov.core.http import get_or_404, run_with_message, table_download
from aigov.core.pagination import page_of


def _collection(request: HttpRequest, pk: int) -> Collection:
    collection: Collection = get_or_404(selectors.collection_get, actor=request.user, pk=pk)
    return collection


def library(request: HttpRequest) -> HttpResponse:
    """My collections, those shared with me, public ones; a signed-in member starts one here."""
    form = CollectionForm(request.POST or None) if request.user.is_authenticated else None
    if request.method == "POST":
        if form is None:
            return redirect_to_login(request.get_full_path())
        if form.is_valid():
            try:
                collection = services.collection_create(actor=request.user, **form.values())
            except (DomainError, ValidationError) as error:
                show_service_errors(form, error)
            else:
                messages.success(
                    request, _("Collection started. Add offerings from the catalogue.")
                )
                return redirect(collection.get_absolute_url())
    library = selectors.library_of(actor=request.user)
    context = {
        "own": page_of(request, library.own, parameter="own"),
        "shared_with_me": page_of(request, library.shared_with_me, parameter="shared"),
        "public": page_of(request, library.public, parameter="public"),
        "form": form,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "capacity/library.html", context, status=status)


def collection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A collection; `?format=csv|xlsx|json` downloads its offerings."""
    collection = _collection(request, pk)
    items = selectors.collection_items(actor=request.user, collection=collection)
    file_format = request.GET.get("format")
    if file_format:
        return table_download(
            file_format=file_format,
            columns=exchange.COLLECTION_ITEM_COLUMNS,
            rows=exchange.collection_item_rows(items, base=request.build_absolute_uri("/")),
            name=f"collection-{collection.pk}",
        )
    can_change = selectors.can_change_collection(actor=request.user, collection=collection)
    context = {
        "collection": collection,
        "items": items,
        "members": selectors.collection_members(actor=request.user, collection=collection),
        "can_change": can_change,
        "can_curate": selectors.can_curate_collection(actor=request.user, collection=collection),
        "share_form": ShareForm() if can_change else None,
        "formats": [f.value for f in FileFormat],
    }
    return render(request, "capacity/collection_detail.html", context)


@login_required
def collection_edit(request: HttpRequest, pk: int) -> HttpResponse:
    collection = _collection(request, pk)
    if not selectors.can_change_collection(actor=request.user, collection=collection):
        raise Http404
    form = CollectionForm(request.POST or None, collection=collection)
    if request.method == "POST":
        if "delete" in request.POST:
            services.collection_delete(actor=request.user, collection=collection)
            messages.success(request, _("The collection is deleted."))
            return redirect("capacity:library")
        if form.is_valid():
            try:
                services.collection_update(
                    actor=request.user, collection=collection, **form.values()
                )
            except (DomainError, ValidationError) as error:
                show_service_errors(form, error)
            else:
                messages.success(request, _("The collection is saved."))
                return redirect(collection.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "collection": collection}
    return render(request, "capacity/collection_form.html", context, status=status)


def _curated_item(request: HttpRequest, pk: int, item: int) -> tuple[Collection, Any]:
    """Return a collection and one of its items that the actor curates; 404 otherwise."""
    collection = _collection(request, pk)
    row = get_or_404(
        selectors.collection_item_get, actor=request.user, collection=collection, pk=item
    )
    if not selectors.can_curate_collection(actor=request.user, collection=collection):
        raise Http404
    return collection, row


@login_required
@require_POST
def save_offering(request: HttpRequest, slug: str) -> HttpResponse:
    """Add an offering to one of the actor's collections (the form on the offering's page)."""
    offering = get_or_404(selectors.offering_get, actor=request.user, slug=slug)
    collections = selectors.curatable_collections(actor=request.user)
    form = SaveToCollectionForm(request.POST, collections=collections)
    if not form.is_valid():
        messages.error(request, _("Choose one of your collections."))
        return redirect(offering.get_absolute_url())
    collection = next(c for c in collections if str(c.pk) == form.cleaned_data["collection"])
    run_with_message(
        request,
        lambda: services.collection_item_add(
            actor=request.user,
            collection=collection,
            offering=offering,
            note=form.cleaned_data["note"],
        ),
        _("Saved to the collection."),
    )
    return redirect(offering.get_absolute_url())


@login_required
@require_POST
def item_remove(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    collection, row = _curated_item(request, pk, item)
    run_with_message(
        request,
        lambda: services.collection_item_remove(actor=request.user, item=row),
        _("Removed from the collection."),
    )
    return redirect(collection.get_absolute_url())


@login_required
@require_POST
def item_move(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    collection, row = _curated_item(request, pk, item)
    step = -1 if request.POST.get("direction") == "up" else 1
    run_with_message(
        request,
        lambda: services.collection_item_move(actor=request.user, item=row, step=step),
        _("Moved."),
    )
    return redirect(collection.get_absolute_url())


@login_required
@require_POST
def share(request: HttpRequest, pk: int) -> HttpResponse:
    collection = _collection(request, pk)
    if not selectors.can_change_collection(actor=request.user, collection=collection):
        raise Http404
    form = ShareForm(request.POST)
    if form.is_valid():
        run_with_message(
            request,
            lambda: services.collection_share(
                actor=request.user,
                collection=collection,
                email=form.cleaned_data["email"],
                can_edit=form.cleaned_data["can_edit"],
            ),
            _("The collection is shared."),
        )
    else:
        messages.error(request, _("Give the e-mail address of an account."))
    return redirect(collection.get_absolute_url())


@login_required
@require_POST
def unshare(request: HttpRequest, pk: int, member: int) -> HttpResponse:
    collection = _collection(request, pk)
    row = get_or_404(selectors.collection_member_get, collection=collection, pk=member)
    leaving = row.user_id == request.user.pk
    if not leaving and not selectors.can_change_collection(
        actor=request.user, collection=collection
    ):
        raise Http404
    run_with_message(
        request,
        lambda: services.collection_unshare(actor=request.user, member=row),
        _("You left the collection.") if leaving else _("No longer shared with them."),
    )
    return redirect("capacity:library" if leaving else collection.get_absolute_url())
