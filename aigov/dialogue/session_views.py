"""Pages where the secretariat runs a session (details, outcome, segments, agenda and its
links, statements awaiting publication) and where participants make statements and attach
documents. Each view parses a form and calls one service; rules decide who may act."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aigov.accounts.access import has
from aigov.core.errors import DomainError, InvalidInput, NotFound
from aigov.core.forms import show_service_errors
from aigov.dialogue import selectors, services
from aigov.dialogue.documents import document_response
from aigov.dialogue.forms import (
    AgendaItemForm,
    DocumentForm,
    SegmentForm,
    SessionForm,
    StatementForm,
    language_values,
)


def or_404(call: Any, **kwargs: Any) -> Any:
    """Return what the selector `call` returns; a NotFound becomes the 404 page."""
    try:
        return call(**kwargs)
    except NotFound as missing:
        raise Http404 from missing


def refused(request: HttpRequest, failure: DomainError) -> None:
    """Show a refused action's message and each of its errors."""
    messages.error(
        request,
        "; ".join([str(failure.message)] + [str(e.get("message")) for e in failure.errors]),
    )


def _manager(request: HttpRequest) -> None:
    # Pages of the secretariat do not exist for anyone else.
    if not has(request.user, "dialogue.manage_sessions"):
        raise Http404


def _form_page(
    request: HttpRequest, template: str, context: dict[str, Any], *, failed: bool
) -> HttpResponse:
    return render(request, template, context, status=400 if failed else 200)


@login_required
def session_create(request: HttpRequest) -> HttpResponse:
    _manager(request)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_create(actor=request.user, **form.values())
        except DomainError as failure:
            show_service_errors(form, failure)
        else:
            messages.success(request, _("The session was created."))
            return redirect("dialogue:session-manage", slug=session.slug)
    context = {"form": form, "session": None}
    return _form_page(request, "dialogue/session_form.html", context, failed=form.is_bound)


@login_required
def session_manage(request: HttpRequest, slug: str) -> HttpResponse:
    _manager(request)
    session = or_404(selectors.session_get, actor=request.user, slug=slug)
    form = SessionForm(request.POST or None, session=session)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_update(actor=request.user, session=session, changes=form.values())
        except InvalidInput as failure:
            show_service_errors(form, failure)
        else:
            messages.success(request, _("Saved."))
            return redirect("dialogue:session-manage", slug=session.slug)
    context = {
        "session": session,
        "form": form,
        "segment_form": SegmentForm(),
        "document_form": DocumentForm(),
        "agenda_reports": selectors.agenda_incident_reports(actor=request.user, session=session),
    }
    return _form_page(request, "dialogue/session_manage.html", context, failed=form.is_bound)


@require_POST
@login_required
def segment_add(request: HttpRequest, slug: str) -> HttpResponse:
    _manager(request)
    session = or_404(selectors.session_get, actor=request.user, slug=slug)
    form = SegmentForm(request.POST)
    if form.is_valid():
        try:
            services.segment_add(
                actor=request.user,
                session=session,
                kind=form.cleaned_data["kind"],
                position=form.cleaned_data["position"] or 0,
                titles=language_values(form.cleaned_data, "title"),
            )
        except DomainError as failure:
            refused(request, failure)
        else:
            messages.success(request, _("The segment was added."))
    else:
        messages.error(request, _("The form is not valid; nothing was changed."))
    return redirect("dialogue:session-manage", slug=slug)


@require_POST
@login_required
def segment_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    _manager(request)
    session = or_404(selectors.session_get, actor=request.user, slug=slug)
    segment = or_404(selectors.segment_get, actor=request.user, session=session, pk=pk)
    services.segment_remove(actor=request.user, segment=segment)
    messages.success(request, _("The segment was removed."))
    return redirect("dialogue:session-manage", slug=slug)


