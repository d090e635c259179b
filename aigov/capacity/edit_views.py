"""Pages that edit the network and the catalogue: offerings, course content, nodes, providers.

Who may use each page is decided by the services' rules; a page somebody may not use answers
404, like a record they may not see. Every form keeps what was typed when a service refuses it,
with the service's reason beside the field it names.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aigov.capacity import exchange, selectors, services
from aigov.capacity.edit_forms import (
    ContentUploadForm,
    LessonForm,
    ModuleForm,
    NodeForm,
    OfferingForm,
    ProviderForm,
    QuestionForm,
)
from aigov.capacity.models import Lesson, Node, Offering
from aigov.core.errors import DomainError
from aigov.core.exchange.page import import_page
from aigov.core.forms import language_values, show_service_errors
from aigov.core.http import (
    error_text,
    get_or_404,
    json_attachment,
    run_with_message,
    table_download,
)
from aigov.taxonomy.selectors import topic_list

# Offerings -------------------------------------------------------------------------------------


def _offering_form(request: HttpRequest, offering: Offering | None = None) -> OfferingForm:
    actor = request.user
    # A link from a node's page names the node the new offering belongs to.
    initial = {} if offering is not None else {"node": request.GET.get("node", "")}
    nodes = list(selectors.offering_nodes_for(actor=actor))
    if offering is not None and offering.node is not None and offering.node not in nodes:
        nodes.append(offering.node)
    return OfferingForm(
        request.POST or None,
        topics=list(topic_list()),
        providers=list(selectors.providers_for(actor=actor)),
        nodes=nodes,
        allow_no_node=selectors.can_manage_network(actor=actor),
        offering=offering,
        **({"initial": initial} if initial else {}),
    )


def _resolve(values: dict[str, Any]) -> dict[str, Any]:
    """Turn the form's provider and node slugs into records (NotFound names the field)."""
    values["provider"] = selectors.provider_get(slug=values["provider"])
    node = values.pop("node")
    values["node"] = selectors.node_get(slug=node) if node else None
    return values


def _offering_page(request: HttpRequest, offering: Offering | None) -> HttpResponse:
    """The offering form: a new offering, or changes to `offering`."""
    form = _offering_form(request, offering)
    if request.method == "POST" and form.is_valid():
        actor = request.user
        try:
            if offering is None:
                saved = services.offering_create(actor=actor, **_resolve(form.values()))
            else:
                saved = services.offering_update(
                    actor=actor, offering=offering, **_resolve(form.values())
                )
        except (DomainError, ValidationError) as error:
            show_service_errors(form, error)
        else:
            done = (
                _("The offering is saved.") if offering else _("The offering is in the catalogue.")
            )
            messages.success(request, done)
            return redirect(saved.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "offering": offering}
    return render(request, "capacity/offering_form.html", context, status=status)


@login_required
def offering_create(request: HttpRequest) -> HttpResponse:
    if not selectors.can_create_offering(actor=request.user):
        raise Http404
    return _offering_page(request, None)


@login_required
def offering_edit(request: HttpRequest, slug: str) -> HttpResponse:
    offering = get_or_404(selectors.offering_get, actor=request.user, slug=slug)
    if not selectors.can_change_offering(actor=request.user, offering=offering):
        raise Http404
    return _offering_page(request, offering)


@login_required
def offering_import(request: HttpRequest) -> HttpResponse:
    """Import offerings from a file (checked first; applied only without errors), and download
    the offerings the actor may edit in the same columns (`?format=csv|xlsx|json`)."""
    if not selectors.can_create_offering(actor=request.user):
        raise Http404
    file_format = request.GET.get("format")
    if file_format:
        return table_download(
            file_format=file_format,
            columns=exchange.COLUMNS,
            rows=exchange.editable_offering_rows(actor=request.user),
            name="capacity-offerings",
        )
    return import_page(request, slug="capacity-offerings", template="capacity/offering_import.html")


# Course content ---------------------------------------------------------------------------------


def _editable_course(request: HttpRequest, slug: str) -> Offering:
    offering: Offering = get_or_404(selectors.offering_get, actor=request.user, slug=slug)
    if offering.kind != Offering.Kind.SELF_PACED_COURSE or not selectors.can_change_offering(
        actor=request.user, offering=offering
    ):
        raise Http404
    return offering


