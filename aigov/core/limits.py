"""Refuse a request body that is too large, or nests JSON too deeply, before anything reads it.

Under WSGI a request body is read only as far as its Content-Length says (Django's LimitedStream),
so the header is the size: a body larger than AIGOV_MAX_UPLOAD_BYTES (a multipart upload) or
DATA_UPLOAD_MAX_MEMORY_SIZE (any other body, as Django counts it) is answered with 413 at once,
unread. Form fields of a multipart upload count towards DATA_UPLOAD_MAX_MEMORY_SIZE as Django
parses them; the upload is parsed here so that a refusal is a 413 too, instead of the 400 Django
answers from inside the CSRF check. An /api/ body that nests deeper than AIGOV_MAX_JSON_DEPTH is
answered with 400 before the API parses it, where it would end in RecursionError. An /api/ body
of any type but JSON (`application/json` or `application/*+json`) or an upload
(`multipart/form-data`) is answered with 415: the API would otherwise read a `text/plain` or
form-encoded body as JSON all the same (ASVS 13.1.5, docs/security.md). The one exception is
the credential verifier, whose contract is an answer of its own shape for any body at all
(`curl -d @credential.json` sends a form type).

/api/ answers with a problem document, pages with a page that says what to do. The proxy in
front of the server should refuse large bodies too (README, "Imports and exports").
"""

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from aigov.core.exchange.limits import json_nesting_depth, size_text


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _declared_length(request: HttpRequest) -> int:
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0  # as Django reads it: the body is then not read at all


def _body_limit(request: HttpRequest) -> int:
    """The largest body this request may carry: an upload, or a body Django keeps in memory."""
    uploads: int = settings.AIGOV_MAX_UPLOAD_BYTES
    if request.content_type == "multipart/form-data":
        return uploads
    in_memory = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return uploads if in_memory is None else min(uploads, in_memory)


class RequestLimitsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        length, limit = _declared_length(request), _body_limit(request)
        if length > limit:
            return _too_large(request, limit)
        if length and request.content_type == "multipart/form-data":
            try:
                request.POST  # noqa: B018 - parse now, where a refusal can still be a 413
            except RequestDataTooBig:
                return _too_large(request, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        elif length and _is_api(request):  # the API parses any body as JSON
            if not _is_json(request.content_type) and request.path not in ANY_BODY_TYPE:
                return _unsupported_type(request)
            depth = json_nesting_depth(request.body)
            if depth > settings.AIGOV_MAX_JSON_DEPTH:
                return _too_deep(request, depth)
        return self.get_response(request)


# Operations that read any body as it comes and answer it in their own shape.
ANY_BODY_TYPE = frozenset({"/api/capacity/credentials/verify"})


def _is_json(content_type: str | None) -> bool:
    kind = (content_type or "").lower()
    return kind == "application/json" or (
        kind.startswith("application/") and kind.endswith("+json")
    )


def _unsupported_type(request: HttpRequest) -> HttpResponse:
    from aigov.core.api import problem_response

    message = _(
        "The body was sent as %(type)s. The API reads JSON: send it with the header "
        "Content-Type: application/json (files: multipart/form-data)."
    ) % {"type": request.content_type or _("no type")}
    return problem_response(
        request,
        status=415,
        code="unsupported_media_type",
        title=_("Unsupported body type"),
        detail=message,
    )


def _too_large(request: HttpRequest, limit: int) -> HttpResponse:
    message = _(
        "The request is larger than %(limit)s, the most this server accepts; nothing was saved. "
        "Send a smaller file, or split it into several."
    ) % {"limit": size_text(limit)}
    if _is_api(request):
        from aigov.core.api import problem_response  # the API's one error format

        return problem_response(
            request, status=413, code="too_large", title=_("Request too large"), detail=message
        )
    context = {"title": _("The file is too large"), "message": message}
    return render(request, "core/request_refused.html", context, status=413)


def _too_deep(request: HttpRequest, depth: int) -> HttpResponse:
    from aigov.core.api import problem_response

    message = _(
        "The JSON body nests %(depth)d levels deep; at most %(limit)d levels are accepted."
    ) % {"depth": depth, "limit": settings.AIGOV_MAX_JSON_DEPTH}
    return problem_response(
        request, status=400, code="too_deep", title=_("JSON nested too deeply"), detail=message
    )