@login_required
def agenda_item_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    _manager(request)
    session = or_404(selectors.session_get, actor=request.user, slug=slug)
    item = (
        or_404(selectors.agenda_item_get, actor=request.user, session=session, pk=pk)
        if pk
        else None
    )
    numbers = selectors.agenda_item_incident_numbers(actor=request.user, item=item) if item else []
    form = AgendaItemForm(
        request.POST or None, session=session, item=item, incident_numbers=numbers
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            links = selectors.link_targets(
                actor=request.user,
                incidents=data["incidents"],
                policies=data["policies"],
                standards=data["standards"],
                reports=data["reports"],
            )
            segment = (
                selectors.segment_get(actor=request.user, session=session, pk=data["segment"])
                if data.get("segment")
                else None
            )
            values = {
                **form.values(),
                "segment": segment,
                "incidents": links.incidents,
                "policies": links.policies,
                "standards": links.standards,
                "reports": links.reports,
            }
            if item is None:
                services.agenda_item_add(actor=request.user, session=session, **values)
            else:
                services.agenda_item_update(actor=request.user, item=item, **values)
        except DomainError as failure:
            show_service_errors(form, failure)
        else:
            messages.success(request, _("The agenda was saved."))
            return redirect("dialogue:session-manage", slug=slug)
    context = {"session": session, "item": item, "form": form}
    return _form_page(request, "dialogue/agenda_item_form.html", context, failed=form.is_bound)


@require_POST
@login_required
def agenda_item_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    _manager(request)
    session = or_404(selectors.session_get, actor=request.user, slug=slug)
    item = or_404(selectors.agenda_item_get, actor=request.user, session=session, pk=pk)
    services.agenda_item_remove(actor=request.user, item=item)
    messages.success(request, _("The agenda item was removed."))
    return redirect("dialogue:session-manage", slug=slug)


@login_required
def statement_create(request: HttpRequest, slug: str) -> HttpResponse:
    session = or_404(selectors.session_get, actor=request.user, slug=slug)
    if not has(request.user, "dialogue.submit_statement"):
        raise Http404
    form = StatementForm(request.POST or None, request.FILES or None, session=session)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            statement = services.statement_submit_with_document(
                actor=request.user,
                session=session,
                kind=data["kind"],
                speaker=data["speaker"],
                agenda_item=(
                    selectors.agenda_item_get(
                        actor=request.user, session=session, pk=data["agenda_item"]
                    )
                    if data.get("agenda_item")
                    else None
                ),
                language=data["language"],
                title=data["title"],
                text=data["text"],
                upload=data.get("document"),
            )
        except DomainError as failure:
            show_service_errors(form, failure)
        else:
            if statement.status == statement.Status.PUBLISHED:
                messages.success(request, _("Your statement is published."))
            else:
                messages.success(
                    request, _("Your statement was received; the secretariat will publish it.")
                )
            return redirect(session.get_absolute_url())
    context = {"session": session, "form": form}
    return _form_page(request, "dialogue/statement_form.html", context, failed=form.is_bound)


def _attempt(request: HttpRequest, action: Any, done: str) -> None:
    """Run a service call; show its refusal, or `done` when it succeeded."""
    try:
        action()
    except DomainError as failure:
        refused(request, failure)
    else:
        messages.success(request, done)


@require_POST
@login_required
def statement_publish(request: HttpRequest, pk: int) -> HttpResponse:
    statement = or_404(selectors.statement_get, actor=request.user, pk=pk)
    _attempt(
        request,
        lambda: services.statement_publish(actor=request.user, statement=statement),
        _("The statement is published."),
    )
    return redirect(statement.session.get_absolute_url())


@require_POST
@login_required
def statement_remove(request: HttpRequest, pk: int) -> HttpResponse:
    statement = or_404(selectors.statement_get, actor=request.user, pk=pk)
    _attempt(
        request,
        lambda: services.statement_remove(actor=request.user, statement=statement),
        _("The statement was removed."),
    )
    return redirect(statement.session.get_absolute_url())


@require_POST
@login_required
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    statement = or_404(selectors.statement_get, actor=request.user, pk=pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.statement_document_attach(
                actor=request.user,
                statement=statement,
                language=form.cleaned_data["language"],
                upload=form.cleaned_data["document"],
            )
        except DomainError as failure:
            refused(request, failure)
        else:
            messages.success(request, _("The document was attached."))
    else:
        messages.error(request, _("Choose a language and a file; nothing was changed."))
    return redirect(statement.session.get_absolute_url())


def document_download(request: HttpRequest, pk: int) -> Any:
    return document_response(or_404(selectors.document_get, actor=request.user, pk=pk))


@require_POST
@login_required
def document_remove(request: HttpRequest, pk: int) -> HttpResponse:
    document = or_404(selectors.document_get, actor=request.user, pk=pk)
    _attempt(
        request,
        lambda: services.statement_document_remove(actor=request.user, document=document),
        _("The document was removed."),
    )
    return redirect(document.statement.session.get_absolute_url())