def _content_page(
    request: HttpRequest,
    offering: Offering,
    *,
    module_form: ModuleForm | None = None,
    upload_form: ContentUploadForm | None = None,
    lesson_forms: dict[int, LessonForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    modules = list(offering.modules.all())
    forms_by_module = lesson_forms or {}
    context = {
        "offering": offering,
        "modules": [
            (module, forms_by_module.get(module.pk) or LessonForm(prefix=f"m{module.pk}"))
            for module in modules
        ],
        "module_form": module_form or ModuleForm(),
        "upload_form": upload_form or ContentUploadForm(),
        "enrolled": selectors.has_enrolments(offering=offering),
    }
    return render(request, "capacity/course_content.html", context, status=status)


@login_required
def course_content(request: HttpRequest, slug: str) -> HttpResponse:
    """The course editor; `?format=json` downloads the content as JSON."""
    offering = _editable_course(request, slug)
    if request.GET.get("format") == "json":
        return json_attachment(
            {"modules": selectors.course_content(offering=offering)},
            filename=f"{offering.slug}-content.json",
        )
    return _content_page(request, offering)


def _content_action(
    request: HttpRequest, offering: Offering, action: Callable[[], Any], success: str
) -> HttpResponse | None:
    """Run a content service: back to the course editor, or None (the reason shown) if refused."""
    if run_with_message(request, action, success):
        return redirect("capacity:course-content", offering.slug)
    return None


@login_required
@require_POST
def module_add(request: HttpRequest, slug: str) -> HttpResponse:
    offering = _editable_course(request, slug)
    form = ModuleForm(request.POST)
    if form.is_valid():
        done = _content_action(
            request,
            offering,
            lambda: services.course_module_add(
                actor=request.user, offering=offering, titles=form.titles()
            ),
            _("Module added."),
        )
        if done is not None:
            return done
    return _content_page(request, offering, module_form=form, status=400)


@login_required
def module_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    offering = _editable_course(request, slug)
    module = get_or_404(selectors.module_get, offering=offering, pk=pk)
    form = ModuleForm(request.POST or None, module=module)
    if request.method == "POST":
        if "delete" in request.POST:
            done = _content_action(
                request,
                offering,
                lambda: services.course_module_delete(actor=request.user, module=module),
                _("Module removed."),
            )
            return done or redirect("capacity:course-content", offering.slug)
        if form.is_valid():
            done = _content_action(
                request,
                offering,
                lambda: services.course_module_update(
                    actor=request.user, module=module, titles=form.titles()
                ),
                _("Module saved."),
            )
            if done is not None:
                return done
    status = 400 if request.method == "POST" else 200
    context = {"offering": offering, "module": module, "form": form}
    return render(request, "capacity/module_form.html", context, status=status)


@login_required
@require_POST
def lesson_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    offering = _editable_course(request, slug)
    module = get_or_404(selectors.module_get, offering=offering, pk=pk)
    form = LessonForm(request.POST, prefix=f"m{module.pk}")
    if form.is_valid():
        values = form.values()
        done = _content_action(
            request,
            offering,
            lambda: services.lesson_add(
                actor=request.user, module=module, kind=form.cleaned_data["kind"], **values
            ),
            _("Lesson added."),
        )
        if done is not None:
            return done
    return _content_page(request, offering, lesson_forms={module.pk: form}, status=400)


@login_required
def lesson_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    offering = _editable_course(request, slug)
    lesson: Lesson = get_or_404(selectors.lesson_get, offering=offering, pk=pk)
    form = LessonForm(request.POST or None, lesson=lesson)
    question_form = QuestionForm(prefix="question")
    if request.method == "POST":
        if "delete" in request.POST:
            done = _content_action(
                request,
                offering,
                lambda: services.lesson_delete(actor=request.user, lesson=lesson),
                _("Lesson removed."),
            )
            return done or redirect("capacity:course-content", offering.slug)
        if form.is_valid():
            try:
                services.lesson_update(actor=request.user, lesson=lesson, **form.values())
            except (DomainError, ValidationError) as error:
                show_service_errors(form, error)
            else:
                messages.success(request, _("Lesson saved."))
                return redirect("capacity:lesson-edit", offering.slug, lesson.pk)
    status = 400 if request.method == "POST" else 200
    return _lesson_page(request, offering, lesson, form, question_form, status)


def _lesson_page(
    request: HttpRequest,
    offering: Offering,
    lesson: Lesson,
    form: LessonForm,
    question_form: QuestionForm,
    status: int,
) -> HttpResponse:
    context = {
        "offering": offering,
        "lesson": lesson,
        "form": form,
        "question_form": question_form,
        "enrolled": selectors.has_enrolments(offering=offering),
    }
    return render(request, "capacity/lesson_form.html", context, status=status)


@login_required
@require_POST
def question_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    offering = _editable_course(request, slug)
    lesson: Lesson = get_or_404(selectors.lesson_get, offering=offering, pk=pk)
    question_form = QuestionForm(request.POST, prefix="question")
    if question_form.is_valid():
        try:
            services.quiz_question_add(actor=request.user, lesson=lesson, **question_form.values())
        except (DomainError, ValidationError) as error:
            show_service_errors(question_form, error)
        else:
            messages.success(request, _("Question added."))
            return redirect("capacity:lesson-edit", offering.slug, lesson.pk)
    form = LessonForm(lesson=lesson)
    return _lesson_page(request, offering, lesson, form, question_form, 400)


@login_required
@require_POST
def question_delete(request: HttpRequest, slug: str, pk: int, question: int) -> HttpResponse:
    offering = _editable_course(request, slug)
    lesson: Lesson = get_or_404(selectors.lesson_get, offering=offering, pk=pk)
    row = get_or_404(selectors.question_get, lesson=lesson, pk=question)
    try:
        services.quiz_question_delete(actor=request.user, question=row)
    except DomainError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Question removed."))
    return redirect("capacity:lesson-edit", offering.slug, lesson.pk)


@login_required
@require_POST
def content_upload(request: HttpRequest, slug: str) -> HttpResponse:
    """Replace the whole course with an uploaded JSON file (the download's shape)."""
    offering = _editable_course(request, slug)
    form = ContentUploadForm(request.POST, request.FILES)
    if form.is_valid():
        content = form.cleaned_data["content"]
        # The download's {"modules": [...]}, or the bare list of modules.
        modules: Any = content.get("modules") if isinstance(content, dict) else content
        try:
            services.course_content_set(actor=request.user, offering=offering, modules=modules)
        except (DomainError, ValidationError) as error:
            form.add_error("content", error_text(error))
        else:
            messages.success(request, _("The course content is replaced by the file's."))
            return redirect("capacity:course-content", offering.slug)
    return _content_page(request, offering, upload_form=form, status=400)


# Nodes and providers ----------------------------------------------------------------------------


def node_detail(request: HttpRequest, slug: str) -> HttpResponse:
    detail = get_or_404(selectors.node_detail, actor=request.user, slug=slug)
    return render(request, "capacity/node_detail.html", {"detail": detail})


def _save_node(request: HttpRequest, form: NodeForm, node: Node | None) -> Node | None:
    values = form.values()
    emails = form.operator_emails()
    try:
        operators = None if emails is None else selectors.operators_by_email(emails=emails)
        if node is None:
            return services.node_create(actor=request.user, operators=operators, **values)
        return services.node_update(actor=request.user, node=node, operators=operators, **values)
    except (DomainError, ValidationError) as error:
        show_service_errors(form, error)
        return None


@login_required
def node_create(request: HttpRequest) -> HttpResponse:
    if not selectors.can_manage_network(actor=request.user):
        raise Http404
    form = NodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        node = _save_node(request, form, None)
        if node is not None:
            messages.success(request, _("The node is part of the network."))
            return redirect("capacity:node-detail", node.slug)
    status = 400 if request.method == "POST" else 200
    return render(request, "capacity/node_form.html", {"form": form, "node": None}, status=status)


@login_required
def node_edit(request: HttpRequest, slug: str) -> HttpResponse:
    detail = get_or_404(selectors.node_detail, actor=request.user, slug=slug)
    if not detail.can_change:
        raise Http404
    form = NodeForm(
        request.POST or None,
        node=detail.node,
        may_name_operators=selectors.can_manage_network(actor=request.user),
    )
    if request.method == "POST" and form.is_valid():
        node = _save_node(request, form, detail.node)
        if node is not None:
            messages.success(request, _("The node is saved."))
            return redirect("capacity:node-detail", node.slug)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "node": detail.node}
    return render(request, "capacity/node_form.html", context, status=status)


def _provider_form(request: HttpRequest, provider: Any = None) -> ProviderForm:
    return ProviderForm(
        request.POST or None,
        nodes=list(selectors.offering_nodes_for(actor=request.user)),
        allow_no_node=selectors.can_manage_network(actor=request.user),
        provider=provider,
    )


@login_required
def provider_create(request: HttpRequest) -> HttpResponse:
    if not selectors.offering_nodes_for(actor=request.user).exists():
        raise Http404
    form = _provider_form(request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            provider = services.provider_create(
                actor=request.user,
                slug=data["slug"],
                names=language_values(data, "name"),
                node=selectors.node_get(slug=data["node"]) if data.get("node") else None,
                contributions=list(data.get("contributions") or []),
            )
        except (DomainError, ValidationError) as error:
            show_service_errors(form, error)
        else:
            messages.success(request, _("The provider is added."))
            if provider.node is not None:
                return redirect("capacity:node-detail", provider.node.slug)
            return redirect("capacity:node-list")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "provider": None}
    return render(request, "capacity/provider_form.html", context, status=status)


@login_required
def provider_edit(request: HttpRequest, slug: str) -> HttpResponse:
    provider = get_or_404(selectors.provider_get, slug=slug)
    if not selectors.can_change_provider(actor=request.user, provider=provider):
        raise Http404
    form = _provider_form(request, provider)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        node: Any = False
        if selectors.can_manage_network(actor=request.user):
            node = selectors.node_get(slug=data["node"]) if data.get("node") else None
        try:
            provider = services.provider_update(
                actor=request.user,
                provider=provider,
                names=language_values(data, "name"),
                contributions=list(data.get("contributions") or []),
                node=node,
            )
        except (DomainError, ValidationError) as error:
            show_service_errors(form, error)
        else:
            messages.success(request, _("The provider is saved."))
            if provider.node is not None:
                return redirect("capacity:node-detail", provider.node.slug)
            return redirect("capacity:node-list")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "provider": provider}
    return render(request, "capacity/provider_form.html", context, status=status)
